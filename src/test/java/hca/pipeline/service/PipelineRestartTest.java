package hca.pipeline.service;

import static hca.pipeline.service.PipelineFixture.await;
import static hca.testing.DownloadFixture.stored;
import static hca.testing.DownloadFixture.storedFiles;
import static hca.testing.DownloadFixture.tsv;
import static org.assertj.core.api.Assertions.assertThat;

import hca.localdss.Faults;
import hca.testing.DownloadFixture;
import hca.testing.DownloadFixture.Stored;
import hca.testing.Http;
import hca.testing.LocalDssExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline as its own process, killed with SIGKILL in the middle of its jobs and started again. */
class PipelineRestartTest {

  @RegisterExtension static LocalDssExtension dss = new LocalDssExtension();

  @TempDir Path tmp;

  private Process child;

  @AfterEach
  void stop() throws Exception {
    dss.dss().faults().set(Faults.Spec.NONE);
    if (child != null && child.isAlive()) {
      child.destroyForcibly().waitFor();
    }
  }

  private Process start(Path props, Path log) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Duser.home=" + tmp.resolve("user"),
        "-cp", System.getProperty("java.class.path"), "hca.cli.Hca", "pipeline", "--properties", props.toString()));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static String tail(Path log) throws Exception {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  private static String jstack(Process p) {
    try {
      Process j = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
          String.valueOf(p.pid())).redirectErrorStream(true).start();
      return new String(j.getInputStream().readAllBytes());
    } catch (Exception e) {
      return "no jstack: " + e;
    }
  }

  private static boolean has(Path dir, String suffix) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(p -> p.getFileName().toString().endsWith(suffix));
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void aPipelineKilledMidJobFinishesItsJobsAfterARestartWithoutFetchingAnythingTwice() throws Exception {
    List<Stored> files = DownloadFixture.bundle(dss, 0, 24, 21);
    List<Stored> other = DownloadFixture.bundle(dss, 1, 3, 22);
    int port = PipelineFixture.freePort();
    Path home = tmp.resolve("home");
    Path props = tmp.resolve("application.properties");
    Files.writeString(props, String.join("\n",
        "camel.main.routes-include-pattern = file:" + Path.of("routes").toAbsolutePath() + "/*.camel.yaml",
        "camel.server.port = " + port,
        "hca.dss-url = " + dss.api(),
        "hca.home = " + home,
        "hca.parallel = 2",
        "hca.api.token = t0ken",
        "hca.inbox.min-age-ms = 500",
        "hca.inbox.poll-ms = 200",
        "hca.inbox.check-interval-ms = 200",
        ""));
    Path downloads = home.resolve("downloads");
    // slow enough to be caught in the middle: half the blob GETs wait out a Retry-After
    dss.dss().faults().set(Faults.Spec.parse("blob-error=0.5:503,retry-after=1,seed=5"));
    child = start(props, tmp.resolve("first.log"));
    String base = "http://127.0.0.1:" + port;
    await("the pipeline to answer", Duration.ofSeconds(60), () -> {
      try {
        return Http.get(base + "/health/ready").status() == 200;
      } catch (RuntimeException e) {
        return false;
      }
    });
    Path manifest = DownloadFixture.manifest(tmp.resolve("kill.tsv"), files);
    Files.copy(manifest, home.resolve("inbox/.kill.tsv.part"));
    Files.move(home.resolve("inbox/.kill.tsv.part"), home.resolve("inbox/kill.tsv"), StandardCopyOption.ATOMIC_MOVE);
    Http.Response posted = Http.send("POST", base + "/jobs", "{\"bundle_uuid\": \"" + other.get(0).bundleUuid() + "\", "
        + "\"bundle_version\": \"" + other.get(0).bundleVersion() + "\"}",
        Map.of("Authorization", "Bearer t0ken", "Content-Type", "application/json"));
    assertThat(posted.status()).as(posted.toString()).isEqualTo(202);
    String httpJob = posted.json().path("id").asText();

    await("some files stored", Duration.ofSeconds(120), () -> {
      try {
        return storedFiles(downloads) >= 4;
      } catch (Exception e) {
        return false;
      }
    });
    assertThat(child.isAlive()).isTrue();
    child.destroyForcibly().waitFor();
    long before = files.stream().filter(s -> Files.exists(stored(downloads, s.sha256()))).count();
    assertThat(before).isLessThan(24);
    assertThat(home.resolve("inbox/kill.tsv")).exists();
    dss.dss().faults().set(Faults.Spec.NONE);

    child = start(props, tmp.resolve("second.log"));
    try {
      await("the manifest in .done", Duration.ofSeconds(240), () -> has(home.resolve("inbox/.done"), "-kill.tsv"));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\nfirst run:\n" + tail(tmp.resolve("first.log")) + "\nsecond run:\n"
          + tail(tmp.resolve("second.log")) + "\n" + jstack(child), e);
    }
    for (Stored s : files) {
      assertThat(Files.readAllBytes(stored(downloads, s.sha256()))).isEqualTo(s.file().content());
    }
    await("the HTTP job done", Duration.ofSeconds(60), () -> Http.send("GET", base + "/jobs/" + httpJob, null,
        Map.of("Authorization", "Bearer t0ken")).json().path("state").asText().equals("DONE"));
    for (Stored s : other) {
      Path linked = downloads.resolve(s.bundleUuid() + "." + s.bundleVersion()).resolve(s.name());
      assertThat(Files.readAllBytes(linked)).isEqualTo(s.file().content());
    }

    // one job per input, continued rather than started again
    try (Stream<Path> jobs = Files.list(home.resolve("jobs"))) {
      assertThat(jobs.map(p -> p.getFileName().toString()).toList()).hasSize(2).contains(httpJob);
    }
    Path done = home.resolve("inbox/.done");
    String job;
    try (Stream<Path> s = Files.list(done)) {
      job = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("-kill.tsv")).findFirst().orElseThrow()
          .replace("-kill.tsv", "");
    }
    List<Map<String, String>> report = tsv(done.resolve(job + "-kill.report.tsv"));
    assertThat(report.stream().filter(r -> r.get("status").equals("PRESENT")).count()).isEqualTo(before);
    assertThat(report.stream().filter(r -> r.get("status").equals("FETCHED")).count()).isEqualTo(24 - before);
    try (Stream<Path> all = Files.walk(downloads)) {
      assertThat(all.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".part"))).isEmpty();
    }

    // every line a job logs names it
    String log = Files.readString(tmp.resolve("second.log"));
    List<String> jobLines = log.lines().filter(l -> l.contains("job " + job + " ")).toList();
    assertThat(jobLines).isNotEmpty().allSatisfy(l -> assertThat(l).contains("[" + job + "]"));
    assertThat(log).contains("resuming job " + httpJob).contains("kill.tsv: continuing job " + job);
  }
}
