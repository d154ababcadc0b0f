package hca.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Cuts off a response body that stops sending: the HTTP client's timeout covers only the wait for
 * the headers, and a connection that stays open but silent would block a read for ever. Closing the
 * stream from the watching thread makes the blocked read fail, so the fetch resumes with a new
 * request. One daemon thread watches every body of the JVM.
 */
final class StallWatch {

  private static final Set<StallWatch> WATCHED = ConcurrentHashMap.newKeySet();
  private static final long TICK_MS = 250;

  private static final class Ticker {
    static final ScheduledExecutorService EXEC =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "fetch-stall-watch");
              t.setDaemon(true);
              return t;
            });

    static {
      EXEC.scheduleWithFixedDelay(StallWatch::checkAll, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    static void ensureStarted() {
      // loading this class starts the ticker
    }
  }

  private final InputStream in;
  private final long timeoutNanos;
  private volatile long last = System.nanoTime();
  private volatile boolean stalled;

  private StallWatch(InputStream in, Duration timeout) {
    this.in = in;
    this.timeoutNanos = timeout.toNanos();
  }

  static StallWatch start(InputStream in, Duration timeout) {
    Ticker.ensureStarted();
    StallWatch w = new StallWatch(in, timeout);
    WATCHED.add(w);
    return w;
  }

  /** Bytes arrived. */
  void touch() {
    last = System.nanoTime();
  }

  /** Whether the body was cut off for silence. */
  boolean stalled() {
    return stalled;
  }

  void stop() {
    WATCHED.remove(this);
  }

  private static void checkAll() {
    long now = System.nanoTime();
    for (StallWatch w : WATCHED) {
      if (!w.stalled && now - w.last > w.timeoutNanos) {
        w.stalled = true;
        try {
          w.in.close();
        } catch (IOException | RuntimeException ignored) {
          // the reader sees the stream fail either way
        }
      }
    }
  }
}
