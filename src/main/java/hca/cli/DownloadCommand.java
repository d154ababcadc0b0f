package hca.cli;

import com.fasterxml.jackson.databind.JsonNode;
import hca.pipeline.BundleRef;
import hca.transfer.DownloadOptions;
import hca.transfer.DownloadSummary;
import hca.pipeline.Downloads;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hca dss download}: a bundle, or every bundle a query matches, into the bundle layout. */
@Command(
    name = "download",
    description = {
      DownloadCommand.SUMMARY,
      "Files go into a content-addressed store under DIR/.hca/v2/files_2_4 and are hard-linked (or",
      "copied) into DIR/<bundle uuid>.<version>/<name>, with bundle.json. Files already stored are not",
      "fetched again; partial files are resumed. A report of every file goes into DIR."
    })
final class DownloadCommand implements Callable<Integer> {

  static final String SUMMARY = "Download a bundle, or every bundle a query matches.";

  private final CliContext ctx;

  @Mixin
  FetchOptions fetch;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @ArgGroup(multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = "--bundle-uuid", paramLabel = "UUID", description = "The bundle to download.")
    String bundleUuid;

    @Option(names = "--query", paramLabel = "FILE.json|JSON", description = "A search body ({\"es_query\": ...} or the query itself), inline when it starts with '{', else a file: download every bundle it matches.")
    String query;
  }

  @Option(names = "--version", paramLabel = "VERSION", description = "The bundle version (default: the latest).")
  String version;

  @Option(names = {"--download-dir", "--dest-name"}, paramLabel = "DIR", defaultValue = ".", description = "Where to download to (default: the current folder).")
  Path downloadDir;

  @Option(names = {"--metadata-filter", "--metadata-files"}, arity = "1..*", paramLabel = "GLOB", description = "Download only metadata files (indexed) whose names match one of these globs (default: *).")
  List<String> metadataFilter = new ArrayList<>(List.of("*"));

  @Option(names = {"--data-filter", "--data-files"}, arity = "1..*", paramLabel = "GLOB", description = "Download only data files whose names match one of these globs (default: *).")
  List<String> dataFilter = new ArrayList<>(List.of("*"));

  @Option(names = "--no-metadata", description = "Download no metadata files.")
  boolean noMetadata;

  @Option(names = "--no-data", description = "Download no data files.")
  boolean noData;

  DownloadCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    if (noMetadata && !metadataFilter.equals(List.of("*")) || noData && !dataFilter.equals(List.of("*"))) {
      throw new IllegalArgumentException("--no-metadata and --no-data cannot be combined with their filters");
    }
    DownloadOptions options =
        fetch.options(downloadDir, true, noMetadata ? List.of() : metadataFilter, noData ? List.of() : dataFilter);
    DownloadSummary summary;
    DownloadDisplay.Console console = DownloadDisplay.forConsole(ctx);
    if (source.bundleUuid != null) {
      summary = Downloads.bundle(ctx.client(), options, new BundleRef(source.bundleUuid, version), console);
    } else {
      JsonNode query = QueryArgument.read(source.query);
      summary = Downloads.query(ctx.client(), options, query, QueryArgument.name(source.query), console);
    }
    return DownloadDisplay.finish(ctx, console, summary);
  }
}
