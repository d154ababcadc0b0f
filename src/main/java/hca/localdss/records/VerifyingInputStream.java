package hca.localdss.records;

import hca.transfer.Checksummer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * Computes, while a blob is copied, the checksums a cloud would have computed for it: CRC-32C
 * always, and for objects above the multipart threshold the multipart S3 ETag (a single-part
 * ETag is the plain MD5 the S3 store computes itself).
 */
final class VerifyingInputStream extends FilterInputStream {

  private final CRC32C crc = new CRC32C();
  private final boolean multipart;
  private final long partSize;
  private final MessageDigest part;
  private final MessageDigest ofParts;
  private long partFill;
  private int parts;
  private String etag;

  VerifyingInputStream(InputStream in, long size) {
    super(in);
    multipart = size > Checksummer.MULTIPART_THRESHOLD;
    partSize = Checksummer.partSize(size);
    try {
      part = multipart ? MessageDigest.getInstance("MD5") : null;
      ofParts = multipart ? MessageDigest.getInstance("MD5") : null;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      crc.update(b, off, n);
      if (multipart) {
        int o = off;
        int left = n;
        while (left > 0) {
          int k = (int) Math.min(left, partSize - partFill);
          part.update(b, o, k);
          partFill += k;
          o += k;
          left -= k;
          if (partFill == partSize) {
            ofParts.update(part.digest());
            parts++;
            partFill = 0;
          }
        }
      }
    }
    return n;
  }

  String crc32c() {
    return String.format("%08x", crc.getValue());
  }

  /**
   * The multipart ETag, or null for a single-part object; the same on every call (the digest
   * it finishes can be finished only once).
   */
  String multipartEtag() {
    if (!multipart) {
      return null;
    }
    if (etag == null) {
      if (partFill > 0) {
        ofParts.update(part.digest());
        parts++;
        partFill = 0;
      }
      etag = HexFormat.of().formatHex(ofParts.digest()) + "-" + parts;
    }
    return etag;
  }
}
