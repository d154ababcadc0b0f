package hca.dss;

/**
 * No usable credentials for an operation that needs them: none configured, an unreadable or
 * invalid service-account key file, or an expired stored token. Raised before anything is sent.
 */
public final class CredentialsException extends DssException {

  /** An error described by {@code message}. */
  public CredentialsException(String message) {
    super(message);
  }

  /** An error described by {@code message}, caused by {@code cause}. */
  public CredentialsException(String message, Throwable cause) {
    super(message, cause);
  }
}
