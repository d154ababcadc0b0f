package hca.dss;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import hca.dss.spec.ApiSpec;
import hca.dss.spec.Operation;
import hca.dss.spec.Pagination;
import hca.dss.spec.RequestSpec;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Sends spec operations: builds the request, adds credentials, reads the reply, follows pages. */
final class OperationInvoker {

  /** Where each listing keeps its items when a reply does not say. */
  private static final Map<String, String> CONTENT_KEYS =
      Map.of(
          "get_bundle", "bundle.files",
          "get_bundles_all", "bundles",
          "get_collections", "collections",
          "get_events", "event_streams");

  private final ApiSpec spec;
  private final String baseUrl;
  private final DssHttp http;
  private final AuthProvider auth;

  OperationInvoker(ApiSpec spec, String baseUrl, DssHttp http, AuthProvider auth) {
    this.spec = spec;
    this.baseUrl = baseUrl;
    this.http = http;
    this.auth = auth;
  }

  Operation operation(String name) {
    return spec.operation(name)
        .orElseThrow(() -> new IllegalArgumentException("the DSS API has no operation '" + name + "'"));
  }

  /** The first request of an operation; credentials are added when it is sent. */
  HttpCall call(Operation op, Map<String, Object> args) {
    RequestSpec rs = op.build(args);
    Map<String, String> headers = new LinkedHashMap<>(rs.headers());
    byte[] body = null;
    if (rs.body() != null) {
      try {
        body = DssResponse.JSON.writeValueAsBytes(rs.body());
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("cannot write the body of " + op.commandName(), e);
      }
      headers.put("Content-Type", "application/json");
    }
    return new HttpCall(rs.method(), URI.create(baseUrl + rs.pathAndQuery()), headers, body);
  }

  /** Sends one request and reads the reply; an error status becomes a {@link DssApiException}. */
  DssResponse exchange(Operation op, HttpCall call) {
    HttpReply r = http.send(authorized(op, call));
    DssResponse response = DssResponse.of(r.status(), r.headers(), r.bytes(), r.attempts());
    if (response.status() >= 400) {
      throw response.error();
    }
    return response;
  }

  /** Sends one request and leaves the body of a successful reply as a stream. */
  HttpReply open(Operation op, HttpCall call) {
    HttpReply r = http.open(authorized(op, call));
    if (r.status() >= 400) {
      throw DssResponse.of(r.status(), r.headers(), r.bytes(), r.attempts()).error();
    }
    return r;
  }

  /** Sends the request and, for a listing, every further page, joining their items. */
  DssResponse all(Operation op, HttpCall first) {
    DssResponse page = exchange(op, first);
    Optional<URI> next = op.paginated() ? next(page, first.uri()) : Optional.empty();
    if (next.isEmpty() || !page.isJson()) {
      return page;
    }
    String key = contentKey(op, page);
    List<JsonNode> pages = new ArrayList<>();
    pages.add(page.json());
    int attempts = page.attempts();
    HttpCall call = first;
    while (next.isPresent()) {
      call = call.to(next.get());
      page = exchange(op, call);
      attempts += page.attempts();
      pages.add(page.json());
      next = next(page, call.uri());
    }
    JsonNode joined = Pagination.concatenate(pages, key);
    return new DssResponse(page.status(), page.headers(), joined, null, attempts);
  }

  private HttpCall authorized(Operation op, HttpCall call) {
    return op.requiresAuth() ? call.withHeader(HttpCall.AUTHORIZATION, auth.authorization()) : call;
  }

  /** The key of the paginated array: the reply's header, else the operation's usual key. */
  static String contentKey(Operation op, DssResponse page) {
    String key = page.header("X-OpenAPI-Paginated-Content-Key");
    if (key != null && !key.isBlank()) {
      return key.trim();
    }
    return CONTENT_KEYS.getOrDefault(op.name(), Pagination.DEFAULT_CONTENT_KEY);
  }

  /** The next page's URL from the {@code Link} header, taken verbatim; refuses a page that loops. */
  static Optional<URI> next(DssResponse page, URI current) {
    Optional<String> link = Pagination.nextLink(page.headers().get("Link"));
    if (link.isEmpty()) {
      return Optional.empty();
    }
    URI next = current.resolve(link.get());
    if (next.equals(current)) {
      throw new DssException("the next page link points back at the same page: " + HttpCall.withoutQuery(current));
    }
    return Optional.of(next);
  }
}
