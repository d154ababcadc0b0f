package hca.localdss.search;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/**
 * Finds a term among the tokens of a text without tokenizing all of it: a token with that term
 * is a substring that lower-cases to it, found with {@link String#indexOf(int)} on the characters
 * that lower-case to the term's first one, and then confirmed as a whole token by tokenizing
 * around it.
 */
final class TermProbe {

  private final String term;
  private final char[] firsts;

  TermProbe(String term) {
    this.term = term;
    char first = term.isEmpty() ? 0 : term.charAt(0);
    if (term.isEmpty() || Character.isSurrogate(first)) {
      this.firsts = null; // no indexOf shortcut: every offset is tried
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

  /** Whether some substring of {@code text} lower-cases to the term (necessary for a token). */
  boolean mayOccurIn(String text) {
    return anyOccurrence(text, i -> true);
  }

  /** Whether {@code text} has a token whose term is exactly this one. */
  boolean isTokenIn(String text) {
    return anyOccurrence(text, i -> StandardAnalyzer.tokenEndAt(text, i) == i + term.length());
  }

  /**
   * Whether {@code test} holds for some offset where a substring lowering to the term starts
   * (every offset, without a quick test, for terms starting with a supplementary character).
   */
  boolean anyOccurrence(String text, IntPredicate test) {
    int last = text.length() - term.length();
    if (firsts == null) {
      for (int i = 0; i <= last; i++) {
        if (StandardAnalyzer.lowersTo(text, i, term) && test.test(i)) {
          return true;
        }
      }
      return false;
    }
    for (char f : firsts) {
      for (int i = text.indexOf(f); i >= 0 && i <= last; i = text.indexOf(f, i + 1)) {
        if (StandardAnalyzer.lowersTo(text, i, term) && test.test(i)) {
          return true;
        }
      }
    }
    return false;
  }
}
