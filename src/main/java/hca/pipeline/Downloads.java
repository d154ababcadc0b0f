package hca.pipeline;

import hca.transfer.DownloadSummary;
import hca.transfer.DownloadOptions;
import com.fasterxml.jackson.databind.JsonNode;
import hca.dss.DssClient;
import hca.transfer.FetchLimits;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Downloads as a Java API: each call runs the download routes in a short-lived Camel context, the
 * same routes the pipeline service runs. For the command line and library users.
 */
public final class Downloads {

  private Downloads() {}

  /** A bundle (the latest version when {@code ref.version()} is null) into its layout. */
  public static DownloadSummary bundle(
      DssClient client, DownloadOptions options, BundleRef ref, DownloadRun.ProgressDisplay display)
      throws Exception {
    Path report = options.downloadDir().resolve(ref.uuid() + ".report.tsv");
    return run(client, options, report, display, "direct:download-bundle", ref, Map.of());
  }

  /** Every bundle a query matches, each into its layout. */
  public static DownloadSummary query(
      DssClient client, DownloadOptions options, JsonNode esQuery, String name, DownloadRun.ProgressDisplay display)
      throws Exception {
    Path report = options.downloadDir().resolve(name + ".report.tsv");
    return run(client, options, report, display, "direct:search", esQuery,
        Map.of(DownloadRoutes.SEARCH_TARGET, "direct:download-bundle"));
  }

  /**
   * The files of a manifest TSV. Returns a {@link ManifestPlan} for a dry run, else a {@link
   * DownloadSummary}.
   */
  public static Object manifest(
      DssClient client, DownloadOptions options, Path manifest, DownloadRun.ProgressDisplay display)
      throws Exception {
    ManifestSteps.check(manifest, options);
    String stem = manifest.getFileName().toString().replaceFirst("\\.tsv$", "");
    Path report = options.downloadDir().resolve(stem + ".report.tsv");
    ExecutorService pool = FlowContext.boundedPool("hca-fetch", options.parallel());
    try (FlowContext flows = FlowContext.start(new DownloadRoutes(pool));
        DownloadRun run = new DownloadRun(client, options, report, FetchLimits.defaults(), display)) {
      return flows.request("direct:download-manifest", manifest, Map.of(DownloadRun.PROPERTY, run))
          .getMessage()
          .getBody();
    } finally {
      pool.shutdownNow();
    }
  }

  private static DownloadSummary run(
      DssClient client, DownloadOptions options, Path report, DownloadRun.ProgressDisplay display,
      String endpoint, Object body, Map<String, Object> properties) throws Exception {
    ExecutorService pool = FlowContext.boundedPool("hca-fetch", options.parallel());
    try (FlowContext flows = FlowContext.start(new DownloadRoutes(pool));
        DownloadRun run = new DownloadRun(client, options, report, FetchLimits.defaults(), display)) {
      if (!options.dryRun()) {
        run.begin(-1, -1);
      }
      Map<String, Object> props = new java.util.HashMap<>(properties);
      props.put(DownloadRun.PROPERTY, run);
      flows.request(endpoint, body, props);
      run.close();
      return run.summary(null);
    } finally {
      pool.shutdownNow();
    }
  }
}
