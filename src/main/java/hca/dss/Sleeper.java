package hca.dss;

import java.time.Duration;

/** Waits between retries and before redirects; tests substitute one that records the waits. */
@FunctionalInterface
public interface Sleeper {

  /** Waits for {@code duration}. */
  void sleep(Duration duration) throws InterruptedException;

  /** Really waits, with {@link Thread#sleep}. */
  static Sleeper real() {
    return d -> {
      if (!d.isZero() && !d.isNegative()) {
        Thread.sleep(d.toMillis());
      }
    };
  }
}
