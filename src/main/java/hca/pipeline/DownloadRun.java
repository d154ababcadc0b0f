package hca.pipeline;

import hca.transfer.DiskFullException;
import hca.transfer.DownloadSummary;
import hca.transfer.DownloadOptions;
import hca.dss.DssClient;
import hca.transfer.FetchLimits;
import hca.transfer.FetchRequest;
import hca.transfer.FetchResult;
import hca.transfer.FileFetcher;
import hca.transfer.FileStore;
import hca.transfer.ReportWriter;
import hca.transfer.TransferListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The state of one download run, carried by its exchanges: the store, the fetcher with the run's
 * retry budget, the report, progress and the counts. Created by the route that starts the run,
 * closed by the one that ends it.
 */
public final class DownloadRun implements AutoCloseable {

  /** The exchange property that holds the run. */
  public static final String PROPERTY = "hca.download.run";

  private final DssClient client;
  private final DownloadOptions options;
  private final FileStore store;
  private final FileFetcher fetcher;
  private final Semaphore slots;
  private final Path reportFile;
  private ReportWriter report;
  private TransferListener progress = TransferListener.NONE;
  private final AtomicLong fetched = new AtomicLong();
  private final AtomicLong present = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong plannedFiles = new AtomicLong();
  private final AtomicLong plannedBytes = new AtomicLong();
  private final long started = System.nanoTime();
  private final AtomicReference<Exception> stop = new AtomicReference<>();

  /** Makes the display of a run's progress once its size is known: (files, bytes) -> listener. */
  @FunctionalInterface
  public interface ProgressDisplay {
    TransferListener start(long files, long bytes);

    ProgressDisplay NONE = (f, b) -> TransferListener.NONE;
  }

  private final ProgressDisplay display;

  /** Hears each recorded outcome (a job ledger keeps them). Called from the fetch threads. */
  @FunctionalInterface
  public interface Outcomes {
    void recorded(long line, String fileUuid, String sha256, String status, long bytes, int attempts, String error);

    Outcomes NONE = (line, uuid, sha, status, bytes, attempts, error) -> {};
  }

  private volatile Outcomes outcomes = Outcomes.NONE;

  /** Sends every recorded outcome to {@code o} as well as to the report. */
  public DownloadRun outcomes(Outcomes o) {
    this.outcomes = o;
    return this;
  }

  public DownloadRun(
      DssClient client, DownloadOptions options, Path reportFile, FetchLimits limits, ProgressDisplay display) {
    this.client = client;
    this.display = display;
    this.options = options;
    this.store = new FileStore(options.downloadDir());
    this.fetcher =
        new FileFetcher(client.http(), client.baseUrl(), store, limits, new TransferListener() {
          @Override
          public void bytes(long n) {
            progress.bytes(n);
          }

          @Override
          public void finished(FetchRequest r, FetchResult result) {
            progress.finished(r, result);
          }
        }, options.fsync());
    this.slots = new Semaphore(options.parallel());
    this.reportFile = reportFile;
  }

  public DssClient client() {
    return client;
  }

  public DownloadOptions options() {
    return options;
  }

  public FileStore store() {
    return store;
  }

  public Path reportFile() {
    return reportFile;
  }

  /**
   * Starts the report and the progress display (once per run), with totals when known, else -1:
   * {@link #planned} adds to them.
   */
  public synchronized void begin(long files, long totalBytes) {
    if (report != null) {
      return;
    }
    try {
      Files.createDirectories(options.downloadDir());
      store.prepare(true);
      report = ReportWriter.open(reportFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    progress = display.start(files, totalBytes);
  }

  /**
   * Adds files to the run's plan: {@code files} files (rows) of {@code bytes} bytes in all, of
   * which {@code bytesToFetch} are not in the store yet. The display counts the files and bytes;
   * the summary the files and the bytes to fetch.
   */
  public void planned(long files, long bytes, long bytesToFetch) {
    plannedFiles.addAndGet(files);
    plannedBytes.addAndGet(bytesToFetch);
    progress.planned(files, bytes);
  }

  /**
   * Fetches one file, with at most {@code parallel} fetches of this run at once; null when the run
   * was stopped while the file waited for its turn.
   */
  public FetchResult fetch(FetchRequest r) {
    slots.acquireUninterruptibly();
    try {
      return stopped() ? null : fetcher.fetch(r);
    } finally {
      slots.release();
    }
  }

  /** Records the outcome of one file in the counts and the report. */
  public void record(long line, FetchRequest r, String name, FetchResult result) {
    switch (result.status()) {
      case FETCHED -> fetched.incrementAndGet();
      case PRESENT -> present.incrementAndGet();
      default -> failed.incrementAndGet();
    }
    bytes.addAndGet(result.bytesTransferred());
    report.row(line, r.fileUuid(), r.fileVersion(), name, r.sha256(), result.status().name(),
        result.bytesTransferred(), result.attempts(), result.ok() ? null : result.error());
    outcomes.recorded(line, r.fileUuid(), r.sha256(), result.status().name(), result.bytesTransferred(),
        result.attempts(), result.ok() ? null : result.error());
  }

  /** Records a row that could not be fetched at all (a bad manifest row, an unsafe name). */
  public void recordError(long line, String fileUuid, String fileVersion, String name, String error) {
    recordError(line, fileUuid, fileVersion, name, null, error);
  }

  /** Records a row that could not be fetched at all, with the values it gave (null where none). */
  public void recordError(
      long line, String fileUuid, String fileVersion, String name, String sha256, String error) {
    recordInvalid(line, fileUuid, fileVersion, name, sha256, error);
    progress.refused();
  }

  /** Records a file that was fetched (and shown so) but could not be put where its row says. */
  public void recordPlacementError(long line, FetchRequest r, String name, String error) {
    recordInvalid(line, r.fileUuid(), r.fileVersion(), name, r.sha256(), error);
  }

  private void recordInvalid(long line, String fileUuid, String fileVersion, String name, String sha256, String error) {
    failed.incrementAndGet();
    report.row(line, fileUuid, fileVersion, name, sha256, ReportWriter.INVALID, 0, 0, error);
    outcomes.recorded(line, fileUuid, sha256, ReportWriter.INVALID, 0, 0, error);
  }

  /**
   * Stops the run: no further file is started, and the run ends with this reason (the first one
   * given) once the files under way are done. For what would fail every other file the same way:
   * a full disk, a folder that is a link out of the download folder.
   */
  public void stop(Exception why) {
    stop.compareAndSet(null, why);
  }

  /** Whether the run was stopped. */
  public boolean stopped() {
    return stop.get() != null;
  }

  /** Throws the reason the run stopped, if it was; call after {@link #close()}. */
  public void throwIfStopped() throws IOException {
    Exception why = stop.get();
    if (why == null) {
      return;
    }
    if (DiskFullException.is(why)) {
      throw new DiskFullException(
          "no space left on device in " + options.downloadDir() + ": the download stopped early; free some space and"
              + " run it again, which fetches only what is missing"
              + (report == null ? "" : " (report: " + reportFile + ")"),
          why instanceof IOException io ? io : new IOException(why));
    }
    if (why instanceof IOException io) {
      throw io;
    }
    if (why instanceof RuntimeException re) {
      throw re;
    }
    throw new IOException(why);
  }

  public boolean allOk() {
    return failed.get() == 0;
  }

  /** The counts so far. */
  public DownloadSummary summary(Path outputManifest) {
    return new DownloadSummary(
        fetched.get(), present.get(), failed.get(), bytes.get(),
        (System.nanoTime() - started) / 1_000_000, report == null ? null : reportFile, outputManifest,
        plannedFiles.get(), plannedBytes.get());
  }

  @Override
  public void close() throws IOException {
    if (progress instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IOException(e);
      }
    }
    if (report != null) {
      report.close();
    }
  }
}
