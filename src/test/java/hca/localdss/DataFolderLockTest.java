package hca.localdss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hca.testing.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One data folder, one local DSS: a second one in the same JVM is refused and changes nothing. */
class DataFolderLockTest {

  @TempDir Path dir;

  @Test
  void aSecondServerOnTheSameFolderIsRefusedAndTheFirstKeepsItsFiles() throws Exception {
    try (LocalDss first = LocalDss.start(LocalDssOptions.forTests(dir))) {
      Path endpoints = dir.resolve("endpoints.json");
      byte[] before = Files.readAllBytes(endpoints);
      FileTime modified = Files.getLastModifiedTime(endpoints);
      byte[] settings = Files.readAllBytes(dir.resolve("settings.json"));

      assertThatThrownBy(() -> LocalDss.start(LocalDssOptions.forTests(dir)))
          .isInstanceOf(StartRefusedException.class)
          .hasMessage("another local DSS holds " + dir);

      assertThat(Files.readAllBytes(endpoints)).isEqualTo(before);
      assertThat(Files.getLastModifiedTime(endpoints)).isEqualTo(modified);
      assertThat(Files.readAllBytes(dir.resolve("settings.json"))).isEqualTo(settings);
      assertThat(Http.get(first.apiOrigin() + "/internal/health").status()).isEqualTo(200);
      // the refused start must not have dropped the first server's lock on its way out
      assertThatThrownBy(() -> LocalDss.start(LocalDssOptions.forTests(dir)))
          .isInstanceOf(StartRefusedException.class);
    }
    try (LocalDss again = LocalDss.start(LocalDssOptions.forTests(dir))) {
      assertThat(Http.get(again.apiOrigin() + "/internal/health").status()).isEqualTo(200);
    }
  }
}
