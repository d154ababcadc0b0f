package hca.transfer;

/**
 * A manifest line that cannot be used, with the values it gives for its file (as written, null
 * where it has none) so that a report can name it.
 *
 * @param line the line it starts on (the header is line 1)
 * @param message what is wrong, naming the column and the value
 */
public record RowError(
    long line, String message, String fileUuid, String fileVersion, String fileName, String sha256)
    implements ManifestEntry {

  /** A line that gives no usable values. */
  public RowError(long line, String message) {
    this(line, message, null, null, null, null);
  }
}
