package hca.transfer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The four checksums by which the DSS identifies file content, as lower-case hex: sha256, sha1,
 * the S3 ETag (plain MD5 up to 64 MiB, else the multipart form {@code md5-N}) and CRC-32C.
 */
public record Checksums(String sha256, String sha1, String s3Etag, String crc32c) {

  /** User-metadata keys under which a staged object carries its checksums. */
  public static final String META_SHA256 = "hca-dss-sha256";

  public static final String META_SHA1 = "hca-dss-sha1";
  public static final String META_S3_ETAG = "hca-dss-s3_etag";
  public static final String META_CRC32C = "hca-dss-crc32c";

  public static final Pattern SHA256 = Pattern.compile("^[a-z0-9]{64}$");
  public static final Pattern SHA1 = Pattern.compile("^[a-z0-9]{40}$");
  public static final Pattern S3_ETAG =
      Pattern.compile("^[a-z0-9]{32}(-([2-9]|[1-8][0-9]|9[0-9]|[1-8][0-9]{2}|9[0-9]{2}|[1-8][0-9]{3}|9[0-9]{3}|10000))?$");
  public static final Pattern CRC32C = Pattern.compile("^[a-z0-9]{8}$");

  public Checksums {
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(sha1, "sha1");
    Objects.requireNonNull(s3Etag, "s3Etag");
    Objects.requireNonNull(crc32c, "crc32c");
  }

  /** The key of this content in a DSS replica: {@code blobs/{sha256}.{sha1}.{s3_etag}.{crc32c}}. */
  public String blobKey() {
    return "blobs/" + sha256 + "." + sha1 + "." + s3Etag + "." + crc32c;
  }

  /** The {@code hca-dss-*} user metadata a staged object carries for the DSS to read. */
  public Map<String, String> stagingMetadata() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(META_SHA256, sha256);
    m.put(META_SHA1, sha1);
    m.put(META_S3_ETAG, s3Etag);
    m.put(META_CRC32C, crc32c);
    return m;
  }

  /** Whether each value has the DSS's format for it. */
  public boolean wellFormed() {
    return SHA256.matcher(sha256).matches()
        && SHA1.matcher(sha1).matches()
        && S3_ETAG.matcher(s3Etag).matches()
        && CRC32C.matcher(crc32c).matches();
  }
}
