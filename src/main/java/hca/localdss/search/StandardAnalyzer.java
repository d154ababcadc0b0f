package hca.localdss.search;

import java.util.ArrayList;
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

  /** A token and its position; positions skip where an over-long token was dropped. */
  record Token(String term, int position) {}

  private StandardAnalyzer() {}

  /** The lower-cased terms of {@code text}, in order. */
  static List<Token> tokens(String text) {
    List<Token> out = new ArrayList<>();
    int position = 0;
    int n = text.length();
    int i = 0;
    while (i < n) {
      int cp = text.codePointAt(i);
      Kind kind = kind(cp);
      if (kind == Kind.SINGLE) {
        int end = skipExtend(text, i + Character.charCount(cp));
        out.add(new Token(KeywordTerms.lowercase(text.substring(i, end)), position++));
        i = end;
        continue;
      }
      if (!startsWord(kind)) {
        i += Character.charCount(cp);
        continue;
      }
      int start = i;
      boolean hasWordChar = kind != Kind.EXTEND_NUM_LET;
      Kind last = kind;
      int j = skipExtend(text, i + Character.charCount(cp));
      while (j < n) {
        int next = text.codePointAt(j);
        Kind nk = kind(next);
        if (joins(last, nk)) {
          hasWordChar |= nk != Kind.EXTEND_NUM_LET;
          last = nk;
          j = skipExtend(text, j + Character.charCount(next));
          continue;
        }
        if (isMid(nk)) {
          int after = skipExtend(text, j + Character.charCount(next));
          if (after < n) {
            Kind ak = kind(text.codePointAt(after));
            if (midJoins(last, nk, ak)) {
              j = after;
              continue;
            }
          }
        }
        break;
      }
      if (hasWordChar) {
        if (j - start <= MAX_TOKEN_LENGTH) {
          out.add(new Token(KeywordTerms.lowercase(text.substring(start, j)), position));
        }
        position++;
      }
      i = j;
    }
    return out;
  }

  /** The terms alone, for callers that do not need positions. */
  static List<String> terms(String text) {
    List<Token> tokens = tokens(text);
    List<String> terms = new ArrayList<>(tokens.size());
    for (Token t : tokens) {
      terms.add(t.term());
    }
    return terms;
  }

  private static boolean startsWord(Kind k) {
    return k == Kind.LETTER || k == Kind.NUMERIC || k == Kind.KATAKANA || k == Kind.EXTEND_NUM_LET;
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
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      if (kind(cp) != Kind.EXTEND) {
        break;
      }
      i += Character.charCount(cp);
    }
    return i;
  }

  private static Kind kind(int cp) {
    if (cp < 0x80) {
      if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) {
        return Kind.LETTER;
      }
      if (cp >= '0' && cp <= '9') {
        return Kind.NUMERIC;
      }
      switch (cp) {
        case '_':
          return Kind.EXTEND_NUM_LET;
        case '.':
          return Kind.MID_NUM_LET;
        case ':':
          return Kind.MID_LETTER;
        case ',':
        case ';':
          return Kind.MID_NUM;
        case '\'':
          return Kind.SINGLE_QUOTE;
        default:
          return Kind.OTHER;
      }
    }
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
