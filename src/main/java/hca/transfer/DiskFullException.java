package hca.transfer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.Locale;

/**
 * The file system a download writes to is full (or the user's quota is used up): every further
 * file would fail the same way, so the run stops.
 */
public final class DiskFullException extends UncheckedIOException {

  public DiskFullException(String message, IOException cause) {
    super(message, cause);
  }

  /** Whether {@code e}, or one of its causes, is the file system saying it is full. */
  public static boolean is(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof DiskFullException) {
        return true;
      }
      String m = c instanceof FileSystemException f && f.getReason() != null ? f.getReason() : c.getMessage();
      if (c instanceof IOException && m != null) {
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("no space left on device") || lower.contains("disk quota exceeded")) {
          return true;
        }
      }
    }
    return false;
  }

  /** The IOException of {@code e} in its chain, for a cause. */
  static IOException io(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof IOException io) {
        return io;
      }
    }
    return new IOException(e);
  }
}
