package hca.localdss.cloud;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Streams the parts of a {@code multipart/related} body (a GCS multipart upload: the object
 * resource as JSON, then the content), without holding a part in memory. Lines may end in CRLF or,
 * as the Python clients write them, in a bare LF.
 */
final class MultipartRelatedReader {

  /** One part: its headers (lower-case names) and a stream of its body. */
  record Part(Map<String, String> headers, InputStream body) {
    String contentType() {
      return headers.get("content-type");
    }
  }

  private final InputStream in;
  private final byte[] delimiter;
  private final byte[] buf = new byte[1 << 20];
  private int pos;
  private int lim;
  private boolean eof;
  private PartStream current;
  private boolean finished;

  MultipartRelatedReader(InputStream in, String contentType) {
    this.in = in;
    String boundary = boundary(contentType);
    if (boundary == null) {
      throw GcsException.badRequest("multipart upload without a boundary in its Content-Type");
    }
    this.delimiter = ("\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    // The first boundary may open the body; a virtual newline lets one delimiter match it too.
    buf[0] = '\n';
    lim = 1;
  }

  /** The boundary parameter of a Content-Type, unquoted ("..", '..' or bare), or null. */
  static String boundary(String contentType) {
    if (contentType == null) {
      return null;
    }
    for (String param : contentType.split(";")) {
      String p = param.trim();
      if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
        String v = p.substring(9).trim();
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'')
            && v.charAt(v.length() - 1) == v.charAt(0)) {
          v = v.substring(1, v.length() - 1);
        }
        return v.isEmpty() ? null : v;
      }
    }
    return null;
  }

  /** The next part, or null after the closing boundary. */
  Part next() throws IOException {
    if (current == null) {
      // Skip the preamble up to the first delimiter.
      new PartStream().transferTo(OutputStream.nullOutputStream());
    } else {
      current.transferTo(OutputStream.nullOutputStream());
    }
    if (finished) {
      return null;
    }
    // After a delimiter: "--" closes the body, otherwise the rest of the line is padding.
    if (ensure(2) && buf[pos] == '-' && buf[pos + 1] == '-') {
      finished = true;
      return null;
    }
    readLine();
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
    }
    current = new PartStream();
    return new Part(headers, current);
  }

  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      if (!ensure(1)) {
        throw new EOFException("multipart body ended within part headers");
      }
      byte b = buf[pos++];
      if (b == '\n') {
        int n = line.length();
        if (n > 0 && line.charAt(n - 1) == '\r') {
          line.setLength(n - 1);
        }
        return line.toString();
      }
      if (line.length() > 64 * 1024) {
        throw GcsException.badRequest("multipart part header line too long");
      }
      line.append((char) (b & 0xff));
    }
  }

  /** Makes at least {@code n} unread bytes available unless the body ends first. */
  private boolean ensure(int n) throws IOException {
    while (lim - pos < n && !eof) {
      fill();
    }
    return lim - pos >= n;
  }

  private void fill() throws IOException {
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, lim - pos);
      lim -= pos;
      pos = 0;
    }
    int r = in.read(buf, lim, buf.length - lim);
    if (r < 0) {
      eof = true;
    } else {
      lim += r;
    }
  }

  private int indexOfDelimiter() {
    int last = lim - delimiter.length;
    outer:
    for (int i = pos; i <= last; i++) {
      if (buf[i] != '\n') {
        continue;
      }
      for (int j = 1; j < delimiter.length; j++) {
        if (buf[i + j] != delimiter[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The body of one part: ends (with an optional CR) before the next delimiter. */
  private final class PartStream extends InputStream {
    private boolean done;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      while (true) {
        int idx = indexOfDelimiter();
        if (idx >= 0) {
          int end = idx > pos && buf[idx - 1] == '\r' ? idx - 1 : idx;
          if (end > pos) {
            return take(b, off, len, end);
          }
          pos = idx + delimiter.length;
          done = true;
          return -1;
        }
        // Bytes before the last delimiter-length cannot begin a delimiter (or its CR).
        int safe = lim - delimiter.length;
        if (safe > pos) {
          return take(b, off, len, safe);
        }
        if (eof) {
          done = true;
          finished = true;
          throw GcsException.badRequest("multipart body ended without its closing boundary");
        }
        fill();
      }
    }

    private int take(byte[] b, int off, int len, int end) {
      int n = Math.min(len, end - pos);
      System.arraycopy(buf, pos, b, off, n);
      pos += n;
      return n;
    }
  }
}
