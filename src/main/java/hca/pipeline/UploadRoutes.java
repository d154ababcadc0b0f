package hca.pipeline;

import com.google.cloud.storage.Storage;
import hca.dss.DssClient;
import hca.transfer.StagingClients;
import java.util.concurrent.ExecutorService;
import org.apache.camel.builder.RouteBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The {@code upload} flow, behind {@code direct:upload}; its body is an {@link
 * hca.transfer.UploadRequest} and its result an {@link hca.transfer.UploadResult}. List the source
 * folder, then stage every file (one checksum pass, then camel-aws2-s3 or camel-google-storage),
 * then register every file (PUT /files, HEAD until a background copy is done), then create the
 * bundle. Each phase runs its files in parallel on a bounded pool, and starts only when every
 * file made it through the one before: a file that cannot be staged means nothing is registered,
 * and one that cannot be registered means no bundle.
 */
public final class UploadRoutes extends RouteBuilder {

  public static final String ENDPOINT = "direct:upload";

  static final String S3_CLIENT = "hcaStagingS3";
  static final String S3_PRESIGNER = "hcaStagingS3Presigner";
  static final String GCS_CLIENT = "hcaStagingGcs";
  private static final String BUCKET = "hcaStagingBucket";
  private static final String REPLICA = "hcaReplica";

  private final StagingClients clients;
  private final UploadPlanner planner;
  private final FileStager stager;
  private final FileRegistrar registrar;
  private final BundleRegistrar bundles;
  private final UploadOutcome outcome;
  private final ExecutorService stagePool;
  private final ExecutorService registerPool;

  /**
   * @param dss where files and the bundle are registered
   * @param clients the staging buckets' clients
   * @param creatorUid the creator uid of the files and the bundle
   * @param parallel how many files are staged, and registered, at once
   */
  public UploadRoutes(DssClient dss, StagingClients clients, long creatorUid, int parallel) {
    this.clients = clients;
    this.planner = new UploadPlanner(clients);
    this.stager = new FileStager(clients);
    this.registrar = new FileRegistrar(dss, creatorUid);
    this.bundles = new BundleRegistrar(dss, creatorUid);
    this.outcome = new UploadOutcome(creatorUid);
    this.stagePool = FlowContext.boundedPool("upload-stage", parallel);
    this.registerPool = FlowContext.boundedPool("upload-register", parallel);
  }

  @Override
  public void configure() {
    // Bound as suppliers, and named in the endpoint URIs: a run to one cloud never builds the
    // other's client (Camel's autowiring of components by type would build both).
    getContext().setAutowiredEnabled(false);
    getContext().getRegistry().bind(S3_CLIENT, S3Client.class, clients::s3);
    getContext().getRegistry().bind(S3_PRESIGNER, S3Presigner.class, clients::s3Presigner);
    getContext().getRegistry().bind(GCS_CLIENT, Storage.class, clients::gcs);
    getContext().addLifecycleStrategy(new org.apache.camel.support.LifecycleStrategySupport() {
      @Override
      public void onContextStopped(org.apache.camel.CamelContext context) {
        stagePool.shutdownNow();
        registerPool.shutdownNow();
      }
    });

    // Failures reach the caller as exceptions (one line for the command line), not as logged
    // stack traces: per-file failures are caught and reported, the rest end the run.
    errorHandler(noErrorHandler());

    from(ENDPOINT).routeId("upload")
        .bean(planner, "plan")
        .setProperty(FileStager.PLAN, body())
        .setProperty(BUCKET, simple("${body.request.stagingBucket}"))
        .setProperty(REPLICA, simple("${body.request.replica}"))
        .to("direct:upload-stage")
        .filter(simple("${body.request.stageOnly} == false"))
            .to("direct:upload-register")
            .to("direct:upload-bundle")
        .end()
        .bean(outcome, "result");

    from("direct:upload-stage").routeId("upload-stage")
        .split(simple("${body.toStage}")).parallelProcessing().executorService(stagePool)
            .to("direct:upload-stage-file")
        .end()
        .bean(outcome, "staged");

    from("direct:upload-stage-file").routeId("upload-stage-file")
        .doTry()
            .bean(stager, "checksum")
            .choice()
                .when(exchangeProperty(REPLICA).isEqualTo("gcp"))
                    .toD("google-storage://${exchangeProperty." + BUCKET + "}?storageClient=#" + GCS_CLIENT
                        + "&autoCreateBucket=false")
                    .bean(stager, "setGcsMetadata")
                .when(method(stager, "multipart"))
                    .bean(stager, "stageMultipart")
                .otherwise()
                    .toD("aws2-s3://${exchangeProperty." + BUCKET + "}?amazonS3Client=#" + S3_CLIENT
                        + "&amazonS3Presigner=#" + S3_PRESIGNER + "&autoCreateBucket=false")
            .end()
            .bean(stager, "staged")
        .endDoTry()
        .doCatch(Exception.class)
            .bean(stager, "failed")
        .end();

    from("direct:upload-register").routeId("upload-register")
        .split(simple("${body.items}")).parallelProcessing().executorService(registerPool)
            .to("direct:upload-register-file")
        .end()
        .bean(outcome, "registered");

    // A background copy is polled by re-scheduling the exchange (an asynchronous delay), not by
    // holding a pool thread while it waits.
    from("direct:upload-register-file").routeId("upload-register-file")
        .doTry()
            .bean(registrar, "put")
            .loopDoWhile(exchangeProperty(FileRegistrar.PENDING).isEqualTo(true))
                .delay(method(registrar, "nextDelay")).asyncDelayed()
                .bean(registrar, "poll")
            .end()
        .endDoTry()
        .doCatch(Exception.class)
            .bean(registrar, "failed")
        .end();

    from("direct:upload-bundle").routeId("upload-bundle")
        .bean(bundles, "put");
  }
}
