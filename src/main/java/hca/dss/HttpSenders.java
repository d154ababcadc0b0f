package hca.dss;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The two ways {@link DssHttp} sends one request, without retrying or following anything: the
 * JDK's asynchronous {@code HttpClient} for API calls, and its blocking {@code HttpURLConnection}
 * for bulk reads of file content, which costs much less CPU per request and per byte.
 */
final class HttpSenders {

  static {
    // The JDK client reads bodies in buffers of this size (default 16 KiB); larger ones take a
    // third of the system time off a large download. Read once, when the client code loads.
    if (System.getProperty("jdk.httpclient.bufsize") == null) {
      System.setProperty("jdk.httpclient.bufsize", String.valueOf(256 * 1024));
    }
    // HttpURLConnection keeps 5 idle connections per server by default: a parallel download
    // would open a new connection for most files. Read when its keep-alive cache first loads.
    if (System.getProperty("http.maxConnections") == null) {
      System.setProperty("http.maxConnections", "128");
    }
  }

  private HttpSenders() {}

  /** One request and its reply, before retries and redirects are decided on. */
  record Hop(int status, Map<String, List<String>> headers, InputStream body) {

    /** The first value of a header, or null. */
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  /** Sends one request without following anything. */
  @FunctionalInterface
  interface Sender {
    Hop send(HttpCall call) throws IOException, InterruptedException;
  }

  /**
   * A sender over one pooled JDK {@code HttpClient} (HTTP/1.1, no redirects): {@code readTimeout}
   * bounds the wait for a reply's headers.
   */
  static Sender async(Duration connectTimeout, Duration readTimeout, String userAgent) {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .sslContext(LazyTls.context())
            .sslParameters(LazyTls.parameters())
            .build();
    return call -> {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(call.uri()).timeout(readTimeout).header("User-Agent", userAgent);
      call.headers().forEach(b::header);
      b.method(
          call.method(),
          call.body() == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(call.body()));
      HttpResponse<InputStream> r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      return new Hop(r.statusCode(), r.headers().map(), r.body());
    };
  }

  /**
   * A sender over {@code HttpURLConnection}, whose keep-alive cache the JVM shares: {@code
   * idleTimeout} bounds the wait for the headers and for every read of the body. Bodiless calls
   * only (the caller checks).
   */
  static Sender blocking(Duration connectTimeout, Duration idleTimeout, String userAgent) {
    int connectMs = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    int idleMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE, idleTimeout.toMillis()));
    return call -> {
      HttpURLConnection c = (HttpURLConnection) call.uri().toURL().openConnection();
      c.setInstanceFollowRedirects(false);
      c.setUseCaches(false);
      c.setConnectTimeout(connectMs);
      c.setReadTimeout(idleMs);
      c.setRequestMethod(call.method());
      c.setRequestProperty("User-Agent", userAgent);
      c.setRequestProperty("Accept", "*/*");
      call.headers().forEach(c::setRequestProperty);
      int status;
      try {
        status = c.getResponseCode();
      } catch (IOException e) {
        c.disconnect();
        throw e;
      }
      if (status < 0) {
        c.disconnect();
        throw new IOException("not an HTTP reply from " + HttpCall.withoutQuery(call.uri()));
      }
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      c.getHeaderFields().forEach((k, v) -> {
        if (k != null) {
          headers.put(k, v);
        }
      });
      InputStream body = status >= 400 ? c.getErrorStream() : c.getInputStream();
      return new Hop(status, headers, body == null ? InputStream.nullInputStream() : body);
    };
  }
}
