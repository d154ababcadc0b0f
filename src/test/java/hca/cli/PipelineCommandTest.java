package hca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import hca.pipeline.service.HomeLock;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hca pipeline} refuses bad settings and a start it cannot finish, in one line, before it claims to be ready. */
class PipelineCommandTest {

  @TempDir Path tmp;

  private CliRunner.Result run(String... args) throws Exception {
    return new CliRunner(tmp.resolve("home"), "http://127.0.0.1:9/v1").run(args);
  }

  @Test
  void aBadSettingStopsTheStartWithExitCode3NamingTheKey() throws Exception {
    Path props = tmp.resolve("application.properties");
    Files.writeString(props, "hca.home = " + tmp.resolve("p") + "\nhca.parallel = lots\n");
    CliRunner.Result r = run("pipeline", "--properties", props.toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(3);
    assertThat(r.stderr()).contains("hca: hca.parallel (" + props + ") must be a whole number of at least 1, not 'lots'");
    assertThat(tmp.resolve("p")).doesNotExist();

    Files.writeString(props, "hca.home = " + tmp.resolve("p") + "\nhca.sync.nightly.query-file = q.json\n");
    r = run("pipeline", "--properties", props.toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.stderr()).contains("hca.sync.nightly.query-file (" + props
        + ") needs exactly one of hca.sync.nightly.every (e.g. 10m) and hca.sync.nightly.cron");

    Files.writeString(props, "hca.home = " + tmp.resolve("p") + "\nhca.sync.n.query-file = q.json\nhca.sync.n.every = soon\n");
    r = run("pipeline", "--properties", props.toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.stderr()).contains("hca.sync.n.every (" + props + ") must be a duration (e.g. 30s, 10m, 2h, 1d), not 'soon'");

    r = run("pipeline", "--properties", props.toString(), "--set", "hca.replica=azure");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.stderr()).contains("hca: hca.replica (--set) must be aws or gcp, not 'azure'");

    Files.writeString(props, "hca.home = " + tmp.resolve("p") + "\n");
    r = run("pipeline", "--properties", props.toString(), "--set", "hca.fsync=sometimes");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.stderr()).contains("hca: hca.fsync (--set) must be true or false, not 'sometimes'");
    assertThat(tmp.resolve("p")).doesNotExist();
  }

  @Test
  void aMissingSettingsFileOrABadSetFlagIsRefused() throws Exception {
    CliRunner.Result r = run("pipeline", "--properties", tmp.resolve("nope.properties").toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.stderr()).contains("nope.properties: cannot be read");
    r = run("pipeline", "--set", "no-equals-sign");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.stderr()).contains("--set takes KEY=VALUE, not 'no-equals-sign'");
  }

  private static List<String> lines(CliRunner.Result r) {
    return r.stderr().lines().toList();
  }

  private static void assertRefused(CliRunner.Result r, int code, String line) {
    assertThat(r.code()).as(r.toString()).isEqualTo(code);
    assertThat(lines(r)).as(r.toString()).contains(line)
        .noneMatch(l -> l.startsWith("pipeline ready") || l.contains("Exception"));
  }

  /** The shipped application.properties in a folder of its own, with these lines added. */
  private Path settingsIn(Path dir, String... extra) throws Exception {
    Files.createDirectories(dir);
    Path props = dir.resolve("application.properties");
    Files.writeString(props, Files.readString(Path.of("application.properties")) + "\n" + String.join("\n", extra) + "\n");
    return props;
  }

  @Test
  void aPortInUseEndsWithExitCode4NamingThePortAndNoReadyLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      Path props = settingsIn(tmp.resolve("conf"), "hca.home = " + tmp.resolve("p"));
      CliRunner.Result r = run("pipeline", "--properties", props.toString(), "--set", "camel.server.port=" + port);
      assertRefused(r, 4, "hca: cannot listen on 127.0.0.1:" + port + ": address already in use (camel.server.port)");
      assertThat(tmp.resolve("p").resolve("local-dss")).doesNotExist();
    }
  }

  @Test
  void aSecondPipelineOnTheSameHomeEndsWithExitCode3BeforeTheLedgerIsOpened() throws Exception {
    Path home = tmp.resolve("p");
    try (HomeLock first = HomeLock.acquire(home)) {
      Path props = settingsIn(tmp.resolve("conf"), "hca.home = " + home);
      CliRunner.Result r = run("pipeline", "--properties", props.toString());
      assertRefused(r, 3, "hca: another pipeline holds " + home);
    }
    assertThat(home.resolve("ledger.mv.db")).doesNotExist();
    assertThat(home.resolve("local-dss")).doesNotExist();
  }

  @Test
  void aMistypedSettingIsRefusedNamingTheNearestKnownOne() throws Exception {
    Path props = settingsIn(tmp.resolve("conf"), "hca.home = " + tmp.resolve("p"));
    assertRefused(run("pipeline", "--properties", props.toString(), "--set", "hca.paralel=4"), 3,
        "hca: unknown setting hca.paralel (--set); did you mean hca.parallel?");
    props = settingsIn(tmp.resolve("conf"), "hca.home = " + tmp.resolve("p"), "hca.inbox.min-age = 5000");
    assertRefused(run("pipeline", "--properties", props.toString()), 3,
        "hca: unknown setting hca.inbox.min-age (" + props + "); did you mean hca.inbox.min-age-ms?");
    props = settingsIn(tmp.resolve("conf"), "hca.home = " + tmp.resolve("p"),
        "hca.sync.nightly.query-file = q.json", "hca.sync.nightly.evry = 1h");
    assertRefused(run("pipeline", "--properties", props.toString()), 3,
        "hca: unknown setting hca.sync.nightly.evry (" + props + "); did you mean hca.sync.nightly.every?");
    assertThat(tmp.resolve("p")).doesNotExist();
  }

  @Test
  void everyValueIsCheckedAtStartNamingWhereItCameFrom() throws Exception {
    Path props = settingsIn(tmp.resolve("conf"), "hca.home = " + tmp.resolve("p"));
    assertRefused(run("pipeline", "--properties", props.toString(), "--set", "hca.inbox.min-age-ms=abc"), 3,
        "hca: hca.inbox.min-age-ms (--set) must be a whole number of at least 0, not 'abc'");
    CliRunner env = new CliRunner(tmp.resolve("home"), "http://127.0.0.1:9/v1").env("HCA_INBOX_POLL_MS", "0");
    assertRefused(env.run("pipeline", "--properties", props.toString()), 3,
        "hca: hca.inbox.poll-ms (environment HCA_INBOX_POLL_MS) must be a whole number of at least 1, not '0'");
    props = settingsIn(tmp.resolve("conf"), "hca.home = " + tmp.resolve("p"), "hca.local-dss.port = 70000");
    assertRefused(run("pipeline", "--properties", props.toString()), 3,
        "hca: hca.local-dss.port (" + props + ") must be a whole number from 0 to 65535, not '70000'");
    assertRefused(run("pipeline", "--properties", props.toString(), "--set", "hca.local-dss.port=0",
        "--set", "hca.sync.n.query-file=q.json", "--set", "hca.sync.n.cron=every night"), 3,
        "hca: hca.sync.n.cron (--set) must be a Quartz cron expression (e.g. '0 0 2 * * ?'), not 'every night'");
    assertThat(tmp.resolve("p")).doesNotExist();
  }

  @Test
  void withAConfiguredApiTokenTheReadyLineNamesTheSettingAndNoTokenFileIsMade() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path home = tmp.resolve("p");
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    Process pipeline =
        new ProcessBuilder(
                javaBin.toString(), "-cp", System.getProperty("java.class.path"), Hca.class.getName(), "pipeline",
                "--set", "hca.home=" + home, "--set", "hca.api.token=a-configured-token-0123456789",
                "--set", "camel.server.port=" + port)
            .redirectErrorStream(true)
            .start();
    try {
      java.io.BufferedReader out = new java.io.BufferedReader(
          new java.io.InputStreamReader(pipeline.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
      List<String> seen = new java.util.ArrayList<>();
      String ready = null;
      while (ready == null) {
        String line = out.readLine();
        assertThat(line).as("the pipeline ended before it was ready: %s", seen).isNotNull();
        seen.add(line);
        if (line.startsWith("pipeline ready")) {
          ready = line;
        }
      }
      assertThat(ready).endsWith("/status#token=<hca.api.token>").doesNotContain("api-token");
      assertThat(home.resolve("api-token")).doesNotExist();
    } finally {
      pipeline.destroy();
      if (!pipeline.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        pipeline.destroyForcibly();
      }
    }
  }

  @Test
  void hcaHomeMovesTheInboxDownloadsLedgerAndLocalDssData() throws Exception {
    Path conf = tmp.resolve("conf");
    Path props = settingsIn(conf, "camel.server.port = 0");
    Files.createDirectories(conf.resolve("routes"));
    // only the inbox trigger: the start gets as far as it can, then refuses to call itself ready
    String shipped = Files.readString(Path.of("routes", "pipeline.camel.yaml"));
    Files.writeString(conf.resolve("routes").resolve("inbox.camel.yaml"),
        shipped.substring(0, shipped.indexOf("# Scheduled syncs")));
    Path home = tmp.resolve("elsewhere");
    CliRunner.Result r = run("pipeline", "--properties", props.toString(), "--set", "hca.home=" + home);
    assertRefused(r, 3, "hca: the routes file:" + conf.resolve("routes") + "/*.camel.yaml did not start the trigger "
        + "routes api-jobs, api-job, callbacks, health-live, health-ready (the jar's routes/pipeline.camel.yaml has them all)");
    assertThat(lines(r)).contains("routes: " + conf.resolve("routes") + "/*.camel.yaml (beside " + props + ")");
    assertThat(home.resolve("inbox")).isDirectory();
    assertThat(home.resolve("downloads")).isDirectory();
    assertThat(home.resolve("ledger.mv.db")).isRegularFile();
    assertThat(home.resolve("local-dss").resolve("endpoints.json")).isRegularFile();
    assertThat(conf.resolve("pipeline-data")).doesNotExist();
  }

  @Test
  void settingsFromAnotherFolderTakeTheRoutesOfTheCurrentFolderWhenNoneAreBesideThem() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      Path props = settingsIn(tmp.resolve("conf"), "hca.home = " + tmp.resolve("p"), "camel.server.port = " + port);
      CliRunner.Result r = run("pipeline", "--properties", props.toString());
      // past the routes to the next check, the port, rather than a missing routes folder (exit 70)
      assertRefused(r, 4, "hca: cannot listen on 127.0.0.1:" + port + ": address already in use (camel.server.port)");
      assertThat(lines(r)).contains("routes: " + Path.of("routes").toAbsolutePath()
          + "/*.camel.yaml (none beside " + props + "; from the current folder)");
    }
  }

  @Test
  void withoutRoutesBesideTheSettingsOrInTheCurrentFolderTheJarsCopyIsUsed() {
    Path nowhere = tmp.resolve("empty");
    RouteFiles.Found f = RouteFiles.find("file:routes/*.camel.yaml", nowhere, nowhere.resolve("a.properties"), nowhere);
    assertThat(f.pattern()).isEqualTo("classpath:hca/pipeline/routes/*.camel.yaml");
    assertThat(f.line()).isEqualTo("routes: the jar's routes/*.camel.yaml (no routes/ beside "
        + nowhere.resolve("a.properties") + " or in the current folder)");
    assertThat(RouteFiles.class.getResource("/hca/pipeline/routes/pipeline.camel.yaml")).isNotNull();
  }
}
