package hca.localdss.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.localdss.store.ObjectInfo;
import hca.localdss.store.ObjectStore;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** The JSON resources of the GCS API (objects, buckets) as rendered from the store's view. */
final class GcsResources {

  static final ObjectMapper JSON = new ObjectMapper();

  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private GcsResources() {}

  /**
   * An object's generation: its modification time in microseconds, as GCS generations are. A
   * rewrite (content or metadata) makes a new generation.
   */
  static long generation(ObjectInfo info) {
    Instant t = info.lastModified();
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }

  /** The store keeps no metageneration: every generation has its first. */
  static long metageneration(ObjectInfo info) {
    return 1;
  }

  /** The CRC-32C as GCS shows it (base64 of the big-endian bytes), or null when not recorded. */
  static String crc32c(ObjectInfo info) {
    String hex = info.userMetadata().get(ObjectStore.CRC32C_META);
    if (hex == null || hex.length() != 8) {
      return null;
    }
    return crc32cBase64(Long.parseLong(hex, 16));
  }

  static String crc32cBase64(long crc) {
    return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc).array());
  }

  /** The MD5 as GCS shows it (base64), from the store's ETag when that is a plain MD5. */
  static String md5(ObjectInfo info) {
    String etag = info.etag();
    if (etag == null || !etag.matches("[0-9a-fA-F]{32}")) {
      return null;
    }
    return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(etag));
  }

  /** User metadata without the store's reserved keys, in key order. */
  static Map<String, String> userMetadata(ObjectInfo info) {
    Map<String, String> m = new TreeMap<>(info.userMetadata());
    m.remove(ObjectStore.CRC32C_META);
    return m;
  }

  static String time(Instant t) {
    return RFC3339.format(t);
  }

  static ObjectNode object(String base, String bucket, ObjectInfo info) {
    long generation = generation(info);
    String name = info.key();
    ObjectNode n = JSON.createObjectNode();
    n.put("kind", "storage#object");
    n.put("id", bucket + "/" + name + "/" + generation);
    n.put("selfLink", base + "/storage/v1/b/" + encode(bucket) + "/o/" + encode(name));
    n.put("mediaLink", base + "/download/storage/v1/b/" + encode(bucket) + "/o/" + encode(name)
        + "?generation=" + generation + "&alt=media");
    n.put("name", name);
    n.put("bucket", bucket);
    n.put("generation", Long.toString(generation));
    n.put("metageneration", Long.toString(metageneration(info)));
    n.put("contentType", info.contentType() == null
        ? "application/octet-stream" : info.contentType());
    n.put("storageClass", "STANDARD");
    n.put("size", Long.toString(info.size()));
    String md5 = md5(info);
    if (md5 != null) {
      n.put("md5Hash", md5);
    }
    String crc = crc32c(info);
    if (crc != null) {
      n.put("crc32c", crc);
    }
    n.put("etag", etag(generation, metageneration(info)));
    String time = time(info.lastModified());
    n.put("timeCreated", time);
    n.put("updated", time);
    n.put("timeStorageClassUpdated", time);
    Map<String, String> meta = userMetadata(info);
    if (!meta.isEmpty()) {
      ObjectNode m = n.putObject("metadata");
      meta.forEach(m::put);
    }
    return n;
  }

  static String etag(long generation, long metageneration) {
    return Base64.getEncoder()
        .encodeToString((generation + "/" + metageneration).getBytes(StandardCharsets.US_ASCII));
  }

  static ObjectNode bucket(String base, String name, Instant created) {
    ObjectNode n = JSON.createObjectNode();
    n.put("kind", "storage#bucket");
    n.put("id", name);
    n.put("selfLink", base + "/storage/v1/b/" + encode(name));
    n.put("projectNumber", "0");
    n.put("name", name);
    n.put("timeCreated", time(created));
    n.put("updated", time(created));
    n.put("metageneration", "1");
    n.put("location", "US");
    n.put("locationType", "multi-region");
    n.put("storageClass", "STANDARD");
    n.put("etag", "CAE=");
    n.put("rpo", "DEFAULT");
    ObjectNode iam = n.putObject("iamConfiguration");
    iam.putObject("bucketPolicyOnly").put("enabled", false);
    iam.putObject("uniformBucketLevelAccess").put("enabled", false);
    iam.put("publicAccessPrevention", "inherited");
    return n;
  }

  /**
   * User metadata as a request body sets it: {@code patch} merges into {@code current} (a null
   * value removes a key, a null map removes all); otherwise the body's map replaces it.
   */
  static Map<String, String> metadataFrom(
      JsonNode resource, Map<String, String> current, boolean patch) {
    JsonNode m = resource == null ? null : resource.get("metadata");
    if (m == null) {
      return patch ? current : Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>(patch ? current : Map.of());
    if (m.isNull()) {
      return new LinkedHashMap<>();
    }
    if (!m.isObject()) {
      throw GcsException.badRequest("metadata must be an object");
    }
    m.fields().forEachRemaining(e -> {
      if (e.getValue().isNull()) {
        out.remove(e.getKey());
      } else {
        out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText()
            : e.getValue().toString());
      }
    });
    out.remove(ObjectStore.CRC32C_META);
    return out;
  }

  /** A text field of a resource, or null when absent or JSON null. */
  static String text(JsonNode resource, String field) {
    JsonNode v = resource == null ? null : resource.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** Percent-encodes a path segment or query value (everything but RFC 3986 unreserved). */
  static String encode(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    StringBuilder b = new StringBuilder(bytes.length + 16);
    for (byte x : bytes) {
      int c = x & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return b.toString();
  }

  /** Sends a JSON body with its length. */
  static void send(HttpServletResponse resp, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    resp.setStatus(status);
    resp.setContentType("application/json; charset=UTF-8");
    resp.setContentLength(bytes.length);
    resp.getOutputStream().write(bytes);
  }
}
