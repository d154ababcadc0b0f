package hca.pipeline.service;

import hca.config.ConfigEnvironment;
import hca.config.HcaConfig;
import hca.dss.AuthProvider;
import hca.dss.DssClient;
import hca.testing.Http;
import hca.testing.LocalDssExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;

/** A pipeline service in this JVM over a local DSS, with its home under a temporary folder. */
final class PipelineFixture implements AutoCloseable {

  final PipelineService service;
  final String base;
  final Path home;

  private PipelineFixture(PipelineService service, String base, Path home) {
    this.service = service;
    this.base = base;
    this.home = home;
  }

  /** Starts a pipeline on a free port with the repository's routes and these extra settings. */
  static PipelineFixture start(LocalDssExtension dss, Path tmp, Map<String, String> extra) throws Exception {
    int port = freePort();
    Properties p = new Properties();
    p.setProperty("camel.server.port", String.valueOf(port));
    p.setProperty("hca.home", tmp.resolve("home").toString());
    p.setProperty("hca.inbox.min-age-ms", "1500");
    p.setProperty("hca.inbox.poll-ms", "200");
    p.setProperty("hca.inbox.check-interval-ms", "500");
    p.setProperty("hca.api.token", "test-token");
    p.setProperty("hca.public-url", "http://127.0.0.1:" + port);
    p.putAll(extra);
    DssClient client = DssClient.builder()
        .config(HcaConfig.load(new ConfigEnvironment(Map.of(), tmp.resolve("user"), tmp.resolve("etc")), Map.of()))
        .baseUrl(dss.api())
        .auth(AuthProvider.bearer(dss.token()))
        .build();
    Path routes = Path.of("routes").toAbsolutePath();
    PipelineService s = PipelineService.start(p, tmp, "file:" + routes + "/*.camel.yaml", client);
    return new PipelineFixture(s, "http://127.0.0.1:" + port, tmp.resolve("home"));
  }

  Path inbox() {
    return service.settings().inbox();
  }

  Path downloads() {
    return service.settings().downloadDir();
  }

  /** Drops a file into the inbox the way a careful writer does: written elsewhere, then moved in. */
  Path drop(Path file, String name) throws IOException {
    Path target = inbox().resolve(name);
    Path tmp = inbox().resolve("." + name + ".part");
    Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }

  Http.Response api(String method, String path, String body) {
    return Http.send(method, base + path, body, body == null
        ? Map.of("Authorization", "Bearer test-token")
        : Map.of("Authorization", "Bearer test-token", "Content-Type", "application/json"));
  }

  static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    service.close();
  }
}
