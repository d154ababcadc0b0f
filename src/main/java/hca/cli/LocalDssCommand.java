package hca.cli;

import hca.localdss.LocalDss;
import hca.localdss.LocalDssOptions;
import hca.localdss.StartRefusedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hca local-dss}: runs a DSS-compatible server on local S3 and GCS endpoints. */
@Command(
    name = "local-dss",
    mixinStandardHelpOptions = true,
    description = {
      LocalDssCommand.SUMMARY,
      "The DSS REST API at http://HOST:PORT/v1, an S3 endpoint (s3proxy) and a GCS JSON-API endpoint",
      "that store its replicas under DIR. Prints the API base URL, writes DIR/endpoints.json, and runs",
      "until stopped."
    })
public final class LocalDssCommand implements Callable<Integer> {

  static final String SUMMARY = "Run a DSS-compatible server with local S3 and GCS endpoints.";

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "0", description = "API port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--s3-port", defaultValue = "-1", description = "S3 endpoint port (default: PORT+1 when PORT is set, else a free one).")
  int s3Port;

  @Option(names = "--gcs-port", defaultValue = "-1", description = "GCS endpoint port (default: PORT+2 when PORT is set, else a free one).")
  int gcsPort;

  @Option(names = "--data", description = "Data folder; its contents survive restarts (default: ./local-dss-data).")
  Path data = Path.of("local-dss-data");

  @Option(
      names = "--seed",
      description = {
        "Seed data, repeatable: 'example' (the example bundle plus two data files) or",
        "'synthetic:bundles=N,files=K,size=S' (N bundles of K files of S bytes; S may end in K, M or G)."
      })
  List<String> seeds = new ArrayList<>();

  @Option(names = "--faults", description = "Fault switches for client tests, e.g. 'blob-error=0.2:503,blob-drop=0.1,checkout=2' (default: none).")
  String faults;

  @Option(names = "--async-copy-threshold", defaultValue = "67108864", description = "PUT /files copies sources larger than this many bytes asynchronously, answering 202 (default: ${DEFAULT-VALUE}).")
  long asyncCopyThreshold;

  @Option(names = "--notify-retry-delays", defaultValue = LocalDssOptions.DEFAULT_NOTIFY_DELAYS, description = "Seconds to wait before each attempt to deliver a subscription notification (default: ${DEFAULT-VALUE}).")
  String notifyDelays;

  @Option(names = "--debug-errors", description = "API errors carry the exception and its stack trace; by default a 500 says only 'internal error' with a request id, the details going to the server log.")
  boolean debugErrors;

  @Spec CommandSpec spec;

  /** The port of the configuration's default {@code DSSClient.swagger_url}. */
  static final int DEFAULT_PORT = 5000;

  @Override
  public Integer call() throws Exception {
    LocalDssOptions options =
        new LocalDssOptions(
            host,
            port,
            s3Port >= 0 ? s3Port : (port > 0 ? port + 1 : 0),
            gcsPort >= 0 ? gcsPort : (port > 0 ? port + 2 : 0),
            data.toAbsolutePath().normalize(),
            List.copyOf(seeds),
            faults,
            asyncCopyThreshold,
            notifyDelays,
            debugErrors);
    CountDownLatch stopped = new CountDownLatch(1);
    LocalDss started;
    try {
      started = LocalDss.start(options);
    } catch (StartRefusedException e) {
      spec.commandLine().getErr().println("hca: " + e.getMessage());
      return ExitCodes.UNREACHABLE;
    }
    try (LocalDss dss = started) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          dss.close();
        } catch (Exception ignored) {
          // stopping anyway
        }
        stopped.countDown();
      }));
      System.out.println("local DSS API at " + dss.apiUrl());
      if (java.net.URI.create(dss.apiUrl()).getPort() != DEFAULT_PORT) {
        // hca talks to port 5000 unless told otherwise: say how to tell it
        System.out.println("export " + hca.config.HcaConfig.DSS_URL_VARIABLE + "=" + dss.apiUrl());
      }
      System.out.flush();
      stopped.await();
    }
    return 0;
  }
}
