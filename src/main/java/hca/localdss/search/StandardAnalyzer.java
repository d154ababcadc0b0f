package hca.localdss.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Elasticsearch 5's {@code standard} analyzer (Lucene 6 StandardTokenizer + lower-casing, no stop
 * words), as applied to the {@code .text} sub-field of every dynamic string field.
 *
 * <p>Word boundaries follow the Unicode word-break rules (UAX #29) that StandardTokenizer
 * implements: letters and digits join, {@code _} joins words, and {@code .}, {@code '} and {@code
 * :} stay inside a word between letters (so {@code fastq.gz} and {@code EFO:0009108}'s {@code efo}
 * are single tokens), {@code .} and {@code ,} between digits ({@code 3.5}). Han and Hiragana
 * characters are single-character tokens; symbols, emoji and punctuation are dropped. Tokens
 * longer than 255 characters are skipped, leaving a position gap as Lucene 6 did.
 *
 * <p>Matching scans a value's tokens in place and stops at the first decisive one, so a query
 * over long descriptions allocates nothing per token. Tokens never span an "other" character
 * (space, most punctuation), so a scan may start just after one and see the same tokens from
 * there on: a term found by substring search is confirmed by tokenizing around it only.
 */
final class StandardAnalyzer {

  static final int MAX_TOKEN_LENGTH = 255;

  private enum Kind {
    LETTER,
    NUMERIC,
    KATAKANA,
    EXTEND_NUM_LET,
    SINGLE, // Han, Hiragana: one token per character
    MID_LETTER,
    MID_NUM,
    MID_NUM_LET,
    SINGLE_QUOTE,
    EXTEND, // combining marks and format characters attach to what precedes them
    OTHER
  }

  private static final Kind[] ASCII = new Kind[128];

  static {
    Arrays.fill(ASCII, Kind.OTHER);
    for (char c = 'a'; c <= 'z'; c++) {
      ASCII[c] = Kind.LETTER;
      ASCII[Character.toUpperCase(c)] = Kind.LETTER;
    }
    for (char c = '0'; c <= '9'; c++) {
      ASCII[c] = Kind.NUMERIC;
    }
    ASCII['_'] = Kind.EXTEND_NUM_LET;
    ASCII['.'] = Kind.MID_NUM_LET;
    ASCII[':'] = Kind.MID_LETTER;
    ASCII[','] = Kind.MID_NUM;
    ASCII[';'] = Kind.MID_NUM;
    ASCII['\''] = Kind.SINGLE_QUOTE;
  }

  /** Receives tokens as offsets into the scanned text; returns true to stop the scan. */
  @FunctionalInterface
  interface TokenSink {
    boolean accept(int start, int end, int position);
  }

  /** The terms of a string with their positions (allocates; for query strings and rare uses). */
  record Analysis(String[] terms, int[] positions) {
    int size() {
      return terms.length;
    }
  }

  private StandardAnalyzer() {}

  static Analysis analyze(String text) {
    List<String> terms = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    scan(
        text,
        (start, end, position) -> {
          terms.add(term(text, start, end));
          positions.add(position);
          return false;
        });
    return new Analysis(
        terms.toArray(String[]::new), positions.stream().mapToInt(Integer::intValue).toArray());
  }

  /** The lower-cased terms of {@code text}, in order. */
  static List<String> terms(String text) {
    return Arrays.asList(analyze(text).terms());
  }

  /** The term of the token {@code text[start, end)}. */
  static String term(String text, int start, int end) {
    return KeywordTerms.lowercase(text.substring(start, end));
  }

  /**
   * Whether the token {@code text[start, end)} lower-cases to {@code term}. Lower-casing keeps
   * every code point's length in chars, so the lengths must agree.
   */
  static boolean termEquals(String text, int start, int end, String term) {
    return end - start == term.length() && lowersTo(text, start, term);
  }

  /** Whether {@code text} from {@code start} lower-cases to {@code term}. */
  static boolean lowersTo(String text, int start, String term) {
    int n = term.length();
    for (int k = 0; k < n; ) {
      char c = text.charAt(start + k);
      if (Character.isSurrogate(c)) {
        int cp = text.codePointAt(start + k);
        if (Character.toLowerCase(cp) != term.codePointAt(k)) {
          return false;
        }
        k += Character.charCount(cp);
      } else {
        if (Character.toLowerCase(c) != term.charAt(k)) {
          return false;
        }
        k++;
      }
    }
    return true;
  }

  /**
   * Calls {@code sink} with each token of {@code text} in order, until it returns true.
   *
   * @return whether the sink stopped the scan
   */
  static boolean scan(String text, TokenSink sink) {
    return scan(text, 0, sink);
  }

  /**
   * Like {@link #scan(String, TokenSink)} from {@code from}, which must be a {@link
   * #restartPoint}; positions count from there.
   */
  static boolean scan(String text, int from, TokenSink sink) {
    int n = text.length();
    int position = 0;
    int i = from;
    while (i < n) {
      char ch = text.charAt(i);
      int cp = ch < 128 ? ch : text.codePointAt(i);
      Kind kind = ch < 128 ? ASCII[ch] : kind(cp);
      int start = i;
      int end;
      if (kind == Kind.SINGLE) {
        end = skipExtend(text, i + Character.charCount(cp));
      } else if (kind == Kind.LETTER || kind == Kind.NUMERIC || kind == Kind.KATAKANA
          || kind == Kind.EXTEND_NUM_LET) {
        end = wordEnd(text, i, kind);
        // A run of underscores alone is no word.
        if (kind == Kind.EXTEND_NUM_LET && !hasLetterOrDigit(text, start, end)) {
          i = end;
          continue;
        }
      } else {
        i += Character.charCount(cp);
        continue;
      }
      if (end - start <= MAX_TOKEN_LENGTH && sink.accept(start, end, position)) {
        return true;
      }
      position++;
      i = end;
    }
    return false;
  }

  /** The nearest offset at or before {@code i} where a fresh scan sees the same tokens. */
  static int restartPoint(String text, int i) {
    int s = i;
    while (s > 0) {
      int cp = text.codePointBefore(s);
      if ((cp < 128 ? ASCII[cp] : kind(cp)) == Kind.OTHER) {
        break;
      }
      s -= Character.charCount(cp);
    }
    return s;
  }

  /** The end of the token starting exactly at {@code i}, or -1 if no token starts there. */
  static int tokenEndAt(String text, int i) {
    int[] end = {-1};
    scan(
        text,
        restartPoint(text, i),
        (start, tokenEnd, position) -> {
          if (start == i) {
            end[0] = tokenEnd;
          }
          return start >= i;
        });
    return end[0];
  }

  /** The end of the word starting at {@code i}, applying the UAX #29 joining rules. */
  private static int wordEnd(String text, int i, Kind kind) {
    int n = text.length();
    Kind last = kind;
    int j = i + Character.charCount(text.codePointAt(i));
    while (j < n) {
      char ch = text.charAt(j);
      int cp = ch < 128 ? ch : text.codePointAt(j);
      Kind next = ch < 128 ? ASCII[ch] : kind(cp);
      if (next == Kind.EXTEND) {
        j += Character.charCount(cp); // WB4: attaches to what precedes
      } else if (joins(last, next)) {
        last = next;
        j += Character.charCount(cp);
      } else if (isMid(next)) {
        int after = skipExtend(text, j + Character.charCount(cp));
        if (after < n && midJoins(last, next, kindAt(text, after))) {
          j = after;
        } else {
          break;
        }
      } else {
        break;
      }
    }
    return j;
  }

  private static boolean hasLetterOrDigit(String text, int from, int to) {
    for (int k = from; k < to; ) {
      Kind kind = kindAt(text, k);
      if (kind == Kind.LETTER || kind == Kind.NUMERIC || kind == Kind.KATAKANA) {
        return true;
      }
      k += Character.charCount(text.codePointAt(k));
    }
    return false;
  }

  private static boolean isMid(Kind k) {
    return k == Kind.MID_LETTER || k == Kind.MID_NUM || k == Kind.MID_NUM_LET
        || k == Kind.SINGLE_QUOTE;
  }

  // UAX #29 rules WB5, WB8-WB10, WB13, WB13a, WB13b
  private static boolean joins(Kind prev, Kind next) {
    switch (next) {
      case LETTER:
      case NUMERIC:
        return prev == Kind.LETTER || prev == Kind.NUMERIC || prev == Kind.EXTEND_NUM_LET;
      case KATAKANA:
        return prev == Kind.KATAKANA || prev == Kind.EXTEND_NUM_LET;
      case EXTEND_NUM_LET:
        return prev == Kind.LETTER || prev == Kind.NUMERIC || prev == Kind.KATAKANA
            || prev == Kind.EXTEND_NUM_LET;
      default:
        return false;
    }
  }

  // UAX #29 rules WB6/WB7 (letter mid letter) and WB11/WB12 (digit mid digit)
  private static boolean midJoins(Kind prev, Kind mid, Kind next) {
    if (prev == Kind.LETTER && next == Kind.LETTER) {
      return mid == Kind.MID_LETTER || mid == Kind.MID_NUM_LET || mid == Kind.SINGLE_QUOTE;
    }
    if (prev == Kind.NUMERIC && next == Kind.NUMERIC) {
      return mid == Kind.MID_NUM || mid == Kind.MID_NUM_LET || mid == Kind.SINGLE_QUOTE;
    }
    return false;
  }

  private static int skipExtend(String text, int i) {
    while (i < text.length() && kindAt(text, i) == Kind.EXTEND) {
      i += Character.charCount(text.codePointAt(i));
    }
    return i;
  }

  private static Kind kindAt(String text, int i) {
    char ch = text.charAt(i);
    return ch < 128 ? ASCII[ch] : kind(text.codePointAt(i));
  }

  private static Kind kind(int cp) {
    switch (cp) {
      case 0x00B7: case 0x0387: case 0x05F4: case 0x2027: case 0xFE13: case 0xFE55: case 0xFF1A:
        return Kind.MID_LETTER;
      case 0x037E: case 0x0589: case 0x060C: case 0x060D: case 0x066C: case 0x07F8: case 0x2044:
      case 0xFE10: case 0xFE14: case 0xFE50: case 0xFE54: case 0xFF0C: case 0xFF1B:
        return Kind.MID_NUM;
      case 0x2018: case 0x2019: case 0x2024: case 0xFE52: case 0xFF07: case 0xFF0E:
        return Kind.MID_NUM_LET;
      case 0x200C: case 0x200D:
        return Kind.EXTEND;
      default:
        break;
    }
    int type = Character.getType(cp);
    if (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK || type == Character.FORMAT) {
      return Kind.EXTEND;
    }
    if (type == Character.CONNECTOR_PUNCTUATION) {
      return Kind.EXTEND_NUM_LET;
    }
    if (type == Character.DECIMAL_DIGIT_NUMBER) {
      return Kind.NUMERIC;
    }
    if (Character.isLetter(cp)) {
      Character.UnicodeScript script = Character.UnicodeScript.of(cp);
      if (script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA) {
        return Kind.SINGLE;
      }
      if (script == Character.UnicodeScript.KATAKANA) {
        return Kind.KATAKANA;
      }
      return Kind.LETTER;
    }
    return Kind.OTHER;
  }
}
