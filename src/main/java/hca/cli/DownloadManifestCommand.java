package hca.cli;

import hca.transfer.DownloadOptions;
import hca.transfer.DownloadSummary;
import hca.pipeline.Downloads;
import hca.pipeline.ManifestPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hca dss download-manifest}: the files of a manifest TSV. */
@Command(
    name = "download-manifest",
    description = {
      DownloadManifestCommand.SUMMARY,
      "The manifest is a TSV with a header row and the columns bundle_uuid, bundle_version, file_name,",
      "file_uuid, file_version, file_sha256 and file_size (any order; other columns are ignored). Files",
      "go into the store under DIR/.hca/v2/files_2_4 (and, with --layout bundle, are linked into",
      "DIR/<bundle uuid>.<version>/<file name>). A report of every row goes into DIR and, when every",
      "row succeeded, the manifest again with a file_path column."
    })
final class DownloadManifestCommand implements Callable<Integer> {

  static final String SUMMARY = "Download the files listed in a manifest TSV.";

  private final CliContext ctx;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Option(names = "--manifest", required = true, paramLabel = "FILE.tsv", description = "The manifest (required).")
  Path manifest;

  @Option(names = "--replica", required = true, paramLabel = "aws|gcp", description = "The replica to download from (required).")
  String replica;

  @Option(names = "--layout", paramLabel = "none|bundle", defaultValue = "none", description = "none: the store only; bundle: also <bundle uuid>.<version>/<name> (default: ${DEFAULT-VALUE}).")
  String layout;

  @Option(names = "--download-dir", paramLabel = "DIR", defaultValue = ".", description = "Where to download to (default: the current folder).")
  Path downloadDir;

  @Option(names = "--parallel", paramLabel = "N", description = "Files fetched at once (default: ${DEFAULT-VALUE}).", defaultValue = "16")
  int parallel;

  @Option(names = "--fsync", description = "Flush each file to disk before it enters the store, so that not even a power cut can leave a stored file short or zeroed (slower when the data would fit in memory).")
  boolean fsync;

  @Option(names = "--dry-run", description = "Read the manifest and show the plan (files, bytes, already present); fetch nothing.")
  boolean dryRun;

  DownloadManifestCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    if (!layout.equals("none") && !layout.equals("bundle")) {
      throw new IllegalArgumentException("--layout must be none or bundle, not '" + layout + "'");
    }
    if (!Files.isRegularFile(manifest) || !Files.isReadable(manifest)) {
      throw new BadInputException(manifest + ": no such readable file");
    }
    DownloadOptions options =
        new DownloadOptions(
            replica, downloadDir, parallel, dryRun, layout.equals("bundle"), List.of("*"), List.of("*"), fsync);
    Object result = Downloads.manifest(ctx.client(), options, manifest, DownloadDisplay.forConsole());
    return result instanceof ManifestPlan p ? DownloadDisplay.plan(ctx, p) : DownloadDisplay.finish(ctx, (DownloadSummary) result);
  }
}
