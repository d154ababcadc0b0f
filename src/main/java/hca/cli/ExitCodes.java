package hca.cli;

import hca.config.ConfigException;
import hca.dss.CredentialsException;
import hca.dss.DssApiException;
import hca.dss.DssUnreachableException;
import hca.dss.spec.SpecException;

/** The exit codes of {@code hca}, documented in the README. */
public final class ExitCodes {

  private ExitCodes() {}

  public static final int OK = 0;
  /** The DSS answered with an error (printed as {@code code: title (HTTP n)}). */
  public static final int API_ERROR = 1;
  /** Bad command-line input. */
  public static final int USAGE = 2;
  /** A configuration file is unreadable or invalid. */
  public static final int CONFIG = ConfigException.EXIT_CODE;
  /** The server could not be reached (or a local server could not listen). */
  public static final int UNREACHABLE = 4;
  /** The server's API spec is not usable. */
  public static final int SPEC = 5;
  /** The operation needs credentials that are missing or unusable. */
  public static final int CREDENTIALS = 6;
  /** Input data (a manifest, a file, a query file) is unreadable or invalid. */
  public static final int BAD_INPUT = 7;
  /** Some files failed (see the report); for an upload, no bundle was made and a re-run resumes. */
  public static final int PARTIAL = 8;
  /** Something failed that should not have: a bug (stack trace with --log-level DEBUG). */
  public static final int INTERNAL = 70;

  /** The exception that says what went wrong: the first known one in the cause chain. */
  static Throwable cause(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (of(c) != INTERNAL) {
        return c;
      }
    }
    return e;
  }

  /** The code for an exception that ended a command. */
  static int of(Throwable e) {
    if (e instanceof hca.transfer.BadManifestException
        || e instanceof hca.transfer.InsufficientSpaceException
        || e instanceof hca.transfer.FileConflictException
        || e instanceof hca.transfer.LinkOutOfFolderException) {
      return BAD_INPUT;
    }
    if (e instanceof hca.transfer.DiskFullException) {
      return PARTIAL; // files stored so far stay, and a re-run fetches the rest
    }
    if (e instanceof DssApiException) {
      return API_ERROR;
    }
    if (e instanceof ConfigException) {
      return CONFIG;
    }
    if (e instanceof DssUnreachableException || e instanceof java.net.BindException
        || e instanceof hca.localdss.StartRefusedException) {
      return UNREACHABLE;
    }
    if (e instanceof SpecException) {
      return SPEC;
    }
    if (e instanceof CredentialsException) {
      return CREDENTIALS;
    }
    if (e instanceof IllegalArgumentException) {
      return USAGE;
    }
    if (e instanceof BadInputException) {
      return BAD_INPUT;
    }
    if (e instanceof hca.dss.DssException) {
      return UNREACHABLE;
    }
    return INTERNAL;
  }
}
