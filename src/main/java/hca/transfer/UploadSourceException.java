package hca.transfer;

/**
 * The source of an upload cannot be used as it is: an empty or unreadable folder, a symbolic link
 * loop, a name that cannot be a bundle file name, a file that changed while it was read. The
 * message is one line that names the path.
 */
public final class UploadSourceException extends RuntimeException {

  public UploadSourceException(String message) {
    super(message);
  }

  public UploadSourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
