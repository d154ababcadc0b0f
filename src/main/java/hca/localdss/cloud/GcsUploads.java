package hca.localdss.cloud;

import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.localdss.store.KeyLocks;
import hca.localdss.store.ObjectInfo;
import hca.localdss.store.ObjectStore;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Uploads ({@code /upload/storage/v1/b/{b}/o}): {@code uploadType=media}, {@code multipart}
 * (multipart/related: JSON resource, then content) and {@code resumable} (a POST opens a session,
 * PUTs append chunks and answer 308 until the last). Content is spooled to a temporary file while
 * its CRC-32C and MD5 are computed, then written to the store in one piece.
 */
final class GcsUploads {

  private static final Pattern CONTENT_RANGE =
      Pattern.compile("bytes\\s+(?:(\\d+)-(\\d+)|\\*)/(\\d+|\\*)");

  private final GcsBuckets buckets;
  private final KeyLocks locks;
  private final ResumableUploads sessions;

  GcsUploads(GcsBuckets buckets, KeyLocks locks, ResumableUploads sessions) {
    this.buckets = buckets;
    this.locks = locks;
    this.sessions = sessions;
  }

  /** POST /upload/storage/v1/b/{b}/o?uploadType=.. */
  void post(GcsRequest r, HttpServletResponse resp, String bucket) throws IOException {
    String type = r.param("uploadType");
    if (r.param("upload_id") != null) {
      put(r, resp);
      return;
    }
    switch (type == null ? "" : type) {
      case "media" -> media(r, resp, bucket);
      case "multipart" -> multipart(r, resp, bucket);
      case "resumable" -> startResumable(r, resp, bucket);
      default -> throw GcsException.badRequest("Unsupported uploadType: " + type);
    }
  }

  private void media(GcsRequest r, HttpServletResponse resp, String bucket) throws IOException {
    ObjectStore store = buckets.require(bucket);
    String name = r.param("name");
    GcsObjects.checkName(name);
    try (UploadSpool spool = new UploadSpool(); InputStream in = r.body()) {
      spool.append(in, 0, -1);
      spool.verifyHashHeader(hashHeader(r));
      String type = r.http.getContentType();
      ObjectInfo info = commit(store, name, spool, type, Map.of(), GcsPreconditions.of(r));
      GcsResources.send(resp, 200, GcsResources.object(r.baseUrl, bucket, info));
    }
  }

  private void multipart(GcsRequest r, HttpServletResponse resp, String bucket)
      throws IOException {
    ObjectStore store = buckets.require(bucket);
    try (UploadSpool spool = new UploadSpool(); InputStream in = r.body()) {
      MultipartRelatedReader reader = new MultipartRelatedReader(in, r.http.getContentType());
      MultipartRelatedReader.Part metaPart = reader.next();
      if (metaPart == null) {
        throw GcsException.badRequest("multipart upload without a metadata part");
      }
      ObjectNode resource = GcsRequest.parseJsonObject(metaPart.body());
      MultipartRelatedReader.Part media = reader.next();
      if (media == null) {
        throw GcsException.badRequest("multipart upload without a media part");
      }
      spool.append(media.body(), 0, -1);
      reader.next();
      String name = r.param("name") != null ? r.param("name")
          : GcsResources.text(resource, "name");
      GcsObjects.checkName(name);
      spool.verify(GcsResources.text(resource, "crc32c"), GcsResources.text(resource, "md5Hash"));
      spool.verifyHashHeader(hashHeader(r));
      String type = GcsResources.text(resource, "contentType");
      ObjectInfo info = commit(store, name, spool, type != null ? type : media.contentType(),
          GcsResources.metadataFrom(resource, Map.of(), false), GcsPreconditions.of(r));
      GcsResources.send(resp, 200, GcsResources.object(r.baseUrl, bucket, info));
    }
  }

  private void startResumable(GcsRequest r, HttpServletResponse resp, String bucket)
      throws IOException {
    ObjectStore store = buckets.require(bucket);
    ObjectNode resource = r.jsonBody();
    String name = r.param("name") != null ? r.param("name")
        : GcsResources.text(resource, "name");
    GcsObjects.checkName(name);
    GcsPreconditions preconditions = GcsPreconditions.of(r);
    preconditions.check(store.describe(name));
    String type = GcsResources.text(resource, "contentType");
    if (type == null) {
      type = r.http.getHeader("X-Upload-Content-Type");
    }
    ResumableUploads.Session s = sessions.open(bucket, name, resource, type, preconditions);
    resp.setStatus(200);
    resp.setHeader("Location", r.baseUrl + "/upload/storage/v1/b/" + GcsResources.encode(bucket)
        + "/o?uploadType=resumable&name=" + GcsResources.encode(name) + "&upload_id=" + s.id);
    resp.setHeader("X-GUploader-UploadID", s.id);
    resp.setContentLength(0);
  }

  /**
   * PUT on a session: appends a chunk ({@code Content-Range: bytes a-b/total|*}), answers a
   * status query ({@code bytes *}{@code /total|*}) or, once all bytes are in, creates the object.
   */
  void put(GcsRequest r, HttpServletResponse resp) throws IOException {
    ResumableUploads.Session s = sessions.get(r.param("upload_id"));
    synchronized (s) {
      if (s.result != null) {
        r.discardBody();
        GcsResources.send(resp, 200, s.result);
        return;
      }
      String header = r.http.getHeader("Content-Range");
      long have = s.spool.length();
      if (header == null) {
        // No range: the body is the whole object.
        try (InputStream in = r.body()) {
          s.spool.append(in, have, -1);
        }
        s.total = s.spool.length();
      } else {
        Matcher m = CONTENT_RANGE.matcher(header.trim());
        if (!m.matches()) {
          r.discardBody();
          throw GcsException.badRequest("Invalid Content-Range: " + header);
        }
        if (!m.group(3).equals("*")) {
          long total = Long.parseLong(m.group(3));
          if (s.total != null && s.total != total) {
            r.discardBody();
            throw GcsException.badRequest("Content-Range total changed from " + s.total);
          }
          s.total = total;
        }
        if (m.group(1) != null) {
          long first = Long.parseLong(m.group(1));
          long last = Long.parseLong(m.group(2));
          if (first > have || last < first) {
            r.discardBody();
            throw GcsException.badRequest("Content-Range " + header + " does not continue the "
                + have + " bytes received");
          }
          long length = last - first + 1;
          long skip = Math.min(have - first, length);
          try (InputStream in = r.body()) {
            s.spool.append(in, skip, length - skip);
          }
        } else {
          r.discardBody();
        }
      }
      long received = s.spool.length();
      if (s.total != null && received > s.total) {
        sessions.discard(s, true);
        throw GcsException.badRequest("Received " + received + " bytes, more than the "
            + s.total + " declared");
      }
      if (s.total != null && received == s.total) {
        finish(r, resp, s);
        return;
      }
      if ("yes".equalsIgnoreCase(r.http.getHeader("X-GUploader-No-308"))) {
        // Go's HTTP client takes a 308 for a redirect; its uploader asks for 200 + a marker.
        resp.setStatus(200);
        resp.setHeader("X-Http-Status-Code-Override", "308");
      } else {
        resp.setStatus(308);
      }
      if (received > 0) {
        resp.setHeader("Range", "bytes=0-" + (received - 1));
      }
      resp.setContentLength(0);
    }
  }

  /** DELETE on a session cancels it; GCS answers 499. */
  void cancel(GcsRequest r, HttpServletResponse resp) {
    ResumableUploads.Session s = sessions.get(r.param("upload_id"));
    synchronized (s) {
      sessions.discard(s, true);
    }
    resp.setStatus(499);
    resp.setContentLength(0);
  }

  private void finish(GcsRequest r, HttpServletResponse resp, ResumableUploads.Session s)
      throws IOException {
    try {
      ObjectStore store = buckets.require(s.bucket);
      s.spool.verify(GcsResources.text(s.resource, "crc32c"),
          GcsResources.text(s.resource, "md5Hash"));
      s.spool.verifyHashHeader(hashHeader(r));
      ObjectInfo info = commit(store, s.name, s.spool, s.contentType,
          GcsResources.metadataFrom(s.resource, Map.of(), false), s.preconditions);
      s.result = GcsResources.object(r.baseUrl, s.bucket, info);
    } catch (RuntimeException e) {
      sessions.discard(s, true);
      throw e;
    }
    // Keep the session (without its content) to answer a repeated final request.
    sessions.discard(s, false);
    GcsResources.send(resp, 200, s.result);
  }

  private ObjectInfo commit(ObjectStore store, String name, UploadSpool spool, String type,
      Map<String, String> meta, GcsPreconditions preconditions) throws IOException {
    try (KeyLocks.Held held = locks.lock(store.bucket() + "/" + name)) {
      preconditions.check(store.describe(name));
      try (InputStream in = spool.open()) {
        store.write(name, in, spool.length(), type, meta, spool.crc32cHex());
      } catch (RuntimeException e) {
        if (ObjectStore.isPathConflict(e)) {
          throw GcsException.conflict("Object name " + name + " collides with an object or"
              + " folder of the same path in the local file-system store");
        }
        throw e;
      }
      return store.describe(name)
          .orElseThrow(() -> GcsException.noSuchObject(store.bucket(), name));
    }
  }

  private static String hashHeader(GcsRequest r) {
    var values = Collections.list(r.http.getHeaders("x-goog-hash"));
    return values.isEmpty() ? null : String.join(",", values);
  }
}
