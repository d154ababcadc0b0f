package hca.localdss.records;

import hca.localdss.api.DssException;
import hca.localdss.store.KeyConfinement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code s3://bucket/key} or {@code gs://bucket/key} source of PUT /files. Bucket names follow
 * the clouds' rules, and a key must stay inside its bucket however it is read, percent-decoded
 * included.
 */
record SourceUrl(String scheme, String bucket, String key) {

  private static final Pattern URL = Pattern.compile("^(s3|gs|wasb)://([^/]+)/(.+)$", Pattern.DOTALL);
  private static final Pattern BUCKET = Pattern.compile("^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$");
  private static final Pattern ESCAPE = Pattern.compile("%([0-9a-fA-F]{2})");
  /** Percent-decoding rounds tried: enough for a double-encoded {@code %252e}. */
  private static final int DECODE_ROUNDS = 3;

  static SourceUrl parse(String url) {
    Matcher m = URL.matcher(url == null ? "" : url);
    if (!m.matches()) {
      throw DssException.illegalArguments(
          "source_url must be of the form s3://bucket/key or gs://bucket/key");
    }
    if (m.group(1).equals("wasb")) {
      throw new DssException(400, "unknown_source_schema", "Unknown source URL schema 'wasb'");
    }
    String bucket = m.group(2);
    String key = m.group(3);
    if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw DssException.illegalArguments("source_url names an invalid bucket");
    }
    if (!staysInBucket(key)) {
      throw DssException.illegalArguments(
          "source_url names a key outside its bucket: '.' or '..' segments, a leading '/', a"
              + " backslash or a control character (percent-encoded or not) are not allowed");
    }
    return new SourceUrl(m.group(1), bucket, key);
  }

  private static boolean staysInBucket(String key) {
    String k = key;
    for (int i = 0; i <= DECODE_ROUNDS; i++) {
      if (!KeyConfinement.wellFormed(k) || k.chars().anyMatch(Character::isISOControl)) {
        return false;
      }
      String decoded = decode(k);
      if (decoded.equals(k)) {
        return true;
      }
      k = decoded;
    }
    return false; // still changing: encoded more deeply than any honest name
  }

  /**
   * Decodes the percent-escapes of ASCII characters, the only ones that can move a key (a '%' not
   * followed by two hex digits is an ordinary character of the key).
   */
  private static String decode(String s) {
    return ESCAPE
        .matcher(s)
        .replaceAll(
            e -> {
              int c = Integer.parseInt(e.group(1), 16);
              return Matcher.quoteReplacement(c < 0x80 ? String.valueOf((char) c) : e.group());
            });
  }

  @Override
  public String toString() {
    return scheme + "://" + bucket + "/" + key;
  }
}
