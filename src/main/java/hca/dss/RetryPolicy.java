package hca.dss;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * When and how long to wait before sending a request again.
 *
 * <p>Retried: GET, HEAD, PUT, DELETE, OPTIONS and POST to {@code .../search} (the requests the DSS
 * itself marks retryable), on 429, 500, 502, 503 and 504 and on connection errors. Never retried:
 * PATCH, other POSTs, and other 4xx statuses. The wait is exponential backoff with full jitter, unless
 * the reply carries {@code Retry-After}, which wins (capped at {@link #maxRetryAfter}). A host
 * name that does not resolve is not retried, and a refused connection at most twice.
 *
 * @param maxAttempts how many times one request may be sent, the first time included
 * @param baseDelay the backoff before the first retry (doubled for each further retry)
 * @param maxDelay the longest backoff
 * @param maxRetryAfter the longest wait a server's {@code Retry-After} may ask for
 * @param jitter whether the backoff is drawn uniformly from zero to its exponential value
 * @param retryBudget how many retries one {@link DssHttp} may make in all, across every call
 */
public record RetryPolicy(
    int maxAttempts,
    Duration baseDelay,
    Duration maxDelay,
    Duration maxRetryAfter,
    boolean jitter,
    int retryBudget) {

  /** The statuses that are worth another try. */
  public static final Set<Integer> RETRY_STATUSES = Set.of(429, 500, 502, 503, 504);

  private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
    }
    if (retryBudget < 0) {
      throw new IllegalArgumentException("retryBudget must not be negative, not " + retryBudget);
    }
    if (baseDelay.isNegative() || maxDelay.isNegative() || maxRetryAfter.isNegative()) {
      throw new IllegalArgumentException("retry delays must not be negative");
    }
  }

  /** Eight attempts, 0.5 s doubling up to 20 s with jitter, Retry-After up to 60 s, 200 retries a run. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(
        8, Duration.ofMillis(500), Duration.ofSeconds(20), Duration.ofSeconds(60), true, 200);
  }

  /** No retries at all. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO, false, 0);
  }

  /** This policy with another {@code maxAttempts}. */
  public RetryPolicy withMaxAttempts(int n) {
    return new RetryPolicy(n, baseDelay, maxDelay, maxRetryAfter, jitter, retryBudget);
  }

  /** This policy with another backoff range. */
  public RetryPolicy withDelays(Duration base, Duration max) {
    return new RetryPolicy(maxAttempts, base, max, maxRetryAfter, jitter, retryBudget);
  }

  /** This policy with another cap on {@code Retry-After}. */
  public RetryPolicy withMaxRetryAfter(Duration max) {
    return new RetryPolicy(maxAttempts, baseDelay, maxDelay, max, jitter, retryBudget);
  }

  /** This policy with jitter on or off. */
  public RetryPolicy withJitter(boolean on) {
    return new RetryPolicy(maxAttempts, baseDelay, maxDelay, maxRetryAfter, on, retryBudget);
  }

  /** This policy with another run-wide retry budget. */
  public RetryPolicy withRetryBudget(int n) {
    return new RetryPolicy(maxAttempts, baseDelay, maxDelay, maxRetryAfter, jitter, n);
  }

  /** Whether a request with this method to this path may be sent again. */
  public static boolean retryable(String method, String path) {
    String m = method.toUpperCase(Locale.ROOT);
    return IDEMPOTENT.contains(m)
        || (m.equals("POST") && path != null && (path.endsWith("/search") || path.equals("search")));
  }

  /**
   * The wait before retry number {@code retry} (1 for the first): the server's {@code retryAfter}
   * when given, capped; else {@code min(maxDelay, baseDelay * 2^(retry-1))}, drawn uniformly from
   * zero up to that when jitter is on.
   */
  public Duration delay(int retry, Optional<Duration> retryAfter, DoubleSupplier random) {
    if (retryAfter.isPresent()) {
      return capRetryAfter(retryAfter.get());
    }
    long base = baseDelay.toMillis();
    long max = maxDelay.toMillis();
    long exp = retry >= 31 ? max : Math.min(max, base << Math.max(0, retry - 1));
    if (exp < 0) {
      exp = max;
    }
    return Duration.ofMillis(jitter ? (long) (random.getAsDouble() * (exp + 1)) : exp);
  }

  /** A server-requested wait, no longer than {@link #maxRetryAfter} and not negative. */
  public Duration capRetryAfter(Duration wait) {
    if (wait.isNegative()) {
      return Duration.ZERO;
    }
    return wait.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : wait;
  }

  /**
   * A {@code Retry-After} value: whole seconds or an HTTP date (relative to {@code now}); empty
   * when absent or unreadable.
   */
  public static Optional<Duration> parseRetryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String v = value.trim();
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
    } catch (NumberFormatException notSeconds) {
      // maybe a date
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException notADate) {
      return Optional.empty();
    }
  }
}
