package hca.transfer;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UTF-8 text file written through a temporary file in the same folder and renamed into place by
 * {@link #commit()}; until then the target is untouched, and {@link #close()} without a commit
 * leaves no trace. The temporary file is locked while it is written, so that the temporary files
 * of the same target that a killed process left behind (unlocked) are removed by the next one.
 */
public final class AtomicTextFile implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(AtomicTextFile.class);
  // A temporary file this young may be one whose writer has not locked it yet.
  private static final Duration FRESH = Duration.ofSeconds(5);
  // The temporary files written by this JVM: their locks cannot be tested from here, since closing
  // a second channel of a file drops the locks the process holds on it.
  private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

  private final Path target;
  private final Path temp;
  private final FileChannel channel;
  private final BufferedWriter out;
  private boolean done;

  AtomicTextFile(Path target) throws IOException {
    this.target = target.toAbsolutePath();
    Path dir = this.target.getParent();
    Files.createDirectories(dir);
    removeLeftovers(dir, tempPrefix(this.target));
    this.temp = dir.resolve(tempPrefix(this.target) + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    this.channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    LIVE.add(temp);
    try {
      lock(channel);
    } catch (IOException | RuntimeException e) {
      abandon();
      throw e;
    }
    this.out = new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8));
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
      out.flush();
      channel.force(true);
      FileStore.moveAtomically(temp, target);
    } finally {
      abandon();
    }
  }

  /** Drops the text unless committed. */
  @Override
  public void close() throws IOException {
    if (done) {
      return;
    }
    done = true;
    abandon();
  }

  /** Removes the temporary file (unless renamed into place) and closes it; the lock goes with it. */
  private void abandon() throws IOException {
    try {
      Files.deleteIfExists(temp);
    } finally {
      LIVE.remove(temp);
      channel.close();
    }
  }

  private static String tempPrefix(Path target) {
    return "." + target.getFileName() + ".tmp";
  }

  private static void lock(FileChannel ch) throws IOException {
    try {
      ch.tryLock();
    } catch (IOException unsupported) {
      LOG.debug("cannot lock {}: {}", ch, unsupported.getMessage()); // then leftovers are judged by age
    }
  }

  /** Removes the temporary files of this target that no running writer holds. */
  private static void removeLeftovers(Path dir, String prefix) throws IOException {
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(prefix))) {
      for (Path t : temps) {
        if (!LIVE.contains(t) && abandoned(t)) {
          LOG.debug("removing {}, left by a run that did not finish", t);
          Files.deleteIfExists(t);
        }
      }
    }
  }

  /** Whether a temporary file is unlocked and not just made; a link or a folder is left alone. */
  private static boolean abandoned(Path t) throws IOException {
    try {
      if (!Files.isRegularFile(t, LinkOption.NOFOLLOW_LINKS)
          || Files.getLastModifiedTime(t, LinkOption.NOFOLLOW_LINKS).toInstant().isAfter(Instant.now().minus(FRESH))) {
        return false;
      }
      try (FileChannel ch = FileChannel.open(t, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
        FileLock lock = ch.tryLock();
        return lock != null; // released on close: its writer is gone, and nobody else uses its name
      } catch (OverlappingFileLockException ours) {
        return false;
      } catch (IOException noLocks) {
        return Files.getLastModifiedTime(t).toInstant().isBefore(Instant.now().minus(Duration.ofMinutes(1)));
      }
    } catch (NoSuchFileException gone) {
      return false;
    }
  }
}
