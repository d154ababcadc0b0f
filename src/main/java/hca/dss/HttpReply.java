package hca.dss;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The final reply to an {@link HttpCall}, after retries and redirects: status, headers, the URL
 * that answered, and the body as a stream. Close it when the body is not read to the end.
 */
public final class HttpReply implements Closeable {

  private final int status;
  private final URI uri;
  private final Map<String, List<String>> headers;
  private final InputStream body;
  private final int attempts;

  HttpReply(int status, URI uri, Map<String, List<String>> headers, InputStream body, int attempts) {
    this.status = status;
    this.uri = uri;
    TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
    this.headers = Collections.unmodifiableMap(h);
    this.body = body == null ? new ByteArrayInputStream(new byte[0]) : body;
    this.attempts = attempts;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The URL that gave this reply (after redirects). */
  public URI uri() {
    return uri;
  }

  /** The headers, with case-insensitive names. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The first value of a header, or null. */
  public String header(String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** Every value of a header; empty when absent. */
  public List<String> headerValues(String name) {
    return headers.getOrDefault(name, List.of());
  }

  /** The body; read it once. */
  public InputStream body() {
    return body;
  }

  /** Reads the whole body and closes it. */
  public byte[] bytes() {
    try (InputStream in = body) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * This reply as an error, {@code code: title (HTTP n)}, read from at most the first 64 KiB of
   * its body (a DSS problem body, or a storage service's own error), which is then closed.
   */
  public DssApiException error() {
    byte[] head;
    try (InputStream in = body) {
      head = in.readNBytes(64 * 1024);
    } catch (IOException e) {
      head = new byte[0];
    }
    return DssResponse.of(status, headers, head, attempts).error();
  }

  /** How many requests the call sent, retries and redirects included. */
  public int attempts() {
    return attempts;
  }

  /** Closes the body without reading the rest. */
  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException ignored) {
      // nothing more to release
    }
  }

  @Override
  public String toString() {
    return "HttpReply[" + status + " from " + HttpCall.withoutQuery(uri) + "]";
  }
}
