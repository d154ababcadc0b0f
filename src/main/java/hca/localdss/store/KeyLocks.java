package hca.localdss.store;

import java.util.concurrent.locks.ReentrantLock;

/** Striped locks that serialize create-if-absent writes of the same key. */
public final class KeyLocks {

  private final ReentrantLock[] stripes = new ReentrantLock[256];

  public KeyLocks() {
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /** Locks the stripe of {@code key}; close the result to unlock. */
  public Held lock(String key) {
    ReentrantLock l = stripes[Math.floorMod(key.hashCode(), stripes.length)];
    l.lock();
    return l::unlock;
  }

  /** A held lock. */
  @FunctionalInterface
  public interface Held extends AutoCloseable {
    @Override
    void close();
  }
}
