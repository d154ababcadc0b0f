package hca.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A loopback HTTP server that records the requests it receives, for notification tests. */
public final class CallbackReceiver implements AutoCloseable {

  /** One received request. */
  public record Received(String method, Map<String, String> headers, byte[] body) {
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(Map.Entry::getValue)
          .findFirst()
          .orElse(null);
    }
  }

  private final HttpServer server;
  private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();

  public CallbackReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      Map<String, String> headers = new LinkedHashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
      received.add(new Received(ex.getRequestMethod(), headers, ex.getRequestBody().readAllBytes()));
      int status = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 200;
      ex.sendResponseHeaders(status, -1);
      ex.close();
    });
    server.start();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** The next {@code n} requests to answer 500. */
  public void failNext(int n) {
    failuresLeft.set(n);
  }

  /** Waits for the next request, at most {@code seconds}. */
  public Received next(int seconds) throws InterruptedException {
    return received.poll(seconds, TimeUnit.SECONDS);
  }

  /** The requests received so far and not yet taken. */
  public List<Received> drain() {
    List<Received> l = new ArrayList<>();
    received.drainTo(l);
    return l;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
