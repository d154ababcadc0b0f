package hca.camel;

import com.fasterxml.jackson.databind.JsonNode;
import hca.dss.DssVersion;
import hca.pipeline.BundleRef;
import java.util.Map;
import org.apache.camel.Message;

/** A bundle named by a message: {@code uuid} or {@code uuid.version}, a search hit, or headers. */
final class BundleIds {

  private BundleIds() {}

  static void set(Message m, String fqid) {
    BundleRef ref = parse(fqid);
    m.setHeader(DssHeaders.BUNDLE_FQID, fqid);
    m.setHeader(DssHeaders.BUNDLE_UUID, ref.uuid());
    m.setHeader(DssHeaders.BUNDLE_VERSION, ref.version());
  }

  /** The bundle of a message: its body (text, a search hit, a map), else its headers. */
  static BundleRef of(Message m, String where) {
    Object body = m.getBody();
    String fqid = null;
    if (body instanceof JsonNode n) {
      fqid = n.hasNonNull("bundle_fqid") ? n.get("bundle_fqid").asText()
          : n.hasNonNull("bundle_uuid") ? n.get("bundle_uuid").asText()
              + (n.hasNonNull("bundle_version") ? "." + n.get("bundle_version").asText() : "") : null;
    } else if (body instanceof Map<?, ?> map) {
      Object f = map.get("bundle_fqid");
      Object u = map.get("bundle_uuid");
      Object v = map.get("bundle_version");
      fqid = f != null ? f.toString() : u != null ? u + (v != null ? "." + v : "") : null;
    } else if (body instanceof String s && !s.isBlank()) {
      fqid = s.strip();
    }
    if (fqid == null) {
      fqid = m.getHeader(DssHeaders.BUNDLE_FQID, String.class);
    }
    if (fqid == null) {
      throw new IllegalArgumentException(where + ": the message names no bundle (a body of uuid or uuid.version, "
          + "a search hit, or the header " + DssHeaders.BUNDLE_FQID + ")");
    }
    try {
      return parse(fqid);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage());
    }
  }

  private static final java.util.regex.Pattern UUID =
      java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  static BundleRef parse(String fqid) {
    int dot = fqid.indexOf('.');
    String uuid = dot < 0 ? fqid : fqid.substring(0, dot);
    String version = dot < 0 ? null : fqid.substring(dot + 1);
    if (!UUID.matcher(uuid).matches() || (version != null && !DssVersion.PATTERN.matcher(version).matches())) {
      throw new IllegalArgumentException("'" + fqid + "' is not a bundle uuid or uuid.version");
    }
    return new BundleRef(uuid, version);
  }
}
