package hca.localdss.cloud;

import hca.localdss.store.ObjectStore;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Routes the GCS JSON API (and plain object URLs) to the handlers, from the raw request path so
 * that '%2F' inside object names survives, and turns failures into GCS JSON errors.
 */
final class GcsServlet extends HttpServlet {

  private static final Logger LOG = LoggerFactory.getLogger(GcsServlet.class);

  private static final Pattern BUCKET = Pattern.compile("/storage/v1/b/([^/]+)/?");
  private static final Pattern LAYOUT = Pattern.compile("/storage/v1/b/([^/]+)/storageLayout");
  private static final Pattern FOLDERS =
      Pattern.compile("/storage/v1/b/([^/]+)/(managedFolders|folders)/?");
  private static final Pattern OBJECTS = Pattern.compile("/storage/v1/b/([^/]+)/o/?");
  private static final Pattern OBJECT = Pattern.compile("/storage/v1/b/([^/]+)/o/(.+)");
  private static final Pattern COPY =
      Pattern.compile("(.+)/(copyTo|rewriteTo)/b/([^/]+)/o/(.+)");
  // apitools (gcloud) sends resumable uploads to /resumable/upload/..., the rest to /upload/...
  private static final Pattern UPLOAD =
      Pattern.compile("(?:/resumable)?/upload/storage/v1/b/([^/]+)/o/?");
  private static final Pattern DOWNLOAD =
      Pattern.compile("/download/storage/v1/b/([^/]+)/o/(.+)");
  private static final Pattern PLAIN = Pattern.compile("/([^/]+)/(.+)");

  private final Supplier<String> defaultBaseUrl;
  private final GcsBuckets buckets;
  private final GcsObjects objects;
  private final GcsUploads uploads;
  private final GcsDownloads downloads;

  GcsServlet(Supplier<String> defaultBaseUrl, GcsBuckets buckets, GcsObjects objects,
      GcsUploads uploads, GcsDownloads downloads) {
    this.defaultBaseUrl = defaultBaseUrl;
    this.buckets = buckets;
    this.objects = objects;
    this.uploads = uploads;
    this.downloads = downloads;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    GcsRequest r = null;
    try {
      r = new GcsRequest(req, defaultBaseUrl.get());
      route(r, resp);
    } catch (GcsException e) {
      fail(r, resp, e);
    } catch (ObjectStore.NoSuchObjectException e) {
      fail(r, resp, GcsException.notFound(e.getMessage()));
    } catch (AwsServiceException e) {
      int status = e.statusCode() > 0 ? e.statusCode() : 500;
      fail(r, resp, new GcsException(status, status == 404 ? "notFound" : "backendError",
          String.valueOf(e.getMessage())));
    } catch (GcsDownloads.DroppedConnection e) {
      throw e;
    } catch (IOException e) {
      // The client went away or sent a broken body; nothing useful can be said to it.
      LOG.debug("GCS request {} {} failed", req.getMethod(), req.getRequestURI(), e);
      throw e;
    } catch (IllegalArgumentException e) {
      fail(r, resp, GcsException.badRequest(S3Endpoint.clientMessage(e)));
    } catch (RuntimeException e) {
      if (ObjectStore.isPathConflict(e)) {
        fail(r, resp, GcsException.conflict("Object name collides with an object or folder of"
            + " the same path in the local file-system store"));
        return;
      }
      String id = java.util.UUID.randomUUID().toString();
      LOG.warn("GCS request {} {} failed (request id {})", req.getMethod(), req.getRequestURI(), id, e);
      fail(r, resp, new GcsException(500, "backendError", "internal error (request id " + id + ")"));
    }
  }

  private void route(GcsRequest r, HttpServletResponse resp) throws IOException {
    String path = r.path;
    String m = r.method;
    Matcher x;
    if (path.startsWith("/storage/v1/")) {
      if (path.equals("/storage/v1/b") || path.equals("/storage/v1/b/")) {
        switch (m) {
          case "GET" -> buckets.list(r, resp);
          case "POST" -> buckets.insert(r, resp);
          default -> throw notAllowed(m, path);
        }
      } else if ((x = OBJECTS.matcher(path)).matches()) {
        String bucket = dec(x.group(1));
        if (!m.equals("GET")) {
          throw GcsException.badRequest("Objects are created through /upload/storage/v1/");
        }
        objects.list(r, resp, bucket);
      } else if ((x = OBJECT.matcher(path)).matches()) {
        object(r, resp, dec(x.group(1)), x.group(2));
      } else if ((x = LAYOUT.matcher(path)).matches() && m.equals("GET")) {
        buckets.layout(r, resp, dec(x.group(1)));
      } else if ((x = FOLDERS.matcher(path)).matches() && m.equals("GET")) {
        buckets.noFolders(r, resp, dec(x.group(1)), x.group(2));
      } else if ((x = BUCKET.matcher(path)).matches()) {
        String bucket = dec(x.group(1));
        switch (m) {
          case "GET" -> buckets.get(r, resp, bucket);
          case "DELETE" -> buckets.delete(resp, bucket);
          case "PATCH", "PUT" -> {
            // Bucket settings are not kept; answering with the bucket lets clients go on.
            r.discardBody();
            buckets.get(r, resp, bucket);
          }
          default -> throw notAllowed(m, path);
        }
      } else {
        throw GcsException.notFound("Not found: " + path);
      }
    } else if ((x = UPLOAD.matcher(path)).matches()) {
      String bucket = dec(x.group(1));
      switch (m) {
        case "POST" -> uploads.post(r, resp, bucket);
        case "PUT" -> uploads.put(r, resp);
        case "DELETE" -> uploads.cancel(r, resp);
        default -> throw notAllowed(m, path);
      }
    } else if ((x = DOWNLOAD.matcher(path)).matches()) {
      media(r, resp, dec(x.group(1)), dec(x.group(2)), false);
    } else if (path.startsWith("/batch/")) {
      r.discardBody();
      throw GcsException.notImplemented("Batch requests are not supported by the local endpoint");
    } else if ((x = PLAIN.matcher(path)).matches()) {
      media(r, resp, dec(x.group(1)), dec(x.group(2)), true);
    } else {
      throw GcsException.notFound("Not found: " + path);
    }
  }

  /** /storage/v1/b/{b}/o/{rest}: the object itself, or a copy or compose of it. */
  private void object(GcsRequest r, HttpServletResponse resp, String bucket, String rawRest)
      throws IOException {
    String m = r.method;
    if (m.equals("POST")) {
      Matcher c = COPY.matcher(rawRest);
      if (c.matches()) {
        objects.copy(r, resp, bucket, dec(c.group(1)), dec(c.group(3)), dec(c.group(4)),
            c.group(2).equals("rewriteTo"));
        return;
      }
      if (rawRest.endsWith("/compose")) {
        objects.compose(r, resp, bucket,
            dec(rawRest.substring(0, rawRest.length() - "/compose".length())));
        return;
      }
      throw notAllowed(m, r.path);
    }
    String name = dec(rawRest);
    switch (m) {
      case "GET", "HEAD" -> {
        if ("media".equals(r.param("alt"))) {
          downloads.serve(r, resp, bucket, name, false);
        } else {
          objects.get(r, resp, bucket, name);
        }
      }
      case "DELETE" -> objects.delete(r, resp, bucket, name);
      case "PATCH" -> objects.update(r, resp, bucket, name, true);
      case "PUT" -> objects.update(r, resp, bucket, name, false);
      default -> throw notAllowed(m, r.path);
    }
  }

  private void media(GcsRequest r, HttpServletResponse resp, String bucket, String name,
      boolean plain) throws IOException {
    if (!r.method.equals("GET") && !r.method.equals("HEAD")) {
      throw notAllowed(r.method, r.path);
    }
    downloads.serve(r, resp, bucket, name, plain);
  }

  private static String dec(String raw) {
    return GcsRequest.decodePath(raw);
  }

  private static GcsException notAllowed(String method, String path) {
    return new GcsException(405, "methodNotAllowed", method + " is not allowed on " + path);
  }

  private static void fail(GcsRequest r, HttpServletResponse resp, GcsException e)
      throws IOException {
    if (resp.isCommitted()) {
      throw new IOException("response already committed when failing with " + e.status(), e);
    }
    if (r != null && !r.method.equals("GET") && !r.method.equals("HEAD")) {
      // A refused upload may still be arriving; read it so the client sees the answer.
      r.discardBody();
    }
    String retryAfter = resp.getHeader("Retry-After");
    String contentRange = resp.getHeader("Content-Range");
    resp.reset();
    if (retryAfter != null) {
      resp.setHeader("Retry-After", retryAfter);
    }
    if (contentRange != null && e.status() == 416) {
      resp.setHeader("Content-Range", contentRange);
    }
    if (e.status() == 304 || (r != null && r.method.equals("HEAD"))) {
      resp.setStatus(e.status());
      return;
    }
    GcsResources.send(resp, e.status(), e.body());
  }
}
