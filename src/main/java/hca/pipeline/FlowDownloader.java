package hca.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import hca.dss.DssClient;
import hca.dss.Downloader;
import hca.transfer.DownloadOptions;
import hca.transfer.DownloadSummary;
import java.nio.file.Path;

/** {@link DssClient#download} and its kin as the download flows: registered in {@code META-INF/services}. */
public final class FlowDownloader implements Downloader {

  @Override
  public DownloadSummary bundle(DssClient dss, DownloadOptions options, String uuid, String version) throws Exception {
    return Downloads.bundle(dss, options, new BundleRef(uuid, version), DownloadRun.ProgressDisplay.NONE);
  }

  @Override
  public DownloadSummary query(DssClient dss, DownloadOptions options, JsonNode esQuery, String name) throws Exception {
    return Downloads.query(dss, options, esQuery, name, DownloadRun.ProgressDisplay.NONE);
  }

  @Override
  public DownloadSummary manifest(DssClient dss, DownloadOptions options, Path manifest) throws Exception {
    Object r = Downloads.manifest(dss, options, manifest, DownloadRun.ProgressDisplay.NONE);
    if (r instanceof DownloadSummary s) {
      return s;
    }
    ManifestPlan plan = (ManifestPlan) r;
    return new DownloadSummary(0, plan.presentFiles(), 0, 0, 0, null, null, plan.rows(), plan.bytesToFetch());
  }
}
