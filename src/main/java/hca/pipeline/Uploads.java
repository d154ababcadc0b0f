package hca.pipeline;

import hca.dss.DssClient;
import hca.transfer.StagingClients;
import hca.transfer.StagingSettings;
import hca.transfer.UploadRequest;
import hca.transfer.UploadResult;
import java.nio.file.Path;
import java.util.Map;

/**
 * Uploading a folder as a bundle from Java, as {@code hca dss upload} does: the {@code upload}
 * flow ({@link UploadRoutes}) run in a short-lived Camel context.
 *
 * <pre>{@code
 * UploadResult r = Uploads.upload(DssClient.fromConfig(HcaConfig.load()),
 *     UploadRequest.builder(Path.of("my-bundle"), "aws", "my-staging-bucket").build());
 * }</pre>
 */
public final class Uploads {

  private Uploads() {}

  /**
   * Stages, registers and bundles the files of the request's folder.
   *
   * @throws hca.transfer.UploadSourceException when the folder cannot be uploaded as it is
   * @throws hca.transfer.StagingException when the staging bucket cannot be written
   * @throws hca.transfer.UploadFailedException when some files failed (no bundle; see the report)
   * @throws hca.dss.DssException when the DSS refused the bundle or could not be reached
   */
  public static UploadResult upload(DssClient dss, UploadRequest request) {
    try {
      return run(dss, request);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      // only the Camel context's own start or stop throws checked exceptions
      throw new IllegalStateException("the upload flow could not run: " + e.getMessage(), e);
    }
  }

  /**
   * Uploads a folder as a new bundle, as the original {@code upload(src_dir, replica,
   * staging_bucket)} did. The staging endpoints and credentials come from the environment, then
   * the configuration's {@code staging} object ({@link StagingSettings}).
   */
  public static UploadResult upload(DssClient dss, Path srcDir, String replica, String stagingBucket) {
    StagingSettings staging = StagingSettings.resolve(null, dss.config().environment().env(),
        dss.config().get("staging").orElse(null));
    return upload(dss, UploadRequest.builder(srcDir, replica, stagingBucket).staging(staging).build());
  }

  private static UploadResult run(DssClient dss, UploadRequest request) throws Exception {
    long creatorUid = request.creatorUid() != null ? request.creatorUid() : dss.config().creatorUid();
    try (StagingClients clients = new StagingClients(request.staging(), request.parallel() * 2);
        FlowContext flow = FlowContext.start(new UploadRoutes(dss, clients, creatorUid, request.parallel()))) {
      return flow.request(UploadRoutes.ENDPOINT, request, Map.of()).getMessage().getBody(UploadResult.class);
    }
  }
}
