package hca.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

  static final long GIB = 1L << 30;
  static final long MIB = 1L << 20;

  private static FetchRequest file(long size) {
    return new FetchRequest("u", "v", "aws", "ab".repeat(32), size, null);
  }

  @Test
  void thePlainLineShowsFilesBytesRateAndEta() {
    AtomicLong now = new AtomicLong();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Progress p = new Progress(1000, 8 * GIB, new PrintStream(out, true, StandardCharsets.UTF_8), false, now::get, null);
    for (int i = 0; i < 120; i++) {
      p.finished(file(10 * MIB), new FetchResult(FetchResult.Status.FETCHED, 10 * MIB, 1, null));
    }
    p.bytes((long) (1.2 * GIB));
    now.set(Duration.ofSeconds(14).toNanos());

    // 1.2 GiB in 14 s is about 88 MiB/s; 6.8 GiB left takes 80 s more
    assertThat(p.line()).isEqualTo("downloaded 120/1000 files, 1.2/8.0 GiB, 88 MiB/s, ETA 1m20s");
  }

  @Test
  void filesAlreadyPresentCountAsDoneButNotInTheRate() {
    AtomicLong now = new AtomicLong();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Progress p = new Progress(3, 30 * MIB, new PrintStream(out, true, StandardCharsets.UTF_8), false, now::get, null);
    p.finished(file(10 * MIB), new FetchResult(FetchResult.Status.PRESENT, 0, 0, null));
    p.bytes(10 * MIB);
    p.finished(file(10 * MIB), new FetchResult(FetchResult.Status.FETCHED, 10 * MIB, 1, null));
    p.finished(file(10 * MIB), new FetchResult(FetchResult.Status.FAILED, 0, 10, "x"));
    now.set(Duration.ofSeconds(2).toNanos());

    assertThat(p.line()).isEqualTo("downloaded 3/3 files, 20.0/30.0 MiB, 5.0 MiB/s, ETA 2s, 1 failed");
    assertThat(p.summary())
        .isEqualTo("downloaded 3/3 files (1 fetched, 1 already present, 1 failed), 10.0 MiB in 2s, 5.0 MiB/s");
    p.close();
    // with failures the command's one error line is the last word, not this summary
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  private static final FetchResult PRESENT = new FetchResult(FetchResult.Status.PRESENT, 0, 0, null);

  private static FetchResult fetched(long bytes) {
    return new FetchResult(FetchResult.Status.FETCHED, bytes, 1, null);
  }

  @Test
  void aMillionRowsOfFiveFilesShowTheBytesOfTheirRowsDoneAgainstPlanned() {
    AtomicLong now = new AtomicLong();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Progress p = new Progress(-1, -1, new PrintStream(out, true, StandardCharsets.UTF_8), false, now::get, null);
    p.planned(1_000_000, 1_000_000 * MIB);
    for (int i = 0; i < 5; i++) {
      p.bytes(MIB);
      p.finished(file(MIB), fetched(MIB));
    }
    for (int i = 0; i < 499_995; i++) {
      p.finished(file(MIB), PRESENT);
    }
    now.set(Duration.ofSeconds(10).toNanos());
    // half the rows are done, by their bytes; the 5 MiB received took 10 s
    // 500,000 MiB left at 0.5 MiB/s: 1,000,000 s
    assertThat(p.line()).isEqualTo("downloaded 500000/1000000 files, 488.3/976.6 GiB, 0.5 MiB/s, ETA 277h46m");
    for (int i = 0; i < 500_000; i++) {
      p.finished(file(MIB), PRESENT);
    }
    assertThat(p.line()).isEqualTo("downloaded 1000000/1000000 files, 976.6/976.6 GiB, 0.5 MiB/s, ETA 0s");
  }

  @Test
  void untilSomethingIsPlannedTheLineShowsNoTotals() {
    AtomicLong now = new AtomicLong();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Progress p = new Progress(-1, -1, new PrintStream(out, true, StandardCharsets.UTF_8), false, now::get, null);
    now.set(Duration.ofSeconds(1).toNanos());
    assertThat(p.line()).isEqualTo("downloaded 0 files, 0 B, 0 KiB/s");
    p.planned(8, 8 * MIB);
    p.planned(8, 8 * MIB);
    p.bytes(2 * MIB);
    p.finished(file(MIB), fetched(MIB));
    p.finished(file(MIB), fetched(MIB));
    // 14 MiB left at 2 MiB/s
    assertThat(p.line()).isEqualTo("downloaded 2/16 files, 2.0/16.0 MiB, 2.0 MiB/s, ETA 7s");
  }

  @Test
  void refusedRowsCountAsDoneAndFailedAndAResumedFileCountsWhole() {
    AtomicLong now = new AtomicLong();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Progress p = new Progress(3, 11 * MIB, new PrintStream(out, true, StandardCharsets.UTF_8), false, now::get, null);
    p.refused();
    p.bytes(MIB);
    p.finished(file(MIB), fetched(MIB));
    p.bytes(MIB);
    p.finished(file(10 * MIB), fetched(MIB)); // 9 MiB of it were on disk from an earlier run
    now.set(Duration.ofSeconds(1).toNanos());

    assertThat(p.line()).isEqualTo("downloaded 3/3 files, 11.0/11.0 MiB, 2.0 MiB/s, ETA 0s, 1 failed");
    assertThat(p.summary())
        .isEqualTo("downloaded 3/3 files (2 fetched, 0 already present, 1 failed), 2.0 MiB in 1s, 2.0 MiB/s");
    p.close();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void withoutATerminalTheLineIsPrintedPeriodically() throws Exception {
    CountDownLatch twoLines = new CountDownLatch(2);
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    OutputStream out = new OutputStream() {
      @Override
      public synchronized void write(int b) {
        seen.write(b);
        if (b == '\n') {
          twoLines.countDown();
        }
      }
    };
    try (Progress p = new Progress(2, 2 * MIB, new PrintStream(out, true, StandardCharsets.UTF_8), false, System::nanoTime, Duration.ofMillis(20))) {
      p.finished(file(MIB), new FetchResult(FetchResult.Status.PRESENT, 0, 0, null));
      assertThat(twoLines.await(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(seen.toString(StandardCharsets.UTF_8)).startsWith("downloaded 1/2 files, 1.0/2.0 MiB, ");
  }

  @Test
  void timesAndSizesAreShortAndReadable() {
    assertThat(Progress.duration(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(Progress.duration(Duration.ofSeconds(100))).isEqualTo("1m40s");
    assertThat(Progress.duration(Duration.ofSeconds(7380))).isEqualTo("2h03m");
    assertThat(Progress.pair(512, 1000)).isEqualTo("512/1000 B");
    assertThat(Progress.rate(512)).isEqualTo("1 KiB/s");
  }

  @Test
  void onATerminalABarIsDrawnAndEndsOnItsOwnLineWithTheSummaryForTheCommand() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Progress shown;
    try (Progress p = Progress.forConsole(1, MIB, new PrintStream(out, true, StandardCharsets.UTF_8), true)) {
      p.bytes(MIB);
      p.finished(file(MIB), new FetchResult(FetchResult.Status.FETCHED, MIB, 1, null));
      shown = p;
    }
    String bar = out.toString(StandardCharsets.UTF_8);
    assertThat(bar).contains("download 100%").contains("1/1 MiB").contains(" 1/1 files").endsWith("\n");
    assertThat(shown.summary()).startsWith("downloaded 1/1 files (1 fetched, 0 already present, 0 failed), 1.0 MiB in ");
  }
}
