package hca.pipeline.service;

import static hca.pipeline.service.PipelineFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import hca.localdss.Faults;
import hca.testing.DownloadFixture;
import hca.testing.DownloadFixture.Stored;
import hca.testing.LocalDssExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The status page, loaded by headless Chromium: what it shows while a job runs and after. */
class StatusPageTest {

  @RegisterExtension static LocalDssExtension dss = new LocalDssExtension();

  @TempDir Path tmp;

  private PipelineFixture pipeline;

  @AfterEach
  void stop() {
    dss.dss().faults().set(Faults.Spec.NONE);
    if (pipeline != null) {
      pipeline.close();
    }
  }

  /** The DOM after the page's scripts ran for {@code millis} of virtual time. */
  private String dom(String url, int millis) throws Exception {
    Path chromium = Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser")
        .map(Path::of).filter(Files::isExecutable).findFirst()
        .orElseThrow(() -> new AssertionError("chromium is not installed (apt-get install chromium)"));
    Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run",
        "--user-data-dir=" + tmp.resolve("chromium"), "--virtual-time-budget=" + millis, "--dump-dom", url)
        .redirectError(tmp.resolve("chromium.log").toFile())
        .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(tmp.resolve("chromium.log"))).isZero();
    return new String(out, StandardCharsets.UTF_8);
  }

  private static String row(String dom, String job) {
    Matcher m = Pattern.compile("<tr id=\"job-" + job + "\"[^>]*>.*?</tr>", Pattern.DOTALL).matcher(dom);
    assertThat(m.find()).as("a row for job %s in %s", job, dom).isTrue();
    return m.group();
  }

  private static String cell(String row, String cls) {
    Matcher m = Pattern.compile("<td class=\"num " + cls + "\">([^<]*)</td>").matcher(row);
    assertThat(m.find()).as("cell %s in %s", cls, row).isTrue();
    return m.group(1);
  }

  @Test
  void thePageShowsJobsProgressAndThroughputAndKeepsUpdating() throws Exception {
    pipeline = PipelineFixture.start(dss, tmp, Map.of("hca.parallel", "1"));
    List<Stored> files = DownloadFixture.bundle(dss, 0, 8, 31);
    // slow: most blob GETs wait out a Retry-After, so the job is still running while the page polls
    dss.dss().faults().set(Faults.Spec.parse("blob-error=0.7:503,retry-after=1,seed=9"));
    pipeline.drop(DownloadFixture.manifest(tmp.resolve("page.tsv"), files), "page.tsv");
    await("a running job", Duration.ofSeconds(30), () -> {
      try {
        return pipeline.service.jobs().ledger().jobs(1).stream().anyMatch(j -> j.state() == Ledger.State.RUNNING);
      } catch (Exception e) {
        return false;
      }
    });
    String job = pipeline.service.jobs().ledger().jobs(1).get(0).id();
    String url = pipeline.base + "/status#token=test-token";

    String running = dom(url, 4000);
    String r = row(running, job);
    assertThat(r).contains("data-state=\"RUNNING\"").contains(">manifest<").contains(">page.tsv<");
    assertThat(cell(r, "files")).isEqualTo("8");
    Matcher updates = Pattern.compile("<body data-updates=\"(\\d+)\"").matcher(running);
    assertThat(updates.find()).as(running).isTrue();
    assertThat(Integer.parseInt(updates.group(1))).as("refreshes in 4 s").isGreaterThanOrEqualTo(2);
    assertThat(running).contains("1 running");

    dss.dss().faults().set(Faults.Spec.NONE);
    await("the job done", Duration.ofSeconds(60), () -> has(pipeline.inbox().resolve(".done"), "-page.tsv"));
    String done = dom(url, 1500);
    String d = row(done, job);
    assertThat(d).contains("data-state=\"DONE\"");
    assertThat(cell(d, "fetched")).isEqualTo("8");
    assertThat(cell(d, "failed")).isEqualTo("0");
    long bytes = files.stream().mapToLong(s -> s.file().content().length).sum();
    assertThat(cell(d, "bytes")).isEqualTo(String.format("%.1f MiB", bytes / 1048576.0));
    assertThat(cell(d, "rate")).endsWith("/s");
    assertThat(done).contains("1 jobs, 0 running");

    // without the token the page says how to give it, and shows no jobs
    String noToken = dom(pipeline.base + "/status", 1000);
    assertThat(noToken).contains("/status#token=").doesNotContain("job-" + job);
  }

  private static boolean has(Path dir, String suffix) {
    try (java.util.stream.Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(p -> p.getFileName().toString().endsWith(suffix));
    } catch (Exception e) {
      return false;
    }
  }
}
