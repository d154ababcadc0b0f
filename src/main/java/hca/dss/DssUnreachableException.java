package hca.dss;

import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;

/** No reply could be had from a host: connection refused or reset, or timed out, after retries. */
public final class DssUnreachableException extends DssException {

  private final String host;
  private final int attempts;

  /**
   * A failure to reach {@code uri}'s host.
   *
   * @param uri the request's URL; only its scheme, host and port are shown
   * @param attempts how many requests the call sent
   * @param cause the last connection error
   */
  public DssUnreachableException(URI uri, int attempts, IOException cause) {
    super(
        "cannot reach "
            + hostOf(uri)
            + ": "
            + describe(cause)
            + " (after "
            + attempts
            + (attempts == 1 ? " attempt)" : " attempts)"),
        cause);
    this.host = hostOf(uri);
    this.attempts = attempts;
  }

  /** The host (and port when given) that could not be reached. */
  public String host() {
    return host;
  }

  /** How many requests the call sent. */
  public int attempts() {
    return attempts;
  }

  static String hostOf(URI uri) {
    return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }

  // The JDK client often throws a ConnectException with no message; the causes say what happened.
  private static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException
          || t instanceof UnknownHostException) {
        return "unknown host";
      }
      if (t instanceof HttpConnectTimeoutException) {
        return "connection timed out";
      }
      if (t instanceof HttpTimeoutException) {
        return "no reply within the read timeout";
      }
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage().replaceAll("\\s+", " ");
      }
      if (t instanceof ClosedChannelException) {
        return "connection refused";
      }
    }
    return e.getClass().getSimpleName();
  }
}
