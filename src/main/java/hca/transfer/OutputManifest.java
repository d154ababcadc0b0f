package hca.transfer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The manifest a download writes when every line succeeded: the input, every column and line in
 * its order, with a {@code file_path} column saying where each file now is (as the original
 * client did). An input that already has {@code file_path} gets it filled in again.
 */
public final class OutputManifest {

  /** The column added. */
  public static final String FILE_PATH = "file_path";

  private OutputManifest() {}

  /**
   * Reads {@code input} again and writes it to {@code output} (LF line ends, atomically: through a
   * temporary file and a rename) with the {@code file_path} of each line; lines that are not valid
   * manifest rows get an empty one.
   *
   * @param filePath the path to write for a row (null for none)
   * @throws BadManifestException when the input cannot be read again
   * @throws UncheckedIOException when the output cannot be written
   */
  public static void write(Path input, Path output, Function<ManifestRow, String> filePath) {
    try (ManifestReader reader = ManifestReader.open(input, Set.of(), false);
        AtomicTextFile out = new AtomicTextFile(output)) {
      List<String> header = new ArrayList<>(reader.header());
      int at = pathColumn(header);
      if (at < 0) {
        header.add(FILE_PATH);
      }
      out.write(TsvFields.line(header));
      for (Optional<ManifestEntry> e = reader.next(); e.isPresent(); e = reader.next()) {
        List<String> fields = new ArrayList<>(reader.lastFields());
        String path = e.get() instanceof ManifestRow row ? filePath.apply(row) : null;
        if (at >= 0 && at < fields.size()) {
          fields.set(at, path);
        } else {
          while (at >= 0 && fields.size() < at) {
            fields.add("");
          }
          fields.add(path);
        }
        out.write(TsvFields.line(fields));
      }
      out.commit();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the manifest " + output + ": " + e.getMessage(), e);
    }
  }

  private static int pathColumn(List<String> header) {
    for (int i = 0; i < header.size(); i++) {
      if (header.get(i).strip().toLowerCase(Locale.ROOT).equals(FILE_PATH)) {
        return i;
      }
    }
    return -1;
  }
}
