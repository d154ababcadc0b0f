package hca.localdss.records;

import hca.localdss.api.DssException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code s3://bucket/key} or {@code gs://bucket/key} source of PUT /files. */
record SourceUrl(String scheme, String bucket, String key) {

  private static final Pattern URL = Pattern.compile("^(s3|gs|wasb)://([^/]+)/(.+)$");

  static SourceUrl parse(String url) {
    Matcher m = URL.matcher(url == null ? "" : url);
    if (!m.matches()) {
      throw DssException.illegalArguments(
          "source_url '" + url + "' is not of the form s3://bucket/key or gs://bucket/key");
    }
    if (m.group(1).equals("wasb")) {
      throw new DssException(400, "unknown_source_schema", "Unknown source URL schema 'wasb'");
    }
    return new SourceUrl(m.group(1), m.group(2), m.group(3));
  }

  @Override
  public String toString() {
    return scheme + "://" + bucket + "/" + key;
  }
}
