package hca.dss;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final RetryPolicy NO_JITTER =
      RetryPolicy.defaults()
          .withJitter(false)
          .withDelays(Duration.ofMillis(500), Duration.ofSeconds(3))
          .withMaxRetryAfter(Duration.ofSeconds(60));

  @Test
  void backoffDoublesFromTheBaseDelayUpToTheMaximum() {
    assertThat(NO_JITTER.delay(1, Optional.empty(), () -> 0.5)).isEqualTo(Duration.ofMillis(500));
    assertThat(NO_JITTER.delay(2, Optional.empty(), () -> 0.5)).isEqualTo(Duration.ofMillis(1000));
    assertThat(NO_JITTER.delay(3, Optional.empty(), () -> 0.5)).isEqualTo(Duration.ofMillis(2000));
    assertThat(NO_JITTER.delay(4, Optional.empty(), () -> 0.5)).isEqualTo(Duration.ofSeconds(3));
    assertThat(NO_JITTER.delay(40, Optional.empty(), () -> 0.5)).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void fullJitterDrawsBetweenZeroAndTheExponentialDelay() {
    RetryPolicy p = NO_JITTER.withJitter(true);
    assertThat(p.delay(3, Optional.empty(), () -> 0.0)).isEqualTo(Duration.ZERO);
    assertThat(p.delay(3, Optional.empty(), () -> 0.25)).isEqualTo(Duration.ofMillis(500));
    assertThat(p.delay(3, Optional.empty(), () -> 0.9999999)).isEqualTo(Duration.ofMillis(2000));
  }

  @Test
  void retryAfterWinsOverBackoffButIsCapped() {
    assertThat(NO_JITTER.delay(1, Optional.of(Duration.ofSeconds(10)), () -> 0.5)).isEqualTo(Duration.ofSeconds(10));
    assertThat(NO_JITTER.delay(1, Optional.of(Duration.ofSeconds(600)), () -> 0.5)).isEqualTo(Duration.ofSeconds(60));
    assertThat(NO_JITTER.delay(1, Optional.of(Duration.ZERO), () -> 0.5)).isEqualTo(Duration.ZERO);
  }

  @Test
  void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
    Instant now = Instant.parse("2024-05-01T12:00:00Z");
    assertThat(RetryPolicy.parseRetryAfter("7", now)).contains(Duration.ofSeconds(7));
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(30).atOffset(ZoneOffset.UTC));
    assertThat(RetryPolicy.parseRetryAfter(date, now)).contains(Duration.ofSeconds(30));
    String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.minusSeconds(30).atOffset(ZoneOffset.UTC));
    assertThat(RetryPolicy.parseRetryAfter(past, now)).contains(Duration.ZERO);
    assertThat(RetryPolicy.parseRetryAfter("soon", now)).isEmpty();
    assertThat(RetryPolicy.parseRetryAfter(null, now)).isEmpty();
  }

  @Test
  void onlyIdempotentRequestsAndSearchAreRetryable() {
    for (String m : new String[] {"GET", "HEAD", "PUT", "DELETE", "OPTIONS"}) {
      assertThat(RetryPolicy.retryable(m, "/v1/files/x")).as(m).isTrue();
    }
    assertThat(RetryPolicy.retryable("POST", "/v1/search")).isTrue();
    assertThat(RetryPolicy.retryable("POST", "/v1/bundles/x/checkout")).isFalse();
    assertThat(RetryPolicy.retryable("PATCH", "/v1/bundles/x")).isFalse();
  }

  @Test
  void retryStatusesAreTheServerSideOnesAndTooManyRequests() {
    assertThat(RetryPolicy.RETRY_STATUSES).containsExactlyInAnyOrder(429, 500, 502, 503, 504);
  }
}
