package hca.transfer;

import java.io.Closeable;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows how a download goes: on a terminal a progress bar (bytes, files, rate, ETA); otherwise a
 * plain line every 10 seconds, such as {@code downloaded 120/1000 files, 1.2/8.0 GiB, 85 MiB/s,
 * ETA 1m40s}; and a summary line on {@link #close()}. Files already present count as done, with
 * their bytes; rows refused count as done and failed. The totals are the files and bytes planned
 * so far ({@link #planned}); while nothing is planned (-1) the line shows no totals and no ETA.
 */
public final class Progress implements TransferListener, Closeable {

  static final Duration PLAIN_INTERVAL = Duration.ofSeconds(10);

  private final AtomicLong totalFiles;
  private final AtomicLong totalBytes;
  private final PrintStream err;
  private final LongSupplier nanoTime;
  private final long start;
  private final AtomicLong received = new AtomicLong();
  /** Bytes done without being received: files present, and the part of a resumed file already there. */
  private final AtomicLong skippedBytes = new AtomicLong();
  private final AtomicLong filesDone = new AtomicLong();
  private final AtomicLong fetched = new AtomicLong();
  private final AtomicLong present = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final ProgressBar bar;
  private final ScheduledExecutorService ticker;
  private volatile boolean closed;

  Progress(long totalFiles, long totalBytes, PrintStream err, boolean terminal, LongSupplier nanoTime, Duration interval) {
    this.totalFiles = new AtomicLong(totalFiles);
    this.totalBytes = new AtomicLong(totalBytes);
    this.err = err;
    this.nanoTime = nanoTime;
    this.start = nanoTime.getAsLong();
    if (terminal) {
      bar =
          new ProgressBarBuilder()
              .setTaskName("download")
              .setInitialMax(totalBytes < 0 ? -1 : totalBytes)
              .setUnit(" MiB", 1L << 20)
              .showSpeed()
              .setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(500)
              .continuousUpdate()
              .setConsumer(new ConsoleProgressBarConsumer(err))
              .build();
      bar.setExtraMessage(" " + files());
      ticker = null;
    } else {
      bar = null;
      if (interval == null) {
        ticker = null;
      } else {
        ticker =
            Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread t = new Thread(r, "download-progress");
                  t.setDaemon(true);
                  return t;
                });
        long ms = interval.toMillis();
        ticker.scheduleAtFixedRate(() -> err.println(line()), ms, ms, TimeUnit.MILLISECONDS);
      }
    }
  }

  /**
   * A progress display for a download of {@code totalFiles} files of {@code totalBytes} bytes.
   *
   * @param terminal whether {@code err} is a terminal (a bar), else plain periodic lines
   */
  public static Progress forConsole(long totalFiles, long totalBytes, PrintStream err, boolean terminal) {
    return new Progress(totalFiles, totalBytes, err, terminal, System::nanoTime, PLAIN_INTERVAL);
  }

  @Override
  public void bytes(long n) {
    received.addAndGet(n);
    if (bar != null) {
      bar.stepBy(n);
    }
  }

  @Override
  public void finished(FetchRequest r, FetchResult result) {
    filesDone.incrementAndGet();
    switch (result.status()) {
      case FETCHED -> {
        fetched.incrementAndGet();
        skip(Math.max(0, r.size() - result.bytesTransferred()));
      }
      case PRESENT -> {
        present.incrementAndGet();
        skip(r.size());
      }
      default -> failed.incrementAndGet();
    }
    showFiles();
  }

  @Override
  public void refused() {
    filesDone.incrementAndGet();
    failed.incrementAndGet();
    showFiles();
  }

  @Override
  public void planned(long files, long bytes) {
    totalFiles.updateAndGet(t -> Math.max(t, 0) + files);
    long total = totalBytes.updateAndGet(t -> Math.max(t, 0) + bytes);
    if (bar != null) {
      bar.maxHint(total);
    }
    showFiles();
  }

  private void skip(long n) {
    skippedBytes.addAndGet(n);
    if (bar != null) {
      bar.stepBy(n);
    }
  }

  private void showFiles() {
    if (bar != null) {
      bar.setExtraMessage(" " + files());
    }
  }

  /** The plain progress line. */
  String line() {
    long done = received.get() + skippedBytes.get();
    long total = totalBytes.get();
    double seconds = elapsedSeconds();
    double rate = seconds > 0 ? received.get() / seconds : 0;
    String bytes;
    if (total < 0) {
      bytes = DiskSpace.bytes(done) + ", " + rate(rate);
    } else {
      long left = total - done;
      String eta;
      if (left <= 0) {
        eta = "ETA 0s";
      } else if (rate <= 0) {
        eta = "ETA ?";
      } else {
        eta = "ETA " + duration(Duration.ofSeconds((long) Math.ceil(left / rate)));
      }
      bytes = pair(done, total) + ", " + rate(rate) + ", " + eta;
    }
    return "downloaded " + files() + ", " + bytes + (failed.get() > 0 ? ", " + failed.get() + " failed" : "");
  }

  /** The summary line printed on close. */
  public String summary() {
    double seconds = elapsedSeconds();
    double rate = seconds > 0 ? received.get() / seconds : 0;
    return "downloaded " + files() + " (" + fetched.get() + " fetched, " + present.get() + " already present, "
        + failed.get() + " failed), " + DiskSpace.bytes(received.get()) + " in "
        + duration(Duration.ofMillis((long) (seconds * 1000))) + ", " + rate(rate);
  }

  private String files() {
    long total = totalFiles.get();
    return filesDone.get() + (total < 0 ? "" : "/" + total) + " files";
  }

  private double elapsedSeconds() {
    return (nanoTime.getAsLong() - start) / 1e9;
  }

  /** {@code 1.2/8.0 GiB}: both in the unit of the total. */
  static String pair(long done, long total) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    int u = 0;
    double scale = 1;
    while (u < units.length - 1 && total >= scale * 1024) {
      scale *= 1024;
      u++;
    }
    if (u == 0) {
      return done + "/" + total + " B";
    }
    return String.format(Locale.ROOT, "%.1f/%.1f %s", done / scale, total / scale, units[u]);
  }

  static String rate(double bytesPerSecond) {
    double mib = bytesPerSecond / (1 << 20);
    if (mib >= 10) {
      return String.format(Locale.ROOT, "%.0f MiB/s", mib);
    }
    if (mib >= 0.1) {
      return String.format(Locale.ROOT, "%.1f MiB/s", mib);
    }
    return String.format(Locale.ROOT, "%.0f KiB/s", bytesPerSecond / 1024);
  }

  /** {@code 45s}, {@code 1m40s}, {@code 2h03m}. */
  static String duration(Duration d) {
    long s = d.toSeconds();
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
    }
    return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
  }

  /**
   * Stops the display. The summary line ({@link #summary()}) is the command's to print: a run that
   * failed or stopped ends with its one error line instead.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (ticker != null) {
      ticker.shutdownNow();
    }
    if (bar != null) {
      bar.close();
      err.println(); // the bar leaves the cursor at the end of its line
    }
  }
}
