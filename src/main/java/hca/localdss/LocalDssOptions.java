package hca.localdss;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to run a local DSS.
 *
 * @param host address all endpoints listen on
 * @param port API port (0: any free port)
 * @param s3Port S3 endpoint port (0: any)
 * @param gcsPort GCS endpoint port (0: any)
 * @param dataDir where the replicas, index and credentials live
 * @param seeds seed specs ("example", "synthetic:bundles=N,files=K,size=S")
 * @param faults fault switch spec, or null
 * @param asyncCopyThreshold PUT /files sources above this size are copied asynchronously (202)
 * @param notifyDelays seconds to wait before each attempt to deliver a notification, e.g. "0,1,5"
 * @param debugErrors whether API errors carry the exception and its stack trace (otherwise a 500
 *     says only "internal error" with a request id, the details going to the server log)
 * @param signInTokenLifetime how long the access tokens of its sign-in provider live (at most an
 *     hour, the longest the API accepts)
 */
public record LocalDssOptions(
    String host,
    int port,
    int s3Port,
    int gcsPort,
    Path dataDir,
    List<String> seeds,
    String faults,
    long asyncCopyThreshold,
    String notifyDelays,
    boolean debugErrors,
    Duration signInTokenLifetime) {

  /** Access tokens from the sign-in provider live an hour unless a test says otherwise. */
  public static final Duration DEFAULT_SIGN_IN_TOKEN_LIFETIME = Duration.ofHours(1);

  /** Options with the default sign-in token lifetime. */
  public LocalDssOptions(
      String host, int port, int s3Port, int gcsPort, Path dataDir, List<String> seeds,
      String faults, long asyncCopyThreshold, String notifyDelays, boolean debugErrors) {
    this(host, port, s3Port, gcsPort, dataDir, seeds, faults, asyncCopyThreshold, notifyDelays,
        debugErrors, DEFAULT_SIGN_IN_TOKEN_LIFETIME);
  }

  /** Notification attempts: at once, then after 1 s, 5 s, 30 s, 2 min and 10 min. */
  public static final String DEFAULT_NOTIFY_DELAYS = "0,1,5,30,120,600";

  /** Options without debug errors. */
  public LocalDssOptions(
      String host, int port, int s3Port, int gcsPort, Path dataDir, List<String> seeds,
      String faults, long asyncCopyThreshold, String notifyDelays) {
    this(host, port, s3Port, gcsPort, dataDir, seeds, faults, asyncCopyThreshold, notifyDelays, false);
  }

  /** Defaults for tests: loopback, free ports, no seed, no faults. */
  public static LocalDssOptions forTests(Path dataDir) {
    return new LocalDssOptions("127.0.0.1", 0, 0, 0, dataDir, List.of(), null, 64L << 20, "0,0.2,0.5,1");
  }

  public LocalDssOptions withSeeds(List<String> s) {
    return new LocalDssOptions(host, port, s3Port, gcsPort, dataDir, s, faults, asyncCopyThreshold, notifyDelays, debugErrors, signInTokenLifetime);
  }

  public LocalDssOptions withDebugErrors(boolean d) {
    return new LocalDssOptions(host, port, s3Port, gcsPort, dataDir, seeds, faults, asyncCopyThreshold, notifyDelays, d, signInTokenLifetime);
  }

  public LocalDssOptions withAsyncCopyThreshold(long t) {
    return new LocalDssOptions(host, port, s3Port, gcsPort, dataDir, seeds, faults, t, notifyDelays, debugErrors, signInTokenLifetime);
  }

  public LocalDssOptions withSignInTokenLifetime(Duration d) {
    return new LocalDssOptions(host, port, s3Port, gcsPort, dataDir, seeds, faults, asyncCopyThreshold, notifyDelays, debugErrors, d);
  }
}
