package hca.localdss.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.localdss.Faults;
import hca.localdss.auth.JwtVerifier;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DSS REST API under {@code /v1}, plus the few routes the real server had outside the spec
 * ({@code /version}, {@code /internal/health}) and the fault-switch admin route
 * ({@code /internal/faults}).
 */
public final class DssApiServlet extends HttpServlet {

  private static final Logger LOG = LoggerFactory.getLogger(DssApiServlet.class);
  private static final int MAX_BODY = 16 * 1024 * 1024;
  private static final Set<String> RETRY_AFTER_METHODS = Set.of("GET", "HEAD", "PUT", "DELETE");

  private final Routes routes;
  private final Routes internal;
  private final ServedSpec spec;
  private final RequestValidation validation;
  private final JwtVerifier verifier;
  private final Faults faults;
  private final boolean debugErrors;

  /**
   * @param debugErrors whether a 500 carries the exception and its stack trace; otherwise it says
   *     "internal error" with the request id under which the server log has the details
   */
  public DssApiServlet(
      Routes routes, Routes internal, ServedSpec spec, JwtVerifier verifier, Faults faults,
      boolean debugErrors) {
    this.routes = routes;
    this.internal = internal;
    this.spec = spec;
    this.validation = new RequestValidation(spec);
    this.verifier = verifier;
    this.faults = faults;
    this.debugErrors = debugErrors;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String uri = req.getRequestURI();
    String method = req.getMethod();
    boolean api = uri.startsWith("/v1/");
    String path = api ? uri.substring(3) : uri;
    String requestId = UUID.randomUUID().toString();
    // every answer reflects the server's state at that moment: no cache may keep it
    resp.setHeader("Cache-Control", "no-store");
    ApiReply reply;
    try {
      if (api && path.equals("/swagger.json") && method.equals("GET")) {
        serveSpec(req, resp);
        return;
      }
      // the body is read first: an error sent before it would leave the connection unusable, and
      // a client reusing it would lose a request the server never saw
      byte[] body = readBody(req);
      if (api && faults.onApiRequest() == Faults.Action.ERROR) {
        int status = faults.spec().apiErrorStatus();
        throw new DssException(
                status, status == 429 ? "too_many_requests" : "service_unavailable", "injected fault")
            .withHeader("Retry-After", Integer.toString(faults.spec().retryAfterSeconds()));
      }
      Routes.Match m = (api ? routes : internal).match(method, path);
      ApiRequest r = new ApiRequest(req, path, m.params(), body);
      if (m.route().access() == Routes.Access.AUTHENTICATED) {
        r.principal(verifier.verify(req.getHeader("Authorization")));
      }
      if (api) {
        validation.check(r, m.route().template());
      }
      reply = m.route().h().handle(r);
    } catch (DssException e) {
      reply = problem(e.status(), e.code(), e.title(), "");
      e.headers().forEach(reply::header);
    } catch (Exception e) {
      LOG.warn("{} {} failed (request id {})", method, uri, requestId, e);
      reply = internalError(e, requestId);
    }
    if (reply.status() >= 500
        && !reply.headers().containsKey("Retry-After")
        && (RETRY_AFTER_METHODS.contains(method) || path.equals("/search"))) {
      reply.header("Retry-After", "10");
    }
    write(req, resp, reply, requestId);
  }

  /** A 500 that shows the server's insides (exception, stack trace) only when debugging. */
  private ApiReply internalError(Exception e, String requestId) {
    if (!debugErrors) {
      return problem(500, "unhandled_exception", "internal error (request id " + requestId + ")", "");
    }
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    return problem(500, "unhandled_exception", String.valueOf(e), trace.toString());
  }

  private void serveSpec(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String host = req.getHeader("Host");
    byte[] body = spec.json(host == null ? req.getServerName() + ":" + req.getServerPort() : host);
    resp.setStatus(200);
    resp.setContentType("application/json");
    resp.setContentLength(body.length);
    resp.getOutputStream().write(body);
  }

  private static byte[] readBody(HttpServletRequest req) throws IOException {
    long len = req.getContentLengthLong();
    if (len > MAX_BODY) {
      throw new DssException(413, "request_too_large", "Request body exceeds " + MAX_BODY + " bytes");
    }
    try (InputStream in = req.getInputStream()) {
      byte[] b = in.readNBytes(MAX_BODY + 1);
      if (b.length > MAX_BODY) {
        throw new DssException(413, "request_too_large", "Request body exceeds " + MAX_BODY + " bytes");
      }
      return b;
    }
  }

  static ApiReply problem(int status, String code, String title, String stacktrace) {
    ObjectNode b = Json.object();
    b.put("status", status);
    b.put("code", code);
    b.put("title", title);
    b.put("stacktrace", stacktrace);
    return ApiReply.json(status, b);
  }

  private static void write(
      HttpServletRequest req, HttpServletResponse resp, ApiReply reply, String requestId)
      throws IOException {
    resp.setStatus(reply.status());
    for (Map.Entry<String, List<String>> h : reply.headers().entrySet()) {
      for (String v : h.getValue()) {
        resp.addHeader(h.getKey(), v);
      }
    }
    resp.setHeader("X-AWS-REQUEST-ID", requestId);
    if (reply.raw() != null) {
      resp.setContentLength(reply.raw().length);
      if (!"HEAD".equals(req.getMethod())) {
        resp.getOutputStream().write(reply.raw());
      }
      return;
    }
    JsonNode body = reply.body();
    if (body == null) {
      if (reply.status() != 304 && reply.status() != 204) {
        resp.setContentLength(0);
      }
      return;
    }
    byte[] bytes = Json.bytes(body);
    boolean isProblem = reply.status() >= 400 && body.has("code") && body.has("title");
    resp.setContentType(isProblem ? "application/problem+json" : "application/json");
    resp.setContentLength(bytes.length);
    if (!"HEAD".equals(req.getMethod())) {
      resp.getOutputStream().write(bytes);
    }
  }
}
