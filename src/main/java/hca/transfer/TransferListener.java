package hca.transfer;

/**
 * Hears about bytes as they arrive and about each finished file, for progress displays and
 * metrics. Called from any thread, often: implementations must be thread-safe and quick.
 */
public interface TransferListener {

  /** {@code n} more body bytes were written. */
  void bytes(long n);

  /** A fetch ended. */
  void finished(FetchRequest r, FetchResult result);

  /** A manifest row or a bundle's file was refused before any fetch (reported INVALID). */
  default void refused() {}

  /** {@code files} more files of {@code bytes} bytes in all are to be downloaded. */
  default void planned(long files, long bytes) {}

  /** A listener that ignores everything. */
  TransferListener NONE =
      new TransferListener() {
        @Override
        public void bytes(long n) {}

        @Override
        public void finished(FetchRequest r, FetchResult result) {}
      };
}
