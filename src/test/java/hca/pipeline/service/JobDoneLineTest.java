package hca.pipeline.service;

import static org.assertj.core.api.Assertions.assertThat;

import hca.transfer.DownloadSummary;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The line a finished job logs says what its kind of job did to its files. */
class JobDoneLineTest {

  private static Ledger.JobRow job(String kind) {
    return new Ledger.JobRow("j1", kind, Ledger.State.DONE, "api", null, "{}", "aws", Instant.EPOCH, null,
        0, 0, 0, 0, 0, null, null);
  }

  private static final DownloadSummary TWO =
      new DownloadSummary(2, 0, 0, 300, 1000, Path.of("/r/j1.report.tsv"), null, 2, 0);

  @Test
  void anUploadJobsFilesAreUploadedAndADownloadsFetched() {
    assertThat(Jobs.line(job("upload"), TWO)).isEqualTo("2 uploaded; report: /r/j1.report.tsv");
    assertThat(Jobs.line(job("manifest"), TWO)).startsWith("2 fetched, 0 already present, 0 failed; ")
        .doesNotContain("uploaded");
  }
}
