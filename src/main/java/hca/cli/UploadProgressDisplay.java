package hca.cli;

import hca.transfer.UploadProgress;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress of {@code hca dss upload} on stderr: a progress bar per phase on a terminal, else a
 * plain line per phase and every few seconds (for logs and pipes).
 */
final class UploadProgressDisplay implements UploadProgress {

  private static final long MB = 1_000_000;

  private final PrintStream err;
  private final boolean terminal;
  private final long intervalSeconds;
  private final AtomicInteger filesDone = new AtomicInteger();
  private final AtomicLong bytesDone = new AtomicLong();
  private ScheduledExecutorService ticker;
  private ProgressBar bar;
  private volatile String phase;
  private volatile int files;
  private volatile long bytes;

  UploadProgressDisplay(PrintStream err, boolean terminal, long intervalSeconds) {
    this.err = err;
    this.terminal = terminal;
    this.intervalSeconds = intervalSeconds;
  }

  /** The display for this process: a bar when stderr is a terminal, unless turned off. */
  static UploadProgress forConsole(PrintStream err, boolean noProgress) {
    if (noProgress) {
      return UploadProgress.none();
    }
    return new UploadProgressDisplay(err, System.console() != null, 10);
  }

  @Override
  public synchronized void phase(String name, int files, long bytes) {
    finishPhase();
    this.phase = name;
    this.files = files;
    this.bytes = bytes;
    filesDone.set(0);
    bytesDone.set(0);
    if (terminal) {
      bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(Math.max(bytes, 1)).setUnit(" MB", MB)
          .setStyle(ProgressBarStyle.ASCII).setConsumer(new BarLine(err)).showSpeed().build();
    } else {
      err.println("upload: " + name + " " + files + " files, " + mb(bytes));
      if (ticker == null) {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "upload-progress");
          t.setDaemon(true);
          return t;
        });
        ticker.scheduleAtFixedRate(this::line, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
      }
    }
  }

  @Override
  public void advance(int files, long bytes) {
    filesDone.addAndGet(files);
    bytesDone.addAndGet(bytes);
    ProgressBar b = bar;
    if (b != null && bytes > 0) {
      b.stepBy(bytes);
    }
  }

  @Override
  public synchronized void done() {
    finishPhase();
    if (ticker != null) {
      ticker.shutdownNow();
      ticker = null;
    }
  }

  private void finishPhase() {
    if (bar != null) {
      bar.close();
      err.println(); // the bar's own line ends here, whether or not it was ever redrawn
      bar = null;
    } else if (phase != null && !terminal) {
      line();
    }
    phase = null;
  }

  private void line() {
    String p = phase;
    if (p != null) {
      err.println("upload: " + p + " " + filesDone.get() + "/" + files + " files, "
          + mb(bytesDone.get()) + " of " + mb(bytes));
    }
  }

  /**
   * The bar redrawn in place on one line. The library ends that line only when the bar was
   * redrawn at least once before it was closed; {@link #finishPhase} ends it every time instead.
   */
  private static final class BarLine extends ConsoleProgressBarConsumer {
    private final PrintStream stream;

    BarLine(PrintStream out) {
      super(out);
      this.stream = out;
    }

    @Override
    public void close() {
      stream.flush();
    }
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / (double) MB);
  }
}
