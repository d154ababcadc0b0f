package hca.transfer;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The per-line report of a manifest download, a TSV with the columns {@link #COLUMNS}, one line
 * per manifest line as each completes. It is written to a temporary file and renamed into place
 * by {@link #close()}, so a report is never seen half-written. Thread-safe.
 */
public final class ReportWriter implements Closeable {

  /** The report's columns. */
  public static final List<String> COLUMNS =
      List.of("line", "file_uuid", "file_version", "file_name", "sha256", "status", "bytes", "attempts", "error");

  /** The status of a manifest line that could not be used. */
  public static final String INVALID = "INVALID";

  private final AtomicTextFile file;
  private long rows;
  private boolean closed;

  private ReportWriter(AtomicTextFile file) {
    this.file = file;
  }

  /**
   * Starts a report that will be at {@code report} once closed.
   *
   * @throws UncheckedIOException when its folder cannot be written
   */
  public static ReportWriter open(Path report) {
    try {
      AtomicTextFile f = new AtomicTextFile(report);
      f.write(TsvFields.line(COLUMNS));
      return new ReportWriter(f);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report " + report + ": " + e.getMessage(), e);
    }
  }

  /** Where the report will be. */
  public Path path() {
    return file.target();
  }

  /** The outcome of fetching a manifest line's file. */
  public void row(ManifestRow row, FetchResult result) {
    row(row.line(), row.fileUuid(), row.fileVersion(), row.fileName(), row.sha256(),
        result.status().name(), result.bytesTransferred(), result.attempts(), result.ok() ? null : result.error());
  }

  /** A manifest line that could not be used, with the values it gave. */
  public void row(RowError error) {
    row(error.line(), error.fileUuid(), error.fileVersion(), error.fileName(), error.sha256(), INVALID, 0, 0, error.message());
  }

  /** Any report line; {@code error} is null when all went well. */
  public synchronized void row(
      long line, String fileUuid, String fileVersion, String fileName, String sha256,
      String status, long bytes, int attempts, String error) {
    if (closed) {
      throw new IllegalStateException("the report " + file.target() + " is closed");
    }
    try {
      file.write(TsvFields.line(Arrays.asList(
          Long.toString(line), fileUuid, fileVersion, fileName, sha256, status,
          Long.toString(bytes), Integer.toString(attempts), error)));
      rows++;
    } catch (IOException e) {
      String why = "cannot write the report " + file.target() + ": " + e.getMessage();
      throw DiskFullException.is(e) ? new DiskFullException(why, e) : new UncheckedIOException(why, e);
    }
  }

  /** How many lines were reported so far. */
  public synchronized long rows() {
    return rows;
  }

  /** Drops the report: nothing is left at its path, nor in its folder. */
  public synchronized void discard() throws IOException {
    closed = true;
    file.close();
  }

  /** Moves the finished report into place. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    file.commit();
  }
}
