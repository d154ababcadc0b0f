package hca.transfer;

import java.time.Duration;

/**
 * How hard a {@link FileFetcher} tries.
 *
 * @param attemptsPerFile the most GET requests for one file, the first included (each may hold the
 *     HTTP client's own retries of errors before the body starts)
 * @param runRetryBudget the most retries all fetches of one fetcher may make together
 * @param baseDelay the backoff before the first retry, doubled for each further one, with jitter;
 *     a server's {@code Retry-After} wins
 * @param maxDelay the longest backoff
 */
public record FetchLimits(int attemptsPerFile, int runRetryBudget, Duration baseDelay, Duration maxDelay) {

  public FetchLimits {
    if (attemptsPerFile < 1) {
      throw new IllegalArgumentException("attemptsPerFile must be at least 1, not " + attemptsPerFile);
    }
    if (runRetryBudget < 0) {
      throw new IllegalArgumentException("runRetryBudget must not be negative, not " + runRetryBudget);
    }
    if (baseDelay.isNegative() || maxDelay.isNegative()) {
      throw new IllegalArgumentException("retry delays must not be negative");
    }
  }

  /** 10 attempts per file, 1000 retries a run, 0.25 s doubling up to 10 s. */
  public static FetchLimits defaults() {
    return new FetchLimits(10, 1000, Duration.ofMillis(250), Duration.ofSeconds(10));
  }
}
