package hca.transfer;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.ByteOrderMark;
import org.apache.commons.io.input.BOMInputStream;

/**
 * Reads a manifest TSV one line at a time, in constant memory but for a compact table of the keys
 * seen (to report duplicates). The file is UTF-8 (a byte order mark is skipped), tab-separated,
 * with a header row naming the columns in any order; other columns are ignored, CRLF line ends are
 * accepted, and fields may be quoted as a spreadsheet writes them. Problems with the whole file are
 * a {@link BadManifestException}; problems with one line are a {@link RowError}.
 *
 * <p>Every known column the manifest has is checked (see {@link ManifestValues}). A line longer
 * than {@link #MAX_LINE} chars is a {@link RowError} (the header: a whole-file error), read past
 * without being held in memory. When the manifest has {@code bundle_uuid}, {@code bundle_version}
 * and {@code file_name}, a line repeating those three of an earlier line with another file
 * ({@code file_uuid}, {@code file_version}, {@code file_sha256} or {@code file_size}) is an error;
 * an exact repeat (a manifest concatenated with itself) is not.
 */
public final class ManifestReader implements Closeable {

  public static final String BUNDLE_UUID = "bundle_uuid";
  public static final String BUNDLE_VERSION = "bundle_version";
  public static final String FILE_NAME = "file_name";
  public static final String FILE_UUID = "file_uuid";
  public static final String FILE_VERSION = "file_version";
  public static final String FILE_SHA256 = "file_sha256";
  public static final String FILE_SIZE = "file_size";

  /** The columns this reader knows, in the order of {@link ManifestRow}. */
  public static final List<String> KNOWN_COLUMNS =
      List.of(BUNDLE_UUID, BUNDLE_VERSION, FILE_NAME, FILE_UUID, FILE_VERSION, FILE_SHA256, FILE_SIZE);

  /** The longest line read, in chars: 1 MiB, so that one line cannot take the heap. */
  public static final int MAX_LINE = 1 << 20;

  private static final String MAX_LINE_TEXT = "1 MiB";

  /** The tab-separated format: commons-csv's TDF, but values are kept exactly as written. */
  static final CSVFormat FORMAT =
      CSVFormat.TDF.builder().setIgnoreSurroundingSpaces(false).setTrim(false).setIgnoreEmptyLines(false).get();


  private final Path file;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private final List<String> header;
  private final int[] column = new int[KNOWN_COLUMNS.size()];
  private final SeenKeys seen;
  private final Queue<Long> tooLong;
  private CSVRecord last;
  private CSVRecord pending;
  private long pendingLine;

  private ManifestReader(
      Path file, CSVParser parser, Queue<Long> tooLong, List<String> header, int[] column, boolean duplicates) {
    this.file = file;
    this.parser = parser;
    this.tooLong = tooLong;
    this.records = parser.iterator();
    this.header = header;
    System.arraycopy(column, 0, this.column, 0, column.length);
    boolean keyed = column[0] >= 0 && column[1] >= 0 && column[2] >= 0;
    this.seen = keyed && duplicates ? new SeenKeys() : null;
  }

  /**
   * Opens a manifest and reads its header.
   *
   * @param requiredColumns the columns it must have (names from {@link #KNOWN_COLUMNS})
   * @throws BadManifestException when the file cannot be read, is empty, is not UTF-8, has no
   *     header row, or lacks a required column
   */
  public static ManifestReader open(Path tsv, Set<String> requiredColumns) {
    return open(tsv, requiredColumns, true);
  }

  /** {@link #open(Path, Set)}, with or without reporting duplicate lines. */
  static ManifestReader open(Path tsv, Set<String> requiredColumns, boolean duplicates) {
    CSVParser parser = null;
    try {
      InputStream raw = new BufferedInputStream(Files.newInputStream(tsv), 1 << 16);
      BOMInputStream in =
          BOMInputStream.builder()
              .setInputStream(raw)
              .setByteOrderMarks(
                  ByteOrderMark.UTF_8,
                  ByteOrderMark.UTF_16LE,
                  ByteOrderMark.UTF_16BE,
                  ByteOrderMark.UTF_32LE,
                  ByteOrderMark.UTF_32BE)
              .get();
      ByteOrderMark bom = in.getBOM();
      if (bom != null && !bom.equals(ByteOrderMark.UTF_8)) {
        in.close();
        throw new BadManifestException(tsv, "not UTF-8 (it starts with a " + bom.getCharsetName() + " byte order mark)");
      }
      InputStreamReader reader =
          new InputStreamReader(
              in,
              StandardCharsets.UTF_8
                  .newDecoder()
                  .onMalformedInput(CodingErrorAction.REPLACE)
                  .onUnmappableCharacter(CodingErrorAction.REPLACE));
      CappedLineReader capped = new CappedLineReader(reader, MAX_LINE);
      parser = CSVParser.builder().setReader(capped).setFormat(FORMAT).get();
      List<String> header = readHeader(tsv, parser, capped.tooLong());
      int[] column = columns(tsv, header, requiredColumns);
      return new ManifestReader(tsv, parser, capped.tooLong(), header, column, duplicates);
    } catch (NoSuchFileException e) {
      throw new BadManifestException(tsv, "no such file");
    } catch (IOException e) {
      closeQuietly(parser);
      throw new BadManifestException(tsv, "cannot be read: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(parser);
      throw e;
    }
  }

  private static List<String> readHeader(Path tsv, CSVParser parser, Queue<Long> tooLong) {
    Iterator<CSVRecord> it = parser.iterator();
    while (true) {
      long line = parser.getCurrentLineNumber() + 1;
      CSVRecord first;
      try {
        boolean end = !it.hasNext();
        // a line too long before the header is found was the header: it is left blank
        if (!tooLong.isEmpty() && (end || tooLong.peek() <= line)) {
          throw new BadManifestException(
              tsv, "line " + tooLong.peek() + " (the header) is longer than " + MAX_LINE_TEXT);
        }
        if (end) {
          throw new BadManifestException(tsv, "empty file (no header row)");
        }
        first = it.next();
      } catch (UncheckedIOException | IllegalStateException e) {
        throw unreadable(tsv, 1, e);
      }
      if (blank(first)) {
        continue;
      }
      if (undecodable(first)) {
        throw new BadManifestException(tsv, "not UTF-8 (at line " + parser.getCurrentLineNumber() + ")");
      }
      return Collections.unmodifiableList(new ArrayList<>(first.toList()));
    }
  }

  private static int[] columns(Path tsv, List<String> header, Set<String> required) {
    for (String r : required) {
      if (!KNOWN_COLUMNS.contains(r)) {
        throw new IllegalArgumentException("unknown manifest column " + r);
      }
    }
    int[] column = new int[KNOWN_COLUMNS.size()];
    java.util.Arrays.fill(column, -1);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i).strip().toLowerCase(Locale.ROOT);
      int k = KNOWN_COLUMNS.indexOf(name);
      if (k >= 0) {
        if (column[k] >= 0) {
          throw new BadManifestException(tsv, "column " + name + " appears twice in the header");
        }
        column[k] = i;
      }
      index.put(name, i);
    }
    Set<String> missing = new LinkedHashSet<>();
    for (String name : KNOWN_COLUMNS) {
      if (required.contains(name) && !index.containsKey(name)) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      boolean noneKnown = java.util.Arrays.stream(column).allMatch(c -> c < 0);
      if (noneKnown && header.stream().anyMatch(ManifestReader::looksLikeData)) {
        throw new BadManifestException(
            tsv, "no header row (line 1 looks like data); the header must name the columns " + String.join(", ", missing));
      }
      throw new BadManifestException(tsv, "missing column" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing));
    }
    return column;
  }

  private static boolean looksLikeData(String v) {
    return ManifestValues.isUuid(v) || ManifestValues.isSha256(v) || ManifestValues.isVersion(v) || v.matches("\\d+");
  }

  /** The header's column names, as written. */
  public List<String> header() {
    return header;
  }

  /**
   * The next line of the manifest; empty at the end.
   *
   * @throws BadManifestException when the rest of the file cannot be read (not UTF-8, an unclosed
   *     quote)
   */
  public Optional<ManifestEntry> next() {
    while (true) {
      long line;
      CSVRecord rec;
      if (pending != null) {
        line = pendingLine;
        rec = pending;
        pending = null;
      } else {
        line = parser.getCurrentLineNumber() + 1;
        try {
          rec = records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException | IllegalStateException e) {
          throw unreadable(file, line, e);
        }
      }
      // a line too long was read past and left blank (or, last in the file, left out)
      Long overlong = tooLong.peek();
      if (overlong != null && (rec == null || overlong <= line)) {
        tooLong.poll();
        if (rec != null && !(overlong == line && blank(rec))) {
          pending = rec;
          pendingLine = line;
        }
        last = null;
        return Optional.of(new RowError(overlong, "line " + overlong + " is longer than " + MAX_LINE_TEXT));
      }
      if (rec == null) {
        last = null;
        return Optional.empty();
      }
      if (blank(rec)) {
        continue;
      }
      if (undecodable(rec)) {
        throw new BadManifestException(file, "not UTF-8 (at line " + line + ")");
      }
      last = rec;
      return Optional.of(entry(line, rec));
    }
  }

  /** The fields of the line {@link #next()} returned last, as written. */
  List<String> lastFields() {
    return last == null ? List.of() : last.toList();
  }

  private ManifestEntry entry(long line, CSVRecord rec) {
    String bundleUuid = value(rec, 0);
    String bundleVersion = value(rec, 1);
    String fileName = value(rec, 2);
    String fileUuid = value(rec, 3);
    String fileVersion = value(rec, 4);
    String sha256 = value(rec, 5);
    String size = value(rec, 6);
    if (rec.size() != header.size()) {
      return new RowError(line, "wrong number of fields: " + rec.size() + ", the header has " + header.size(),
          fileUuid, fileVersion, fileName, sha256);
    }
    String problem = ManifestValues.firstProblem(bundleUuid, bundleVersion, fileName, fileUuid, fileVersion, sha256, size);
    if (problem != null) {
      return new RowError(line, problem, fileUuid, fileVersion, fileName, sha256);
    }
    ManifestRow row =
        new ManifestRow(
            line,
            lower(bundleUuid),
            bundleVersion,
            fileName,
            lower(fileUuid),
            fileVersion,
            lower(sha256),
            size == null ? -1 : Long.parseLong(size));
    if (seen != null) {
      long first =
          seen.conflict(
              SeenKeys.hash(row.bundleUuid(), row.bundleVersion(), row.fileName()),
              SeenKeys.hash(row.fileUuid(), row.fileVersion(), row.sha256(), Long.toString(row.size())),
              line);
      if (first >= 0) {
        return new RowError(
            line, "same bundle_uuid, bundle_version and file_name as line " + first + " but another file",
            fileUuid, fileVersion, fileName, sha256);
      }
    }
    return row;
  }

  // a line with too few fields still names what it has
  private String value(CSVRecord rec, int known) {
    int i = column[known];
    return i < 0 || i >= rec.size() ? null : rec.get(i);
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  private static boolean blank(CSVRecord rec) {
    for (String v : rec) {
      if (!v.isBlank()) {
        return false;
      }
    }
    return true;
  }

  // Bytes that are not UTF-8 are decoded to U+FFFD, and found here, so that the message can name
  // their line; a manifest holding U+FFFD itself went through a broken conversion before.
  private static boolean undecodable(CSVRecord rec) {
    for (String v : rec) {
      if (v.indexOf('\uFFFD') >= 0) {
        return true;
      }
    }
    return false;
  }

  private static BadManifestException unreadable(Path file, long line, RuntimeException e) {
    Throwable cause = e.getCause() == null ? e : e.getCause();
    String why = String.valueOf(cause.getMessage()).replaceAll("\\s+", " ");
    return new BadManifestException(file, "cannot be parsed after line " + (line - 1) + ": " + why, e);
  }

  private static void closeQuietly(Closeable c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException ignored) {
        // already failing
      }
    }
  }

  /** Closes the file. */
  @Override
  public void close() {
    closeQuietly(parser);
  }
}
