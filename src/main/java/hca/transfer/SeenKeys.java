package hca.transfer;

import java.util.Arrays;

/**
 * The manifest keys seen so far, as 64-bit hashes in an open-addressing table with the line each
 * was first seen on and a hash of the file it names: 20 bytes a key at a load under 0.7, about
 * 40 MiB for a million keys. Two different keys share a hash with odds of about n²/2⁶⁵ (10⁻⁸ for
 * a million), which is taken.
 */
final class SeenKeys {

  private long[] hashes = new long[1024];
  private long[] values = new long[1024];
  private int[] lines = new int[1024];
  private int size;

  /**
   * Records the key with its value if the key is new; returns the line the key was first seen on
   * when it was seen with another value, else -1.
   */
  long conflict(long hash, long value, long line) {
    long h = hash == 0 ? 1 : hash; // 0 marks an empty slot
    int mask = hashes.length - 1;
    for (int i = (int) (h ^ (h >>> 32)) & mask; ; i = (i + 1) & mask) {
      if (hashes[i] == 0) {
        hashes[i] = h;
        values[i] = value;
        lines[i] = (int) Math.min(line, Integer.MAX_VALUE);
        if (++size * 10L > hashes.length * 7L) {
          grow();
        }
        return -1;
      }
      if (hashes[i] == h) {
        return values[i] == value ? -1 : lines[i];
      }
    }
  }

  int size() {
    return size;
  }

  private void grow() {
    long[] oldHashes = hashes;
    long[] oldValues = values;
    int[] oldLines = lines;
    hashes = new long[oldHashes.length * 2];
    values = new long[oldHashes.length * 2];
    lines = new int[oldHashes.length * 2];
    int mask = hashes.length - 1;
    for (int j = 0; j < oldHashes.length; j++) {
      long h = oldHashes[j];
      if (h != 0) {
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (hashes[i] != 0) {
          i = (i + 1) & mask;
        }
        hashes[i] = h;
        values[i] = oldValues[j];
        lines[i] = oldLines[j];
      }
    }
    Arrays.fill(oldHashes, 0);
  }

  /** A 64-bit hash of several strings (FNV-1a over their chars, each ended by a separator, then mixed). */
  static long hash(String... parts) {
    long h = 0xcbf29ce484222325L;
    for (String p : parts) {
      if (p != null) {
        for (int i = 0; i < p.length(); i++) {
          h ^= p.charAt(i);
          h *= 0x100000001b3L;
        }
      }
      h ^= 0x1_0000; // not a char value: separates "ab","c" from "a","bc"
      h *= 0x100000001b3L;
    }
    // murmur3's finalizer spreads the bits over the whole word
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
