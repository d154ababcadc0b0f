package hca.pipeline;

/**
 * A set of longs in one primitive array (open addressing), for remembering millions of content
 * hashes in a few megabytes. Not thread-safe.
 */
final class LongSet {

  private long[] slots = new long[1 << 10];
  private boolean hasZero;
  private int size;

  /** Adds a value; returns false when it was there already. */
  boolean add(long v) {
    if (v == 0) {
      boolean added = !hasZero;
      hasZero = true;
      size += added ? 1 : 0;
      return added;
    }
    if (size * 2 >= slots.length) {
      grow();
    }
    int mask = slots.length - 1;
    for (int i = mix(v) & mask; ; i = (i + 1) & mask) {
      if (slots[i] == 0) {
        slots[i] = v;
        size++;
        return true;
      }
      if (slots[i] == v) {
        return false;
      }
    }
  }

  int size() {
    return size;
  }

  private void grow() {
    long[] old = slots;
    slots = new long[old.length * 2];
    int mask = slots.length - 1;
    for (long v : old) {
      if (v != 0) {
        int i = mix(v) & mask;
        while (slots[i] != 0) {
          i = (i + 1) & mask;
        }
        slots[i] = v;
      }
    }
  }

  private static int mix(long v) {
    long h = v * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
