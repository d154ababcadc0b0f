package hca.pipeline;

/**
 * What a manifest asks for, counted in a first pass: its rows, the rows in error, the distinct
 * files (by sha256) and their bytes, and how much of that the store already holds.
 */
public record ManifestPlan(
    long rows, long rowErrors, long files, long bytes, long presentFiles, long presentBytes) {

  public long bytesToFetch() {
    return bytes - presentBytes;
  }

  /** One line for --dry-run. */
  public String line() {
    return String.format(
        "%d rows (%d in error): %d distinct files, %.1f MiB; %d files (%.1f MiB) already present; %d files, %.1f MiB to fetch",
        rows, rowErrors, files, bytes / 1048576.0, presentFiles, presentBytes / 1048576.0,
        files - presentFiles, bytesToFetch() / 1048576.0);
  }
}
