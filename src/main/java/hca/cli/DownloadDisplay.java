package hca.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import hca.pipeline.DownloadRun;
import hca.transfer.DownloadSummary;
import hca.pipeline.ManifestPlan;
import hca.transfer.Progress;

/** How download commands show progress and their outcome. */
final class DownloadDisplay {

  private DownloadDisplay() {}

  /** A progress bar on a terminal, else a line every few seconds, on the command's stderr. */
  static Console forConsole(CliContext ctx) {
    return new Console(ctx);
  }

  /** The console's progress display, which keeps its progress for the summary line. */
  static final class Console implements DownloadRun.ProgressDisplay {
    private final CliContext ctx;
    private volatile Progress progress;

    Console(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public hca.transfer.TransferListener start(long files, long bytes) {
      progress = Progress.forConsole(files, bytes, ctx.err(), System.console() != null);
      return progress;
    }
  }

  /** Prints the summary (JSON on stdout, a line on stderr) and returns the exit code. */
  static int finish(CliContext ctx, Console console, DownloadSummary s) {
    if (s.ok() && console.progress != null) {
      ctx.err().println(console.progress.summary());
    }
    return finish(ctx, s);
  }

  /** Prints the summary (JSON on stdout, a line on stderr) and returns the exit code. */
  static int finish(CliContext ctx, DownloadSummary s) {
    ObjectNode n = Output.JSON.createObjectNode();
    n.put("fetched", s.fetched());
    n.put("present", s.present());
    n.put("failed", s.failed());
    n.put("bytes", s.bytes());
    n.put("seconds", s.millis() / 1000.0);
    n.put("planned_files", s.plannedFiles());
    n.put("planned_bytes", s.plannedBytes());
    if (s.report() != null) {
      n.put("report", s.report().toString());
    }
    if (s.outputManifest() != null) {
      n.put("manifest", s.outputManifest().toString());
    }
    Output.json(ctx.out(), n);
    if (!s.ok()) {
      // one line: how many failed, the first reason, and where the others are
      String first = firstProblem(s.report());
      ctx.err().println(Hca.oneLine("hca: " + s.failed() + " file(s) could not be downloaded ("
          + s.fetched() + " fetched, " + s.present() + " already present)"
          + (first == null ? "" : "; the first: " + first) + "; see " + s.report()));
      return ExitCodes.PARTIAL;
    }
    ctx.err().println(s.line());
    return ExitCodes.OK;
  }

  /** The first failed row of a report, as "line N: error", or null. */
  static String firstProblem(Path report) {
    if (report == null || !Files.isRegularFile(report)) {
      return null;
    }
    CSVFormat tsv = CSVFormat.Builder.create(CSVFormat.TDF).setHeader().setSkipHeaderRecord(true).get();
    try (Reader in = Files.newBufferedReader(report, StandardCharsets.UTF_8);
        CSVParser p = CSVParser.parse(in, tsv)) {
      for (CSVRecord r : p) {
        String status = r.isMapped("status") ? r.get("status") : "";
        if (!status.equals("FETCHED") && !status.equals("PRESENT") && r.isMapped("error") && r.isSet("error")) {
          String line = r.isMapped("line") ? r.get("line") : "";
          return (line.isBlank() ? r.get("file_name") : "line " + line) + ": " + r.get("error");
        }
      }
    } catch (IOException | RuntimeException e) {
      return null; // the report itself is named in the message; its reading is only a courtesy
    }
    return null;
  }

  /** Prints a manifest's plan for --dry-run. */
  static int plan(CliContext ctx, ManifestPlan p) {
    ObjectNode n = Output.JSON.valueToTree(p);
    n.put("bytes_to_fetch", p.bytesToFetch());
    Output.json(ctx.out(), n);
    ctx.err().println(p.line());
    return ExitCodes.OK;
  }
}
