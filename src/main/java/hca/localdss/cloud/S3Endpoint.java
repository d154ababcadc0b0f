package hca.localdss.cloud;

import hca.localdss.Faults;
import hca.localdss.HttpServers;
import hca.localdss.store.KeyConfinement;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.gaul.s3proxy.S3ProxyHandler;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.S3Exceptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The local S3 endpoint: s3proxy's S3 protocol handler over a blob store, served by our own Jetty
 * so that blob GETs can pass through the fault switches.
 */
public final class S3Endpoint implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(S3Endpoint.class);

  private final HttpServers.Running running;
  private final String host;

  private S3Endpoint(HttpServers.Running running, String host) {
    this.running = running;
    this.host = host;
  }

  /** Starts the endpoint; requests must be signed (V2 or V4) with the given credentials. */
  public static S3Endpoint start(
      String host, int port, BlobStore blobs, String accessKey, String secretKey, Faults faults)
      throws Exception {
    LocalS3Handler handler = new LocalS3Handler(blobs, accessKey, secretKey);
    return new S3Endpoint(
        HttpServers.start(
            "s3-endpoint", "the S3 endpoint", host, port, new S3Servlet(handler, blobs, faults)),
        host);
  }

  public int port() {
    return running.port();
  }

  /** The endpoint URL, e.g. {@code http://127.0.0.1:9001}. */
  public String url() {
    return "http://" + HostNames.forUrl(host) + ":" + port();
  }

  @Override
  public void close() throws Exception {
    running.close();
  }

  /** s3proxy's handler, opened up to render errors as S3 XML. */
  private static final class LocalS3Handler extends S3ProxyHandler {
    LocalS3Handler(BlobStore blobs, String accessKey, String secretKey) {
      super(
          blobs,
          AuthenticationType.AWS_V2_OR_V4,
          accessKey,
          secretKey,
          null,
          5L * 1024 * 1024 * 1024,
          32L * 1024 * 1024,
          16 * 1024 * 1024,
          true,
          null,
          null,
          15 * 60);
    }

    void error(HttpServletRequest req, HttpServletResponse resp, String code, int status, String msg)
        throws IOException {
      sendSimpleErrorResponse(req, resp, code, status, msg, Map.of());
    }
  }

  private static final class S3Servlet extends HttpServlet {
    private final LocalS3Handler handler;
    private final BlobStore blobs;
    private final Faults faults;

    S3Servlet(LocalS3Handler handler, BlobStore blobs, Faults faults) {
      this.handler = handler;
      this.blobs = blobs;
      this.faults = faults;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      try {
        // s3proxy refuses '..' itself, but follows a folder of the bucket that links elsewhere
        confine(req.getRequestURI());
        confine(req.getHeader("x-amz-copy-source"));
      } catch (IllegalArgumentException e) {
        handler.error(req, resp, "InvalidArgument", 400, clientMessage(e));
        return;
      }
      HttpServletResponse out = resp;
      if ("GET".equals(req.getMethod()) && isObjectPath(req.getRequestURI())) {
        switch (faults.onBlobGet()) {
          case ERROR -> {
            int status = faults.spec().blobErrorStatus();
            resp.setHeader("Retry-After", Integer.toString(faults.spec().retryAfterSeconds()));
            handler.error(
                req,
                resp,
                status == 429 ? "TooManyRequests" : status == 503 ? "SlowDown" : "InternalError",
                status,
                "injected fault");
            return;
          }
          case DROP -> out = new DroppingResponse(resp);
          case PASS -> {}
        }
      }
      try (InputStream is = req.getInputStream()) {
        handler.doHandle(req, req, out, is, new S3ProxyHandler.RequestContext());
      } catch (AwsServiceException e) {
        renderAws(req, resp, e);
      } catch (IllegalArgumentException e) {
        handler.error(req, resp, "InvalidArgument", 400, clientMessage(e));
      } catch (UnsupportedOperationException e) {
        handler.error(req, resp, "NotImplemented", 501, String.valueOf(e.getMessage()));
      } catch (RuntimeException e) {
        AwsServiceException aws = findAws(e);
        if (aws == null) {
          LOG.warn("S3 request {} {} failed", req.getMethod(), req.getRequestURI(), e);
          throw e;
        }
        renderAws(req, resp, aws);
      }
    }

    private void renderAws(HttpServletRequest req, HttpServletResponse resp, AwsServiceException e)
        throws IOException {
      if (resp.isCommitted()) {
        throw new IOException("response already committed", e);
      }
      String code = S3Exceptions.errorCode(e);
      String msg = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
      handler.error(
          req, resp, code == null ? "InternalError" : code, e.statusCode(), msg == null ? "" : msg);
    }

    private static AwsServiceException findAws(Throwable t) {
      for (Throwable c = t; c != null; c = c.getCause()) {
        if (c instanceof AwsServiceException a) {
          return a;
        }
      }
      return null;
    }

    /** Checks the key of a path-style {@code /bucket/key} (percent-encoded) against its bucket. */
    private void confine(String path) {
      if (path == null) {
        return;
      }
      String p = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
      p = p.startsWith("/") ? p.substring(1) : p;
      int q = p.indexOf('?');
      p = q >= 0 ? p.substring(0, q) : p; // a copy source may name a version
      int slash = p.indexOf('/');
      if (slash > 0 && slash < p.length() - 1) {
        KeyConfinement.check(blobs, p.substring(0, slash), p.substring(slash + 1));
      }
    }

    private static boolean isObjectPath(String uri) {
      // "/bucket/key..." (path-style); "/bucket" or "/" are bucket and service operations.
      int slash = uri.indexOf('/', 1);
      return slash > 0 && slash < uri.length() - 1;
    }
  }

  /**
   * What a client may read of a refused argument: the blob store's own refusal of a name that
   * leaves its folder names server paths, so it becomes a plain sentence.
   */
  static String clientMessage(IllegalArgumentException e) {
    String m = String.valueOf(e.getMessage());
    return m.startsWith("Path traversal") ? "The name would leave its bucket" : m;
  }

  /** A response whose body stops, and whose connection breaks, halfway through. */
  private static final class DroppingResponse extends HttpServletResponseWrapper {
    private long length = -1;
    private ServletOutputStream stream;

    DroppingResponse(HttpServletResponse resp) {
      super(resp);
    }

    @Override
    public void setContentLengthLong(long len) {
      length = len;
      super.setContentLengthLong(len);
    }

    @Override
    public void setContentLength(int len) {
      setContentLengthLong(len);
    }

    @Override
    public void setHeader(String name, String value) {
      if ("Content-Length".equalsIgnoreCase(name)) {
        length = Long.parseLong(value);
      }
      super.setHeader(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
      if ("Content-Length".equalsIgnoreCase(name)) {
        length = Long.parseLong(value);
      }
      super.addHeader(name, value);
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      if (stream == null) {
        ServletOutputStream real = super.getOutputStream();
        stream =
            new ServletOutputStream() {
              private long written;

              private long limit() {
                return length > 1 ? length / 2 : 0;
              }

              @Override
              public boolean isReady() {
                return real.isReady();
              }

              @Override
              public void setWriteListener(WriteListener l) {
                real.setWriteListener(l);
              }

              @Override
              public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
              }

              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                long room = limit() - written;
                if (len > room) {
                  if (room > 0) {
                    real.write(b, off, (int) room);
                    written += room;
                  }
                  real.flush();
                  throw new IOException("injected fault: connection dropped");
                }
                real.write(b, off, len);
                written += len;
              }
            };
      }
      return stream;
    }
  }
}
