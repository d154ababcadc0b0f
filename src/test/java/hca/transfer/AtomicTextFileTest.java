package hca.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicTextFileTest {

  @TempDir Path dir;

  private Path old(String name) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, "line\thalf");
    Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(10, ChronoUnit.MINUTES)));
    return p;
  }

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aTemporaryFileLeftByAKilledWriterIsRemovedAndOnesInUseAreNot() throws Exception {
    Path target = dir.resolve("r.report.tsv");
    Path killed = old(".r.report.tsv.tmp1a2b3c");
    Path otherTarget = old(".other.tsv.tmp1a2b3c");
    try (AtomicTextFile live = new AtomicTextFile(target)) {
      live.write("mine\n");
      Path liveTemp = dir.resolve(names().stream().filter(n -> n.startsWith(".r.report.tsv.tmp")).findFirst().orElseThrow());
      Files.setLastModifiedTime(liveTemp, FileTime.from(Instant.now().minus(10, ChronoUnit.MINUTES)));
      assertThat(killed).doesNotExist();

      AtomicTextFile.write(target, "second\n"); // a second writer of the same file in this JVM
      assertThat(liveTemp).exists();
      assertThat(target).hasContent("second");
      live.commit();
    }
    assertThat(target).hasContent("mine");
    assertThat(names()).containsExactly(".other.tsv.tmp1a2b3c", "r.report.tsv");
    assertThat(otherTarget).exists();
  }

  @Test
  void aTemporaryFileLockedByAnotherProcessIsLeftAlone() throws Exception {
    Path held = old(".r.tsv.tmp99");
    Process p;
    try {
      // python's lockf takes the same POSIX record lock as Java's FileChannel.lock
      p = new ProcessBuilder("python3", "-c",
          "import fcntl,sys\nf=open(sys.argv[1],'r+')\nfcntl.lockf(f,fcntl.LOCK_EX)\nprint('locked',flush=True)\nsys.stdin.read()",
          held.toString()).start();
    } catch (IOException noPython) {
      assumeThat(false).as("python3 is needed to hold a lock from another process: " + noPython.getMessage()).isTrue();
      return;
    }
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo("locked");
      AtomicTextFile.write(dir.resolve("r.tsv"), "x\n");
      assertThat(held).exists();
      p.getOutputStream().close(); // the other process ends, and its lock with it
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      p.destroyForcibly();
    }
    AtomicTextFile.write(dir.resolve("r.tsv"), "y\n");
    assertThat(names()).containsExactly("r.tsv");
    assertThat(dir.resolve("r.tsv")).hasContent("y");
  }
}
