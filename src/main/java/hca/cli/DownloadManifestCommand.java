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
import picocli.CommandLine.Mixin;
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

  @Mixin
  FetchOptions fetch;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Option(names = "--manifest", required = true, paramLabel = "FILE.tsv", description = "The manifest (required).")
  Path manifest;

  @Option(names = "--layout", paramLabel = "none|bundle", defaultValue = "none", description = "none: the store only; bundle: also <bundle uuid>.<version>/<name> (default: ${DEFAULT-VALUE}).")
  String layout;

  @Option(names = "--download-dir", paramLabel = "DIR", defaultValue = ".", description = "Where to download to (default: the current folder).")
  Path downloadDir;

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
        fetch.options(downloadDir, layout.equals("bundle"), List.of("*"), List.of("*"));
    DownloadDisplay.Console console = DownloadDisplay.forConsole(ctx);
    Object result = Downloads.manifest(ctx.client(), options, manifest, console);
    return result instanceof ManifestPlan p ? DownloadDisplay.plan(ctx, p)
        : DownloadDisplay.finish(ctx, console, (DownloadSummary) result);
  }
}
