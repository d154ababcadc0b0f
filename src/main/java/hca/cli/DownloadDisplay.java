package hca.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.pipeline.DownloadRun;
import hca.transfer.DownloadSummary;
import hca.pipeline.ManifestPlan;
import hca.transfer.Progress;

/** How download commands show progress and their outcome. */
final class DownloadDisplay {

  private DownloadDisplay() {}

  /** A progress bar on a terminal, else a line every few seconds, on the command's stderr. */
  static DownloadRun.ProgressDisplay forConsole(CliContext ctx) {
    return (files, bytes) -> Progress.forConsole(files, bytes, ctx.err(), System.console() != null);
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
    ctx.err().println(s.line());
    if (!s.ok()) {
      ctx.err().println("hca: " + s.failed() + " file(s) could not be downloaded; see " + s.report());
      return ExitCodes.PARTIAL;
    }
    return ExitCodes.OK;
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
