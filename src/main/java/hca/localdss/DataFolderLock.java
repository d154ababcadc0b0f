package hca.localdss;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lock a running local DSS holds on its data folder, so that a second server on the same
 * folder is refused before it writes anything there. Released by {@link #close}, and by the
 * operating system when the process ends.
 */
final class DataFolderLock implements AutoCloseable {

  static final String FILE = "local-dss.lock";

  /**
   * Folders locked by this JVM. Checked before opening the lock file: on POSIX systems closing
   * any channel on a file drops every lock this process holds on it, the first server's included.
   */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path folder;
  private final FileChannel channel;
  private final FileLock lock;

  private DataFolderLock(Path folder, FileChannel channel, FileLock lock) {
    this.folder = folder;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code dir}.
   *
   * @throws StartRefusedException when another local DSS, in this process or another, holds it
   */
  static DataFolderLock acquire(Path dir) throws IOException, StartRefusedException {
    Path folder = dir.toRealPath();
    if (!HELD.add(folder)) {
      throw refused(dir);
    }
    try {
      return lock(folder, dir);
    } catch (IOException | StartRefusedException | RuntimeException e) {
      HELD.remove(folder);
      throw e;
    }
  }

  private static DataFolderLock lock(Path folder, Path dir)
      throws IOException, StartRefusedException {
    // CREATE without TRUNCATE: opening the file changes nothing for a server that holds it
    FileChannel ch =
        FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by another local DSS in this JVM
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    if (lock == null) {
      ch.close();
      throw refused(dir);
    }
    return new DataFolderLock(folder, ch, lock);
  }

  private static StartRefusedException refused(Path dir) {
    return new StartRefusedException("another local DSS holds " + dir, null);
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
      HELD.remove(folder);
    }
  }
}
