package hca.transfer;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The report of an upload: a TSV with one row per file saying how far it got ({@code pending},
 * {@code staged}, {@code registered} or {@code failed}) and, for a failure, where and why.
 */
public final class UploadReport {

  /** The columns, in order. */
  public static final List<String> COLUMNS = List.of(
      "name", "size", "content_type", "file_uuid", "file_version", "sha256", "source_url", "status", "error");

  private UploadReport() {}

  /**
   * Writes the report of a plan through a temporary file.
   *
   * @throws UploadSourceException when it cannot be written
   */
  public static void write(UploadPlan plan) {
    Path file = plan.report();
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
          CSVPrinter out = new CSVPrinter(w, CSVFormat.TDF.builder().setRecordSeparator('\n').get())) {
        out.printRecord(COLUMNS);
        for (UploadItem i : plan.items()) {
          Checksums c = i.checksums();
          out.printRecord(i.name(), i.source().size(), i.contentType(), i.fileUuid(), plan.version(),
              c == null ? "" : c.sha256(), i.sourceUrl() == null ? "" : i.sourceUrl(),
              i.status().label(), i.error() == null ? "" : i.error());
        }
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UploadSourceException(file + ": the report cannot be written (" + e.getMessage() + ")", e);
    }
  }
}
