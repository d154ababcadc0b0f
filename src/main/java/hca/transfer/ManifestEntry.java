package hca.transfer;

/** One data line of a manifest: a {@link ManifestRow}, or a {@link RowError} saying why not. */
public sealed interface ManifestEntry permits ManifestRow, RowError {

  /** The line of the manifest the entry starts on (the header is line 1). */
  long line();
}
