package hca.cli;

/** Input data given to a command (a file, a manifest, a query) is unreadable or invalid. */
public final class BadInputException extends RuntimeException {
  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
