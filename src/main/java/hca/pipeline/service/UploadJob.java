package hca.pipeline.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hca.dss.DssClient;
import hca.transfer.DownloadSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An upload job's run: its folder, checked again against the job API's roots, put into a bundle by the upload flow. */
final class UploadJob {

  private static final Logger LOG = LoggerFactory.getLogger(UploadJob.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PipelineSettings settings;
  private final Ledger ledger;
  private final DssClient client;

  UploadJob(PipelineSettings settings, Ledger ledger, DssClient client) {
    this.settings = settings;
    this.ledger = ledger;
    this.client = client;
  }

  /**
   * Runs the upload flow (in a context of its own, with the job's staging clients). The bundle
   * uuid is fixed when the job is made or on its first run, so a job continued after a restart
   * resumes the same upload. Counts: files = the folder's files, fetched = those registered.
   */
  DownloadSummary run(Ledger.JobRow j, Path report, Path jobDir) throws Exception {
    JsonNode in = JSON.readTree(j.input());
    String bundle = in.hasNonNull("bundle_uuid") ? in.get("bundle_uuid").asText() : null;
    if (bundle == null) {
      bundle = UUID.randomUUID().toString();
      ledger.input(j.id(), ((com.fasterxml.jackson.databind.node.ObjectNode) in.deepCopy()).put("bundle_uuid", bundle)
          .toString());
    }
    // checked again here: the folder may have changed since the job was posted, or before a restart
    Path src = settings.jobPaths().confine("upload", in.get("src_dir").asText(), true);
    settings.jobPaths().checkTree("upload", src);
    hca.transfer.UploadRequest request = hca.transfer.UploadRequest
        .builder(src, j.replica(), in.get("staging_bucket").asText())
        .bundleUuid(bundle)
        .report(report)
        .staging(hca.transfer.StagingSettings.resolve(settings.stagingEndpoints(), System.getenv(),
            client.config().get("staging").orElse(null)))
        .build();
    long started = System.nanoTime();
    try {
      hca.transfer.UploadResult r = hca.pipeline.Uploads.upload(client, request);
      Files.writeString(jobDir.resolve("result.json"), r.toJson().toPrettyString());
      LOG.info("job {}: bundle {}.{} made with {} files", j.id(), r.bundleUuid(), r.version(), r.files().size());
      return new DownloadSummary(r.files().size(), 0, 0, 0, (System.nanoTime() - started) / 1_000_000,
          report, null, r.files().size(), 0);
    } catch (hca.transfer.UploadFailedException e) {
      throw new IOException(e.getMessage() + " (report: " + report + "; the job can be posted again with bundle_uuid "
          + bundle + " to resume)", e);
    }
  }
}
