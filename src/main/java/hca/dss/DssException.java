package hca.dss;

/**
 * A DSS request that could not be completed: refused before sending (insecure URL, no credentials),
 * a bad redirect, or one of the more specific {@link DssApiException} and {@link
 * DssUnreachableException}. Messages are one line and never contain credentials.
 */
public class DssException extends RuntimeException {

  /** An error described by {@code message}. */
  public DssException(String message) {
    super(message);
  }

  /** An error described by {@code message}, caused by {@code cause}. */
  public DssException(String message, Throwable cause) {
    super(message, cause);
  }
}
