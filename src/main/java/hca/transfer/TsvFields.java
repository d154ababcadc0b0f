package hca.transfer;

import java.util.List;

/**
 * Writes tab-separated lines that {@link ManifestReader}'s format reads back: a field holding a
 * tab, a line break or a double quote is quoted, with its quotes doubled, as spreadsheets do.
 */
final class TsvFields {

  private TsvFields() {}

  /** One line of fields, ended by {@code \n}. */
  static String line(List<String> fields) {
    StringBuilder b = new StringBuilder(128);
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        b.append('\t');
      }
      append(b, fields.get(i));
    }
    return b.append('\n').toString();
  }

  static void append(StringBuilder b, String v) {
    if (v == null) {
      return;
    }
    boolean quote = false;
    for (int i = 0; i < v.length() && !quote; i++) {
      char c = v.charAt(i);
      quote = c == '\t' || c == '\n' || c == '\r' || c == '"';
    }
    if (!quote) {
      b.append(v);
      return;
    }
    b.append('"');
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '"') {
        b.append('"');
      }
      b.append(c);
    }
    b.append('"');
  }
}
