package hca.pipeline;

import hca.transfer.DownloadSummary;
import hca.transfer.DownloadOptions;
import com.fasterxml.jackson.databind.JsonNode;
import hca.dss.DssClient;
import hca.transfer.FetchLimits;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Downloads as a Java API: each call runs the download routes in a short-lived Camel context, the
 * same routes the pipeline service runs. For the command line and library users.
 */
public final class Downloads {

  private Downloads() {}

  /**
   * A bundle, as the original {@code download(bundle_uuid, replica, version, download_dir,
   * metadata_files, data_files)} did: the files whose names match the globs (metadata: files marked
   * {@code indexed}) into the content-addressed store under {@code downloadDir}, linked into {@code
   * <uuid>.<version>/}, with {@code bundle.json}. Files already stored are not fetched again.
   *
   * @param version null for the latest
   * @return the counts and the report; {@code ok()} is false when some files failed
   */
  public static DownloadSummary bundle(DssClient client, String bundleUuid, String replica, String version,
      Path downloadDir, List<String> metadataFiles, List<String> dataFiles) {
    DownloadOptions o = new DownloadOptions(replica, downloadDir, 16, false, true, metadataFiles, dataFiles, false);
    return unchecked(() -> bundle(client, o, new BundleRef(bundleUuid, version), DownloadRun.ProgressDisplay.NONE));
  }

  /** Every file of the latest version of a bundle. */
  public static DownloadSummary bundle(DssClient client, String bundleUuid, String replica, Path downloadDir) {
    return bundle(client, bundleUuid, replica, null, downloadDir, List.of("*"), List.of("*"));
  }

  /**
   * The files of a manifest TSV, as the original {@code download_manifest}: into the store only
   * ({@code bundleLayout} false, the original's {@code layout='none'}) or also linked into {@code
   * <bundle uuid>.<version>/}. Writes {@code <name>.report.tsv} and, when every row succeeded, the
   * manifest with a {@code file_path} column, into {@code downloadDir}.
   */
  public static DownloadSummary manifest(DssClient client, Path manifest, String replica, boolean bundleLayout,
      Path downloadDir) {
    DownloadOptions o = new DownloadOptions(replica, downloadDir, 16, false, bundleLayout, List.of("*"),
        List.of("*"), false);
    return unchecked(() -> (DownloadSummary) manifest(client, o, manifest, DownloadRun.ProgressDisplay.NONE));
  }

  /** Every bundle an es_query matches, each into its layout; the report is {@code <name>.report.tsv}. */
  public static DownloadSummary query(DssClient client, JsonNode esQuery, String replica, Path downloadDir,
      String name) {
    return unchecked(() -> query(client, DownloadOptions.bundles(replica, downloadDir, 16), esQuery, name,
        DownloadRun.ProgressDisplay.NONE));
  }

  private interface Run {
    DownloadSummary run() throws Exception;
  }

  private static DownloadSummary unchecked(Run run) {
    try {
      return run.run();
    } catch (RuntimeException e) {
      throw e;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

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
      run.throwIfStopped();
      return run.summary(null);
    } finally {
      pool.shutdownNow();
    }
  }
}
