package hca.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpaceTest {

  @TempDir Path dir;

  @Test
  void aSmallDownloadFitsEvenIntoAFolderNotYetCreated() {
    assertThatNoException().isThrownBy(() -> DiskSpace.check(dir.resolve("not/yet/there"), 1024));
    assertThatNoException().isThrownBy(() -> DiskSpace.check(dir, 0));
  }

  @Test
  void aDownloadLargerThanTheFreeSpaceIsRefusedWithNeededAndFree() {
    long huge = 1L << 60;
    assertThatThrownBy(() -> DiskSpace.check(dir.resolve("out"), huge))
        .isInstanceOfSatisfying(InsufficientSpaceException.class, e -> {
          assertThat(e.needed()).isEqualTo(huge + huge / 100);
          assertThat(e.free()).isLessThan(huge);
          assertThat(e.getMessage())
              .startsWith("not enough free space in " + dir.resolve("out") + " (file system ")
              .contains("): 1.0 EiB needed (1.0 EiB to download and a margin), ")
              .endsWith(" free")
              .doesNotContain("\n");
        });
  }

  @Test
  void theMarginIsOnePercentAndAtLeast64MiB() {
    assertThat(DiskSpace.withMargin(1000)).isEqualTo(1000 + (64L << 20));
    assertThat(DiskSpace.withMargin(100L << 30)).isEqualTo((100L << 30) + (1L << 30));
    assertThat(DiskSpace.withMargin(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void bytesAreShownForPeople() {
    assertThat(DiskSpace.bytes(812)).isEqualTo("812 B");
    assertThat(DiskSpace.bytes(1536)).isEqualTo("1.5 KiB");
    assertThat(DiskSpace.bytes(5L << 30)).isEqualTo("5.0 GiB");
  }
}
