package hca.localdss.search;

/**
 * Terms of the DSS's dynamic {@code keyword} fields: values are lower-cased by the index's {@code
 * keyword_lowercase} normalizer, values longer than {@code ignore_above} are not indexed, and
 * terms sort in Lucene's order (UTF-8 bytes, which is code point order).
 */
final class KeywordTerms {

  /** The mapping's {@code ignore_above}: longer strings have no keyword term (only text). */
  static final int IGNORE_ABOVE = 256;

  private KeywordTerms() {}

  /** Lucene's {@code LowerCaseFilter}: per code point, with no locale-specific mappings. */
  static String lowercase(String s) {
    int i = 0;
    int n = s.length();
    // Most values are already lower case; avoid copying them.
    while (i < n) {
      int cp = s.codePointAt(i);
      if (Character.toLowerCase(cp) != cp) {
        break;
      }
      i += Character.charCount(cp);
    }
    if (i == n) {
      return s;
    }
    StringBuilder b = new StringBuilder(n).append(s, 0, i);
    while (i < n) {
      int cp = s.codePointAt(i);
      b.appendCodePoint(Character.toLowerCase(cp));
      i += Character.charCount(cp);
    }
    return b.toString();
  }

  /** Whether a dynamic keyword field indexes this value at all. */
  static boolean indexed(String value) {
    return value.length() <= IGNORE_ABOVE;
  }

  /** Compares in code point order, which is the UTF-8 byte order Lucene sorts terms in. */
  static int compare(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char ca = a.charAt(i);
      char cb = b.charAt(i);
      if (ca != cb) {
        // Surrogates (supplementary code points) sort above every BMP char in UTF-8.
        boolean sa = Character.isSurrogate(ca);
        boolean sb = Character.isSurrogate(cb);
        if (sa != sb) {
          return sa ? 1 : -1;
        }
        return ca - cb;
      }
    }
    return a.length() - b.length();
  }
}
