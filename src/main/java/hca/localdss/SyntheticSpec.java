package hca.localdss;

import java.util.Locale;

/** {@code bundles=N,files=K,size=S} of a synthetic seed; S may end in K, M or G (binary). */
record SyntheticSpec(int bundles, int files, long size) {

  static SyntheticSpec parse(String text) {
    int bundles = 10;
    int files = 1;
    long size = 1024;
    for (String part : text.split(",")) {
      String[] kv = part.trim().split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("synthetic seed setting '" + part + "' is not NAME=VALUE");
      }
      try {
        switch (kv[0].trim()) {
          case "bundles" -> bundles = Integer.parseInt(kv[1].trim());
          case "files" -> files = Integer.parseInt(kv[1].trim());
          case "size" -> size = bytes(kv[1].trim());
          default -> throw new IllegalArgumentException(
              "unknown synthetic seed setting '" + kv[0].trim() + "' (use bundles, files, size)");
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("synthetic seed setting '" + part + "' has a bad number");
      }
    }
    if (bundles < 0 || files < 0 || size < 0) {
      throw new IllegalArgumentException("synthetic seed counts and sizes must not be negative");
    }
    return new SyntheticSpec(bundles, files, size);
  }

  static long bytes(String v) {
    String s = v.toUpperCase(Locale.ROOT);
    long mult = 1;
    if (s.endsWith("K")) {
      mult = 1L << 10;
    } else if (s.endsWith("M")) {
      mult = 1L << 20;
    } else if (s.endsWith("G")) {
      mult = 1L << 30;
    }
    if (mult > 1) {
      s = s.substring(0, s.length() - 1);
    }
    return Long.parseLong(s) * mult;
  }
}
