package hca.camel;

import hca.dss.DssClient;
import hca.pipeline.BundleRef;
import hca.pipeline.DownloadRun;
import hca.pipeline.Downloads;
import hca.pipeline.Uploads;
import hca.transfer.DownloadOptions;
import hca.transfer.DownloadSummary;
import hca.transfer.StagingSettings;
import hca.transfer.UploadRequest;
import java.io.File;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.WrappedFile;
import org.apache.camel.support.DefaultProducer;

/**
 * Runs a flow per message and answers with its typed result:
 * <ul>
 *   <li>{@code download-bundle}: the body names a bundle ({@code uuid}, {@code uuid.version}, a
 *       search hit); the answer is a {@link DownloadSummary};
 *   <li>{@code download-manifest}: the body is a manifest TSV (a path, a {@link File}, a file from
 *       a {@code file:} consumer); the answer is a {@link DownloadSummary}, or the plan on a dry run;
 *   <li>{@code upload}: the body is a folder; the answer is an {@link hca.transfer.UploadResult}.
 * </ul>
 * A run with failed files still answers (see {@link DownloadSummary#ok()} and its report); a run that
 * cannot start (a bad manifest, an unreachable DSS) fails the exchange with the reason.
 */
final class FlowProducer extends DefaultProducer {

  private final DssEndpoint endpoint;

  FlowProducer(DssEndpoint endpoint) {
    super(endpoint);
    this.endpoint = endpoint;
  }

  @Override
  public void process(Exchange exchange) throws Exception {
    Message m = exchange.getMessage();
    DssClient client = endpoint.getComponent().client();
    String where = endpoint.getEndpointUri();
    switch (endpoint.name()) {
      case "download-bundle" -> {
        BundleRef ref = BundleIds.of(m, where);
        DownloadOptions o = new DownloadOptions(endpoint.getReplica(), endpoint.downloadPath(),
            endpoint.getParallel(), endpoint.isDryRun(), true, endpoint.globs(endpoint.getMetadataFilter()),
            endpoint.globs(endpoint.getDataFilter()), endpoint.isFsync());
        DownloadSummary s = Downloads.bundle(client, o, ref, DownloadRun.ProgressDisplay.NONE);
        m.setBody(s);
      }
      case "download-manifest" -> {
        Path manifest = path(exchange, "a manifest TSV");
        DownloadOptions o = new DownloadOptions(endpoint.getReplica(), endpoint.downloadPath(),
            endpoint.getParallel(), endpoint.isDryRun(), endpoint.getLayout().equals("bundle"),
            java.util.List.of("*"), java.util.List.of("*"), endpoint.isFsync());
        m.setBody(Downloads.manifest(client, o, manifest, DownloadRun.ProgressDisplay.NONE));
      }
      case "upload" -> {
        Path folder = path(exchange, "a folder to upload");
        UploadRequest.Builder b = UploadRequest.builder(folder, endpoint.getReplica(), endpoint.getStagingBucket())
            .parallel(Math.min(endpoint.getParallel(), 64))
            .staging(StagingSettings.resolve(endpoint.getStagingEndpoints() == null ? null
                : Path.of(endpoint.getStagingEndpoints()), System.getenv(), client.config().get("staging").orElse(null)));
        if (endpoint.getBundleUuid() != null) {
          b.bundleUuid(endpoint.getBundleUuid());
        }
        m.setBody(Uploads.upload(client, b.build()));
      }
      default -> throw new IllegalStateException(where + ": no flow " + endpoint.name());
    }
  }

  /** The message body as a local path: text, a Path, a File, or a file consumer's file. */
  private Path path(Exchange exchange, String what) {
    Object body = exchange.getMessage().getBody();
    if (body instanceof WrappedFile<?> wf && wf.getFile() instanceof File f) {
      return f.toPath().toAbsolutePath();
    }
    if (body instanceof Path p) {
      return p.toAbsolutePath();
    }
    if (body instanceof File f) {
      return f.toPath().toAbsolutePath();
    }
    if (body instanceof String s && !s.isBlank()) {
      return Path.of(s.strip()).toAbsolutePath();
    }
    throw new IllegalArgumentException(endpoint.getEndpointUri() + ": the message body is " + what
        + " (a path, a File or a file: consumer's file), not "
        + (body == null ? "empty" : body.getClass().getSimpleName()));
  }
}
