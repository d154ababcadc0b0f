package hca.localdss.cloud;

import hca.localdss.Faults;
import hca.localdss.store.ObjectInfo;
import hca.localdss.store.ObjectStore;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Media downloads: {@code alt=media} on the JSON API, the {@code /download/} path and plain
 * {@code /{bucket}/{object}} URLs (where signed URLs point). Bodies stream from the store in large
 * chunks; every GET passes the blob fault switches first.
 */
final class GcsDownloads {

  private static final int BUFFER = 1 << 20;
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  private final GcsBuckets buckets;
  private final Faults faults;
  private final UrlSigner signer;

  GcsDownloads(GcsBuckets buckets, Faults faults, UrlSigner signer) {
    this.buckets = buckets;
    this.faults = faults;
    this.signer = signer;
  }

  /**
   * Serves one media GET or HEAD.
   *
   * @param xmlStyle a {@code /{bucket}/{object}} URL: checks a signature when one is present and
   *     sends user metadata as {@code x-goog-meta-*} headers
   */
  void serve(GcsRequest r, HttpServletResponse resp, String bucket, String name, boolean xmlStyle)
      throws IOException {
    boolean head = r.method.equals("HEAD");
    boolean drop = false;
    if (!head) {
      switch (faults.onBlobGet()) {
        case ERROR -> {
          int status = faults.spec().blobErrorStatus();
          resp.setHeader("Retry-After", Integer.toString(faults.spec().retryAfterSeconds()));
          throw new GcsException(status, status == 429 ? "rateLimitExceeded" : "backendError",
              "injected fault");
        }
        case DROP -> drop = true;
        case PASS -> {}
      }
    }
    if (xmlStyle && UrlSigner.isSigned(r.query)) {
      signer.verify("GET", bucket, name, r.query, Instant.now());
    }
    ObjectStore store = buckets.require(bucket);
    ObjectInfo info = GcsObjects.require(r, store, name);
    GcsPreconditions.of(r).checkRead(Optional.of(info));

    long size = info.size();
    long from = 0;
    long to = size - 1;
    boolean partial = false;
    String range = r.http.getHeader("Range");
    // An empty object has no satisfiable range; GCS clients expect its empty body then.
    if (range != null && size > 0) {
      Matcher m = RANGE.matcher(range.trim());
      if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
        if (m.group(1).isEmpty()) {
          from = Math.max(0, size - Long.parseLong(m.group(2)));
        } else {
          from = Long.parseLong(m.group(1));
          if (!m.group(2).isEmpty()) {
            to = Math.min(to, Long.parseLong(m.group(2)));
          }
        }
        if (from >= size || to < from) {
          resp.setHeader("Content-Range", "bytes */" + size);
          throw new GcsException(416, "requestedRangeNotSatisfiable",
              "The requested range cannot be satisfied.");
        }
        partial = true;
      }
    }
    long length = size == 0 ? 0 : to - from + 1;

    long generation = GcsResources.generation(info);
    resp.setStatus(partial ? 206 : 200);
    resp.setContentType(info.contentType() == null ? "application/octet-stream"
        : info.contentType());
    resp.setContentLengthLong(length);
    if (partial) {
      resp.setHeader("Content-Range", "bytes " + from + "-" + to + "/" + size);
    }
    resp.setHeader("Accept-Ranges", "bytes");
    String crc = GcsResources.crc32c(info);
    String md5 = GcsResources.md5(info);
    String hash = (crc == null ? "" : "crc32c=" + crc)
        + (crc != null && md5 != null ? "," : "") + (md5 == null ? "" : "md5=" + md5);
    if (!hash.isEmpty()) {
      resp.setHeader("x-goog-hash", hash);
    }
    resp.setHeader("x-goog-generation", Long.toString(generation));
    resp.setHeader("x-goog-metageneration", Long.toString(GcsResources.metageneration(info)));
    resp.setHeader("x-goog-stored-content-length", Long.toString(size));
    resp.setHeader("x-goog-stored-content-encoding", "identity");
    resp.setHeader("x-goog-storage-class", "STANDARD");
    if (info.etag() != null) {
      resp.setHeader("ETag", "\"" + info.etag() + "\"");
    }
    resp.setHeader("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME
        .format(info.lastModified().atOffset(ZoneOffset.UTC)));
    if (xmlStyle) {
      for (Map.Entry<String, String> e : GcsResources.userMetadata(info).entrySet()) {
        // Header fields carry ASCII only; the JSON API shows the rest.
        if (isPrintableAscii(e.getKey()) && isPrintableAscii(e.getValue())) {
          resp.setHeader("x-goog-meta-" + e.getKey(), e.getValue());
        }
      }
    }
    if (head || length == 0) {
      return;
    }
    // An injected drop sends the headers and about half the body, then breaks the connection.
    long limit = drop ? length / 2 : length;
    ServletOutputStream out = resp.getOutputStream();
    try (InputStream in = store.open(name, from, partial ? to : -1)) {
      byte[] buf = new byte[BUFFER];
      long sent = 0;
      while (sent < limit) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, limit - sent));
        if (n < 0) {
          break;
        }
        out.write(buf, 0, n);
        sent += n;
      }
    }
    if (drop) {
      out.flush();
      throw new DroppedConnection();
    }
  }

  private static boolean isPrintableAscii(String s) {
    return s.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
  }

  /** Thrown to make the server abort a response whose body was cut short on purpose. */
  static final class DroppedConnection extends IOException {
    DroppedConnection() {
      super("injected fault: connection dropped");
    }
  }
}
