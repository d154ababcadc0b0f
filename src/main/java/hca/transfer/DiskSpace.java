package hca.transfer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A check before a download that its bytes will fit. The space asked for is the bytes still to
 * fetch plus a margin of 1% of them, and at least 64 MiB, so that a download does not fill a file
 * system to the last block (which breaks other programs, and the report written at the end).
 */
public final class DiskSpace {

  /** The smallest margin kept free. */
  public static final long MIN_MARGIN = 64L << 20;

  private DiskSpace() {}

  /**
   * Checks that the file system of {@code dir} (or of its nearest existing parent) has room for
   * {@code bytesNeeded}; nothing is checked when nothing is needed.
   *
   * @throws InsufficientSpaceException with one line: needed, free, the folder and file system
   * @throws UncheckedIOException when the file system cannot be asked
   */
  public static void check(Path dir, long bytesNeeded) {
    if (bytesNeeded <= 0) {
      return;
    }
    FileStore fs;
    long free;
    try {
      fs = Files.getFileStore(existingAncestor(dir));
      free = fs.getUsableSpace();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the free space of " + dir + ": " + e.getMessage(), e);
    }
    long wanted = withMargin(bytesNeeded);
    if (free < wanted) {
      throw new InsufficientSpaceException(
          "not enough free space in "
              + dir
              + " (file system "
              + fs.name()
              + "): "
              + bytes(wanted)
              + " needed ("
              + bytes(bytesNeeded)
              + " to download and a margin), "
              + bytes(free)
              + " free",
          wanted,
          free);
    }
  }

  /** {@code bytes} plus the margin, saturating at {@link Long#MAX_VALUE}. */
  static long withMargin(long bytes) {
    long margin = Math.max(MIN_MARGIN, bytes / 100);
    long sum = bytes + margin;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  private static Path existingAncestor(Path dir) throws IOException {
    Path p = dir.toAbsolutePath().normalize();
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    if (p == null) {
      throw new NoSuchFileException(dir.toString(), null, "no existing parent folder");
    }
    return p;
  }

  /** A byte count for people: {@code 812 B}, {@code 1.2 GiB}. */
  public static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
