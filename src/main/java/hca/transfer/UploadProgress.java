package hca.transfer;

/**
 * Progress of an upload, for a progress bar or log lines. Called from several threads: {@link
 * #advance} must be thread-safe.
 */
public interface UploadProgress {

  /** A phase begins ({@code staging}, {@code registering}) with this many files and bytes to do. */
  void phase(String name, int files, long bytes);

  /** Some of the current phase is done: whole files, and bytes (of files or of parts). */
  void advance(int files, long bytes);

  /** The upload is over, successfully or not. */
  void done();

  /** Progress that goes nowhere. */
  static UploadProgress none() {
    return new UploadProgress() {
      @Override
      public void phase(String name, int files, long bytes) {}

      @Override
      public void advance(int files, long bytes) {}

      @Override
      public void done() {}
    };
  }
}
