package hca.transfer;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Passes a manifest's text through one line at a time, holding at most {@code cap} chars of it,
 * and replaces a line longer than that by as many line breaks as it had (blank lines, which the
 * parser skips), remembering its number. A line is what the TSV parser reads as one row: a quoted field
 * may hold line breaks. So a 200 MB line, with or without a final newline, costs {@code cap} chars
 * of memory, not 200 MB. Line numbers count CR, LF and CRLF, as commons-csv does. Not thread-safe.
 */
final class CappedLineReader extends Reader {

  private final Reader in;
  private final int cap;
  private final char[] input = new char[8192];
  private int inPos;
  private int inLen;
  private boolean eof;

  private final char[] line;
  private int linePos;
  private int lineLen;
  // chars of CRLF pairs still to give for a line left out: CRLF, as a lone CR or LF next to the
  // lines around it could merge with them into one line break
  private long breaksToEmit;

  private long lineNumber = 1;
  private int previous = -1;
  private final Queue<Long> tooLong = new ArrayDeque<>();

  CappedLineReader(Reader in, int cap) {
    this.in = in;
    this.cap = cap;
    this.line = new char[cap + 2]; // and its line break
  }

  /** The numbers of the lines found too long so far (the text read ahead included), in order. */
  Queue<Long> tooLong() {
    return tooLong;
  }

  @Override
  public int read(char[] buf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (linePos == lineLen && breaksToEmit == 0) {
      if (!fill()) {
        return -1;
      }
    }
    if (linePos < lineLen) {
      int n = Math.min(len, lineLen - linePos);
      System.arraycopy(line, linePos, buf, off, n);
      linePos += n;
      return n;
    }
    int n = (int) Math.min(len, breaksToEmit);
    for (int i = 0; i < n; i++) {
      buf[off + i] = breaksToEmit-- % 2 == 0 ? '\r' : '\n';
    }
    return n;
  }

  /** Reads the next line into {@link #line}; false at the end of the text. */
  private boolean fill() throws IOException {
    linePos = 0;
    lineLen = 0;
    long start = lineNumber;
    boolean over = false;
    boolean tokenStart = true;
    boolean quoted = false;
    boolean quoteSeen = false; // a quote inside a quoted field: its end, or the first of a pair
    int c = -1;
    boolean any = false;
    while ((c = nextChar()) >= 0) {
      any = true;
      if (lineLen < line.length) {
        line[lineLen++] = (char) c;
      } else {
        over = true;
      }
      if (quoteSeen) {
        quoteSeen = false;
        if (c == '"') {
          continue;
        }
        quoted = false;
      }
      if (quoted) {
        quoteSeen = c == '"';
        continue;
      }
      if (c == '\n') {
        break;
      }
      if (c == '\r') {
        if (peekChar() == '\n') {
          nextChar();
          if (lineLen < line.length) {
            line[lineLen++] = '\n';
          } else {
            over = true;
          }
        }
        break;
      }
      if (c == '"' && tokenStart) {
        quoted = true;
      }
      tokenStart = c == '\t';
    }
    int end = lineLen;
    while (end > 0 && (line[end - 1] == '\n' || line[end - 1] == '\r') && lineLen - end < 2) {
      end--;
    }
    if (over || end > cap) {
      tooLong.add(start);
      lineLen = 0;
      breaksToEmit = 2 * (lineNumber - start);
    }
    return any;
  }

  private int nextChar() throws IOException {
    if (inPos == inLen && !refill()) {
      return -1;
    }
    char c = input[inPos++];
    if (c == '\r' || c == '\n' && previous != '\r') {
      lineNumber++;
    }
    previous = c;
    return c;
  }

  private int peekChar() throws IOException {
    if (inPos == inLen && !refill()) {
      return -1;
    }
    return input[inPos];
  }

  private boolean refill() throws IOException {
    if (eof) {
      return false;
    }
    int n;
    do {
      n = in.read(input, 0, input.length);
    } while (n == 0);
    if (n < 0) {
      eof = true;
      return false;
    }
    inPos = 0;
    inLen = n;
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
