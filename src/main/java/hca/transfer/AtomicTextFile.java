package hca.transfer;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A UTF-8 text file written through a temporary file in the same folder and renamed into place by
 * {@link #commit()}; until then the target is untouched, and {@link #close()} without a commit
 * leaves no trace.
 */
public final class AtomicTextFile implements Closeable {

  private final Path target;
  private final Path temp;
  private final BufferedWriter out;
  private boolean done;

  AtomicTextFile(Path target) throws IOException {
    this.target = target.toAbsolutePath();
    Path dir = this.target.getParent();
    Files.createDirectories(dir);
    this.temp =
        dir.resolve("." + this.target.getFileName() + ".tmp" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    this.out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
  }

  /** Writes {@code text} to {@code target} through a temporary file: the whole text or nothing. */
  public static void write(Path target, String text) throws IOException {
    try (AtomicTextFile f = new AtomicTextFile(target)) {
      f.write(text);
      f.commit();
    }
  }

  Path target() {
    return target;
  }

  void write(String s) throws IOException {
    out.write(s);
  }

  /** Flushes the text to disk and renames it into place. */
  void commit() throws IOException {
    if (done) {
      return;
    }
    done = true;
    try {
      out.close();
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      FileStore.moveAtomically(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Drops the text unless committed. */
  @Override
  public void close() throws IOException {
    if (done) {
      return;
    }
    done = true;
    try {
      out.close();
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
