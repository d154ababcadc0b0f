package hca.dss;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A small JDK HTTP server on loopback that answers fixed replies and records what it received. */
final class TinyServer implements AutoCloseable {

  /** One fixed reply. */
  record Reply(int status, Map<String, String> headers, byte[] body) {
    static Reply json(String body) {
      return new Reply(200, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
    }

    static Reply json(byte[] body) {
      return new Reply(200, Map.of("Content-Type", "application/json"), body);
    }

    static Reply redirect(int status, String location) {
      return new Reply(status, Map.of("Location", location), new byte[0]);
    }
  }

  /** What one request carried. */
  record Received(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  private final HttpServer server;
  private final Map<String, Reply> replies = new ConcurrentHashMap<>();
  final List<Received> received = new CopyOnWriteArrayList<>();
  final AtomicInteger requests = new AtomicInteger();

  TinyServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The server's base URL, {@code http://127.0.0.1:P}. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Answers {@code path} with {@code reply} from now on; a path with a query answers only that
   * query, and wins over the bare path.
   */
  TinyServer on(String path, Reply reply) {
    replies.put(path, reply);
    return this;
  }

  private void handle(HttpExchange x) throws IOException {
    requests.incrementAndGet();
    byte[] body = x.getRequestBody().readAllBytes();
    String path = x.getRequestURI().getPath();
    String query = x.getRequestURI().getRawQuery();
    received.add(new Received(x.getRequestMethod(), path, query, Map.copyOf(x.getRequestHeaders()), body));
    Reply r = query == null ? null : replies.get(path + "?" + query);
    r = r == null ? replies.get(path) : r;
    if (r == null) {
      r = new Reply(404, Map.of("Content-Type", "application/problem+json"),
          "{\"code\":\"not_found\",\"title\":\"nothing here\"}".getBytes(StandardCharsets.UTF_8));
    }
    r.headers().forEach((k, v) -> x.getResponseHeaders().add(k, v));
    x.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
    if (r.body().length > 0) {
      x.getResponseBody().write(r.body());
    }
    x.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
