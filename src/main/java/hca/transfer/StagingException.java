package hca.transfer;

/**
 * The staging bucket cannot be used: it does not exist, cannot be written with the credentials at
 * hand, or its endpoint settings are invalid. The message is one line naming the bucket or setting.
 */
public final class StagingException extends RuntimeException {

  public StagingException(String message) {
    super(message);
  }

  public StagingException(String message, Throwable cause) {
    super(message, cause);
  }
}
