package hca.cli;

import hca.dss.Credentials;
import hca.transfer.StagingException;
import hca.transfer.StagingSettings;
import hca.transfer.UploadFailedException;
import hca.transfer.UploadProgress;
import hca.transfer.UploadRequest;
import hca.transfer.UploadResult;
import hca.transfer.UploadSourceException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hca dss upload}: uploads a folder as a bundle, through the {@code upload} flow. */
@Command(
    name = "upload",
    mixinStandardHelpOptions = true,
    description = {
      UploadCommand.SUMMARY,
      "Every file under the folder (symbolic links to folders are not followed) is checksummed in one",
      "pass, staged with its hca-dss-* checksums and content type to the staging bucket of the replica's",
      "cloud (aws: S3, gcp: Google Cloud Storage), and registered at one shared version; then the bundle",
      "is created. If any file fails, no bundle is created: the report (a TSV beside the folder, or",
      "--report) says what happened to each file, and running again with --bundle-uuid resumes.",
      "Staging endpoints and credentials: --endpoints, else AWS_ENDPOINT_URL_S3, AWS_ACCESS_KEY_ID,",
      "AWS_SECRET_ACCESS_KEY, STORAGE_EMULATOR_HOST..., else the configuration's staging object (README)."
    })
final class UploadCommand implements Callable<Integer> {

  static final String SUMMARY = "Upload a folder of files as a new bundle.";

  private final CliContext ctx;

  @Option(names = "--src-dir", required = true, paramLabel = "DIR", description = "The folder to upload (required).")
  Path srcDir;

  @Option(names = "--replica", required = true, paramLabel = "REPLICA", description = "aws or gcp (required).")
  String replica;

  @Option(names = "--staging-bucket", required = true, paramLabel = "BUCKET",
      description = "The bucket files are staged in, in the replica's cloud (required).")
  String stagingBucket;

  @Option(names = "--bundle-uuid", paramLabel = "UUID",
      description = "The bundle's uuid (default: a new one). The uuid of a failed upload resumes it.")
  String bundleUuid;

  @Option(names = "--timeout-seconds", paramLabel = "N", defaultValue = "1200",
      description = "How long to wait for the DSS to copy each file (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(names = "--parallel", paramLabel = "N", defaultValue = "" + UploadRequest.DEFAULT_PARALLEL,
      description = "Files checksummed, staged and registered at once (default: ${DEFAULT-VALUE}).")
  int parallel;

  @Option(names = "--no-json-indexed", description = "Do not mark .json files as indexed in the bundle.")
  boolean noJsonIndexed;

  @Option(names = "--report", paramLabel = "FILE",
      description = "Where the report goes (default: hca-upload-<bundle uuid>.tsv beside the folder).")
  Path report;

  @Option(names = "--endpoints", paramLabel = "FILE",
      description = "A local DSS's endpoints.json: the staging endpoints and credentials to use.")
  Path endpoints;

  @Option(names = "--stage-only", description = "Checksum and stage the files, then stop: nothing is registered.")
  boolean stageOnly;

  @Option(names = "--no-progress", description = "Print no progress on stderr.")
  boolean noProgress;

  @Option(names = "--multipart-threshold", paramLabel = "BYTES", hidden = true,
      description = "Files larger than this go to S3 in parts (default: 64 MiB).")
  Long multipartThreshold;

  UploadCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    if (!ctx.debug()) {
      // the Camel context of the flow is an implementation detail: its start and stop are noise
      System.setProperty("org.slf4j.simpleLogger.log.org.apache.camel", "warn");
    }
    UploadProgress progress = UploadProgressDisplay.forConsole(ctx.err(), noProgress);
    UploadRequest.Builder b = UploadRequest.builder(srcDir, replica, stagingBucket)
        .bundleUuid(bundleUuid)
        .timeout(Duration.ofSeconds(timeoutSeconds))
        .parallel(parallel)
        .jsonIndexed(!noJsonIndexed)
        .report(report)
        .stageOnly(stageOnly)
        .progress(progress);
    if (multipartThreshold != null) {
      b.multipartThreshold(multipartThreshold);
    }
    UploadResult result;
    try {
      b.staging(StagingSettings.resolve(endpoints, ctx.environment().env(), ctx.config().get("staging").orElse(null)));
      UploadRequest request = b.build();
      if (!stageOnly) {
        // registering needs credentials: without them nothing is staged, rather than every file staged in vain
        Credentials.of(ctx.config()).authorization();
      }
      result = hca.pipeline.Uploads.upload(ctx.client(), request);
    } catch (UploadSourceException | StagingException e) {
      throw new BadInputException(e.getMessage(), e);
    } catch (UploadFailedException e) {
      ctx.err().println(Hca.oneLine("hca: " + e.getMessage()));
      return e.sourceProblem() ? ExitCodes.BAD_INPUT : ExitCodes.PARTIAL;
    } finally {
      // also when the bundle is refused or the DSS is gone: the bar or the ticker must stop first
      progress.done();
    }
    Output.json(ctx.out(), result.toJson());
    return ExitCodes.OK;
  }
}
