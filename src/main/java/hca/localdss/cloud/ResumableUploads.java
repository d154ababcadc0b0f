package hca.localdss.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open resumable upload sessions: what each will create and the content received so far.
 * Sessions live in memory (their content in temporary files); idle ones are dropped after a day.
 */
final class ResumableUploads implements AutoCloseable {

  private static final Duration IDLE_LIMIT = Duration.ofHours(24);

  /** One session; callers synchronize on it while they append or finish. */
  static final class Session {
    final String id;
    final String bucket;
    final String name;
    final JsonNode resource;
    final String contentType;
    final GcsPreconditions preconditions;
    final UploadSpool spool;
    Long total;
    ObjectNode result;
    volatile Instant touched = Instant.now();

    Session(String id, String bucket, String name, JsonNode resource, String contentType,
        GcsPreconditions preconditions, UploadSpool spool) {
      this.id = id;
      this.bucket = bucket;
      this.name = name;
      this.resource = resource;
      this.contentType = contentType;
      this.preconditions = preconditions;
      this.spool = spool;
    }
  }

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  Session open(String bucket, String name, JsonNode resource, String contentType,
      GcsPreconditions preconditions) throws IOException {
    evictIdle();
    byte[] idBytes = new byte[24];
    random.nextBytes(idBytes);
    String id = HexFormat.of().formatHex(idBytes);
    Session s = new Session(id, bucket, name, resource, contentType, preconditions,
        new UploadSpool());
    sessions.put(id, s);
    return s;
  }

  /** The session, or 404 as GCS answers for unknown or expired upload ids. */
  Session get(String id) {
    Session s = id == null ? null : sessions.get(id);
    if (s == null) {
      throw GcsException.notFound("No such upload session: " + id);
    }
    s.touched = Instant.now();
    return s;
  }

  /** Forgets a session's content; a finished one stays to answer repeated final requests. */
  void discard(Session s, boolean forget) {
    try {
      s.spool.close();
    } catch (IOException ignored) {
      // a temporary file left behind is harmless
    }
    if (forget) {
      sessions.remove(s.id);
    }
  }

  private void evictIdle() {
    Instant limit = Instant.now().minus(IDLE_LIMIT);
    sessions.values().removeIf(s -> {
      if (s.touched.isBefore(limit)) {
        discard(s, false);
        return true;
      }
      return false;
    });
  }

  @Override
  public void close() {
    sessions.values().forEach(s -> discard(s, false));
    sessions.clear();
  }
}
