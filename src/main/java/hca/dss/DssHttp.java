package hca.dss;

import hca.config.HcaConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP stack of the DSS client: a shared JDK {@link HttpClient} (HTTP/1.1, pooled
 * keep-alive connections, connect and read timeouts) that sends {@link HttpCall}s with the retries
 * of a {@link RetryPolicy} and follows redirects itself: a redirect carrying {@code Retry-After}
 * (the DSS's "checkout in progress" 301) is followed after that wait, only http(s) targets are
 * followed, and credentials do not cross to another origin. Plain http goes only where {@link
 * HcaConfig#httpAllowed(URI, boolean)} allows it. Bulk reads of file content go through {@link
 * #openStream}, the same loop over the JDK's blocking {@code HttpURLConnection} ({@link
 * HttpSenders}). Thread-safe.
 */
public final class DssHttp {

  private static final Logger LOG = LoggerFactory.getLogger(DssHttp.class);
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  private static final int DRAIN_LIMIT = 64 * 1024;

  private final HttpSenders.Sender api;
  private final Duration connectTimeout;
  private final RetryPolicy retry;
  private final AtomicInteger retriesLeft;
  private final int maxRedirects;
  private final boolean allowInsecureHttp;
  private final Sleeper sleeper;
  private final Clock clock;
  private final String userAgent;
  private final AtomicLong requestsSent = new AtomicLong();

  private DssHttp(Builder b) {
    this.connectTimeout = b.connectTimeout;
    this.retry = b.retry;
    this.retriesLeft = new AtomicInteger(b.retry.retryBudget());
    this.maxRedirects = b.maxRedirects;
    this.allowInsecureHttp = b.allowInsecureHttp;
    this.sleeper = b.sleeper;
    this.clock = b.clock;
    this.userAgent = "hca/" + version();
    this.api = HttpSenders.async(b.connectTimeout, b.readTimeout, userAgent);
  }

  /** A builder with the defaults: 20 s connect, 40 s read, {@link RetryPolicy#defaults()}, 64 redirects. */
  public static Builder builder() {
    return new Builder();
  }

  /** The version of this library from the jar manifest, or {@code dev} when not run from a jar. */
  public static String version() {
    String v = DssHttp.class.getPackage().getImplementationVersion();
    return v == null || v.isBlank() ? "dev" : v;
  }

  /** The {@code User-Agent} sent with every request. */
  public String userAgent() {
    return userAgent;
  }

  /** The retry policy. */
  public RetryPolicy retryPolicy() {
    return retry;
  }

  /** How many retries are left in this client's run-wide budget. */
  public int retriesLeft() {
    return retriesLeft.get();
  }

  /** How many requests this client has sent in all. */
  public long requestsSent() {
    return requestsSent.get();
  }

  /** Whether plain http may go to hosts other than loopback. */
  public boolean allowInsecureHttp() {
    return allowInsecureHttp;
  }

  /**
   * Sends the call, with retries and redirects, and reads the whole final reply.
   *
   * @throws DssUnreachableException when no reply could be had after the retries
   * @throws DssException for an insecure URL, a redirect to a non-http(s) URL, too many redirects
   */
  public HttpReply send(HttpCall call) {
    boolean retryable = RetryPolicy.retryable(call.method(), call.uri().getPath());
    int attempts = 0;
    for (int round = 1; ; round++) {
      HttpReply r = open(call);
      attempts += r.attempts();
      try (InputStream in = r.body()) {
        byte[] body = in.readAllBytes();
        return new HttpReply(r.status(), r.uri(), r.headers(), new ByteArrayInputStream(body), attempts);
      } catch (IOException cutOff) {
        // The reply broke off mid-body: for an idempotent request, ask again from the start.
        if (!(retryable && round < retry.maxAttempts() && takeRetry())) {
          throw new DssUnreachableException(r.uri(), attempts, cutOff);
        }
        LOG.debug("{}: reply cut off ({}); retry {}", call, cutOff.getClass().getSimpleName(), round);
        sleep(retry.delay(round, Optional.empty(), ThreadLocalRandom.current()::nextDouble));
      }
    }
  }

  /**
   * Like {@link #send} but the final reply's body is left as a stream; the caller must close it.
   * Error statuses are returned, not thrown.
   */
  public HttpReply open(HttpCall call) {
    return open(call, api);
  }

  /**
   * Like {@link #open}, for reading file content in bulk: GET and HEAD only, sent through the
   * JDK's blocking {@code HttpURLConnection}, which costs a download much less CPU per request and
   * per byte than the asynchronous client and keeps its connections alive across the DSS's
   * redirect to the blob. A body that sends nothing for {@code idleTimeout} fails the read with a
   * {@link java.net.SocketTimeoutException}, as does a server that sends no headers for that long.
   *
   * @throws IllegalArgumentException for another method, or a call with a body
   */
  public HttpReply openStream(HttpCall call, Duration idleTimeout) {
    if (call.body() != null || !(call.method().equals("GET") || call.method().equals("HEAD"))) {
      throw new IllegalArgumentException("openStream sends GET and HEAD only: " + call);
    }
    return open(call, HttpSenders.blocking(connectTimeout, idleTimeout, userAgent));
  }

  private HttpReply open(HttpCall call, HttpSenders.Sender sender) {
    HttpCall current = call;
    int attempts = 0;
    int hopAttempts = 0;
    int redirects = 0;
    while (true) {
      checkAllowed(current.uri());
      boolean retryable = RetryPolicy.retryable(current.method(), current.uri().getPath());
      HttpSenders.Hop r;
      attempts++;
      hopAttempts++;
      try {
        requestsSent.incrementAndGet();
        r = sender.send(current);
      } catch (IOException e) {
        // a name that does not resolve will not resolve a second later, and a port nothing
        // listens on is worth a quick second look, not a minute of backoff
        int limit = refused(e) ? Math.min(REFUSED_ATTEMPTS, retry.maxAttempts()) : retry.maxAttempts();
        if (retryable && !unknownHost(e) && hopAttempts < limit && takeRetry()) {
          Duration wait = retry.delay(hopAttempts, Optional.empty(), ThreadLocalRandom.current()::nextDouble);
          LOG.debug("{} failed ({}); retry {} in {} ms", current, e.getClass().getSimpleName(), hopAttempts, wait.toMillis());
          sleep(wait);
          continue;
        }
        throw new DssUnreachableException(current.uri(), attempts, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DssException("interrupted while sending " + current);
      }
      int status = r.status();
      Optional<Duration> retryAfter = RetryPolicy.parseRetryAfter(r.header("Retry-After"), clock.instant());
      if (RetryPolicy.RETRY_STATUSES.contains(status)
          && retryable
          && hopAttempts < retry.maxAttempts()
          && takeRetry()) {
        discard(r.body());
        Duration wait = retry.delay(hopAttempts, retryAfter, ThreadLocalRandom.current()::nextDouble);
        LOG.debug("{} answered {}; retry {} in {} ms", current, status, hopAttempts, wait.toMillis());
        sleep(wait);
        continue;
      }
      Optional<String> location = Optional.ofNullable(r.header("Location"));
      if (REDIRECTS.contains(status) && location.isPresent()) {
        discard(r.body());
        URI target = redirectTarget(current.uri(), location.get());
        if (++redirects > maxRedirects) {
          throw new DssException(
              "more than " + maxRedirects + " redirects, starting from " + call);
        }
        if (retryAfter.isPresent()) {
          Duration wait = retry.capRetryAfter(retryAfter.get());
          LOG.info("Waiting {}s before redirect per Retry-After header", wait.toSeconds());
          sleep(wait);
        }
        current = current.redirectedTo(target, status);
        hopAttempts = 0;
        continue;
      }
      return new HttpReply(status, current.uri(), r.headers(), r.body(), attempts);
    }
  }

  /** Attempts at a connection that is refused outright. */
  static final int REFUSED_ATTEMPTS = 3;

  private static boolean refused(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof java.net.ConnectException && !(c instanceof java.net.http.HttpConnectTimeoutException)) {
        return true;
      }
    }
    return false;
  }

  private static boolean unknownHost(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof java.net.UnknownHostException || c instanceof java.nio.channels.UnresolvedAddressException) {
        return true;
      }
    }
    return false;
  }

  private void checkAllowed(URI uri) {
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      throw new DssException("not an http(s) URL: " + HttpCall.withoutQuery(uri));
    }
    if (!HcaConfig.httpAllowed(uri, allowInsecureHttp)) {
      throw new DssException(
          "refusing plain http to "
              + uri.getHost()
              + ": use https, or set allow_insecure_http to true in the configuration");
    }
  }

  private static URI redirectTarget(URI from, String location) {
    URI target;
    try {
      target = from.resolve(location.trim());
    } catch (IllegalArgumentException e) {
      throw new DssException("redirect target is not a valid URL (from " + HttpCall.withoutQuery(from) + ")");
    }
    String scheme = target.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      throw new DssException(
          "redirect target is not http(s): "
              + (scheme == null ? location : scheme + "://" + String.valueOf(target.getRawAuthority()) + "/...")
              + " (from " + HttpCall.withoutQuery(from) + ")");
    }
    return target;
  }

  private boolean takeRetry() {
    return retriesLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }

  private void sleep(Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DssException("interrupted while waiting to retry");
    }
  }

  // Reading a small leftover body lets the connection go back to the pool.
  private static void discard(InputStream body) {
    try (InputStream in = body) {
      in.readNBytes(DRAIN_LIMIT);
    } catch (IOException ignored) {
      // the connection is dropped instead
    }
  }

  /** Settings of a {@link DssHttp}. */
  public static final class Builder {
    private Duration connectTimeout = Duration.ofSeconds(20);
    private Duration readTimeout = Duration.ofSeconds(40);
    private RetryPolicy retry = RetryPolicy.defaults();
    private int maxRedirects = 64;
    private boolean allowInsecureHttp;
    private Sleeper sleeper = Sleeper.real();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** How long to wait for a connection (default 20 s). */
    public Builder connectTimeout(Duration d) {
      this.connectTimeout = positive(d, "connectTimeout");
      return this;
    }

    /** How long to wait for a reply's status and headers (default 40 s). */
    public Builder readTimeout(Duration d) {
      this.readTimeout = positive(d, "readTimeout");
      return this;
    }

    /** When to retry (default {@link RetryPolicy#defaults()}). */
    public Builder retryPolicy(RetryPolicy p) {
      this.retry = p;
      return this;
    }

    /** How many redirects one call may follow (default 64). */
    public Builder maxRedirects(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("maxRedirects must not be negative");
      }
      this.maxRedirects = n;
      return this;
    }

    /** Whether plain http may go to hosts other than loopback (default false). */
    public Builder allowInsecureHttp(boolean allow) {
      this.allowInsecureHttp = allow;
      return this;
    }

    /** How to wait (default: really sleep). */
    public Builder sleeper(Sleeper s) {
      this.sleeper = s;
      return this;
    }

    /** The clock that HTTP-date {@code Retry-After} values are read against. */
    public Builder clock(Clock c) {
      this.clock = c;
      return this;
    }

    /** The client. */
    public DssHttp build() {
      return new DssHttp(this);
    }

    private static Duration positive(Duration d, String what) {
      if (d == null || d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(what + " must be positive");
      }
      return d;
    }
  }
}
