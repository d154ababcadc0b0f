package hca.dss.oauth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Listens on 127.0.0.1 on a free port for the one redirect of an authorization (RFC 8252 section
 * 7.3) and answers the browser with a short page. Other paths (a favicon) get 404.
 */
public final class LoopbackReceiver implements AutoCloseable {

  static final String PATH = "/";
  private static final byte[] DONE_PAGE =
      ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>hca</title></head><body>"
              + "<p>The authentication flow has completed. You may close this window.</p></body></html>\n")
          .getBytes(StandardCharsets.UTF_8);

  /** The query parameters of the redirect. */
  public record Redirect(Map<String, String> params) {
    public Optional<String> get(String name) {
      return Optional.ofNullable(params.get(name));
    }
  }

  private final HttpServer server;
  private final CompletableFuture<Redirect> redirect = new CompletableFuture<>();

  private LoopbackReceiver(HttpServer server) {
    this.server = server;
  }

  /** Starts listening on a free port of 127.0.0.1. */
  public static LoopbackReceiver start() throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    LoopbackReceiver r = new LoopbackReceiver(s);
    s.createContext(PATH, r::handle);
    s.start();
    return r;
  }

  /** The redirect URI to register in the authorization request, {@code http://127.0.0.1:PORT/}. */
  public String redirectUri() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
  }

  /** Waits for the redirect; empty when none came within {@code timeout}. */
  public Optional<Redirect> await(Duration timeout) throws InterruptedException {
    try {
      return Optional.of(redirect.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      if (!x.getRequestURI().getRawPath().equals(PATH) || !"GET".equals(x.getRequestMethod())) {
        x.sendResponseHeaders(404, -1);
        return;
      }
      Map<String, String> q = new HashMap<>();
      String raw = x.getRequestURI().getRawQuery();
      if (raw != null) {
        for (String pair : raw.split("&")) {
          int eq = pair.indexOf('=');
          if (eq > 0) {
            q.putIfAbsent(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
          }
        }
      }
      x.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      x.getResponseHeaders().set("Cache-Control", "no-store");
      x.sendResponseHeaders(200, DONE_PAGE.length);
      x.getResponseBody().write(DONE_PAGE);
      redirect.complete(new Redirect(Map.copyOf(q)));
    }
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
