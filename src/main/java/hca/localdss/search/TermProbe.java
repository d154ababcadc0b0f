package hca.localdss.search;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A quick necessary test for whether a string can hold a token whose term is {@code term}: some
 * substring must lower-case to it. Found with {@link String#indexOf(int)} on the characters that
 * lower-case to the term's first one, it lets matching skip tokenizing long texts that cannot
 * match.
 */
final class TermProbe {

  private final String term;
  private final char[] firsts;

  TermProbe(String term) {
    this.term = term;
    char first = term.isEmpty() ? 0 : term.charAt(0);
    if (term.isEmpty() || Character.isSurrogate(first)) {
      this.firsts = null; // no quick test; always scan
    } else {
      this.firsts = FIRSTS.computeIfAbsent(first, TermProbe::lowerCasingTo);
    }
  }

  private static final ConcurrentHashMap<Character, char[]> FIRSTS = new ConcurrentHashMap<>();

  /** Every char that lower-cases to {@code c} ('K' and the Kelvin sign for 'k'). */
  private static char[] lowerCasingTo(char c) {
    StringBuilder b = new StringBuilder();
    for (int x = 0; x <= Character.MAX_VALUE; x++) {
      if (!Character.isSurrogate((char) x) && Character.toLowerCase(x) == c) {
        b.append((char) x);
      }
    }
    return b.toString().toCharArray();
  }

  String term() {
    return term;
  }

  boolean mayOccurIn(String text) {
    if (firsts == null) {
      return true;
    }
    int last = text.length() - term.length();
    for (char f : firsts) {
      for (int i = text.indexOf(f); i >= 0 && i <= last; i = text.indexOf(f, i + 1)) {
        if (StandardAnalyzer.lowersTo(text, i, term)) {
          return true;
        }
      }
    }
    return false;
  }
}
