package hca.transfer;

import java.nio.file.Path;

/**
 * What a download run did.
 *
 * @param report the per-file report, or null for a dry run
 * @param outputManifest the manifest with a file_path column, written only when every row succeeded
 */
public record DownloadSummary(
    long fetched,
    long present,
    long failed,
    long bytes,
    long millis,
    Path report,
    Path outputManifest,
    long plannedFiles,
    long plannedBytes) {

  public boolean ok() {
    return failed == 0;
  }

  /** One line for the end of a command. */
  public String line() {
    double seconds = Math.max(millis, 1) / 1000.0;
    return String.format(
        "%d fetched, %d already present, %d failed; %.1f MiB in %.1f s (%.1f MiB/s)%s",
        fetched, present, failed, bytes / 1048576.0, seconds, bytes / 1048576.0 / seconds,
        report == null ? "" : "; report: " + report);
  }
}
