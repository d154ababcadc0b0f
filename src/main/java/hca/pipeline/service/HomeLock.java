package hca.pipeline.service;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a pipeline's home folder ({@code <hca.home>/.lock}), held while it runs, so
 * that a second pipeline on the same home stops before it opens the ledger or the local DSS's data.
 * The operating system drops the lock when the process ends, however it ends.
 */
public final class HomeLock implements AutoCloseable {

  /** The lock file's name in the home folder. */
  public static final String FILE = ".lock";

  private final FileChannel channel;
  private final FileLock lock;

  private HomeLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Locks {@code home} (made if missing), or refuses when another pipeline holds it. */
  public static HomeLock acquire(Path home) throws IOException {
    Files.createDirectories(home);
    FileChannel ch = FileChannel.open(home.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by another pipeline in this JVM
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    if (lock == null) {
      ch.close();
      throw new SettingException("another pipeline holds " + home.toAbsolutePath());
    }
    return new HomeLock(ch, lock);
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // the lock goes with the process anyway
    }
  }
}
