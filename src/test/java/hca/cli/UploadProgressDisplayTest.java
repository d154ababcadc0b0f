package hca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The progress of an upload: a bar per phase on a terminal, plain lines elsewhere. */
class UploadProgressDisplayTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private static String lastFrame(String line) {
    assertThat(line).startsWith("\r");
    return line.substring(line.lastIndexOf('\r') + 1);
  }

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void onATerminalEachPhaseIsABarThatEndsFull() {
    UploadProgressDisplay p = new UploadProgressDisplay(err, true, 3600);

    p.phase("staging", 2, 3_000_000);
    p.advance(1, 1_000_000);
    p.advance(1, 2_000_000);
    p.phase("registering", 2, 3_000_000);
    p.advance(2, 3_000_000);
    p.done();

    // each bar is redrawn in place (\r), as often as its renderer thread gets to it, and keeps its
    // own line once its phase is over: what stays visible is the last frame of each line
    assertThat(printed().split("\n")).hasSize(2).satisfiesExactly(
        staging -> assertThat(lastFrame(staging)).startsWith("staging 100% [").contains("] 3/3 MB"),
        registering -> assertThat(lastFrame(registering)).startsWith("registering 100% [").contains("] 3/3 MB"));
  }

  @Test
  void elsewhereEachPhaseIsALineWhenItStartsAndWhenItEnds() {
    UploadProgressDisplay p = new UploadProgressDisplay(err, false, 3600);

    p.phase("staging", 2, 3_000_000);
    p.advance(1, 1_000_000);
    p.advance(1, 2_000_000);
    p.phase("registering", 2, 3_000_000);
    p.advance(1, 1_000_000);
    p.done();
    p.done();

    assertThat(printed().lines()).containsExactly(
        "upload: staging 2 files, 3.0 MB",
        "upload: staging 2/2 files, 3.0 MB of 3.0 MB",
        "upload: registering 2 files, 3.0 MB",
        "upload: registering 1/2 files, 1.0 MB of 3.0 MB");
  }
}
