package hca.localdss;

/**
 * The local DSS cannot start for a reason the user can fix: another local DSS holds its data
 * folder, or a port is taken. The message is the one line to show.
 */
public final class StartRefusedException extends Exception {

  public StartRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
