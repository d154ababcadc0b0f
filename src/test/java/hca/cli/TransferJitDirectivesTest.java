package hca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The compiler directives ./hca passes to transfers, with the VM's own messages turned off (a broken
 * file would then only say "Could not create the Java Virtual Machine"): this VM accepts them.
 */
class TransferJitDirectivesTest {

  @Test
  void theTransferCompilerDirectivesAreAcceptedByThisJvm() throws Exception {
    Path file = Path.of("src/launcher/transfer-jit.json").toAbsolutePath();
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(java, "-XX:+UnlockDiagnosticVMOptions", "-XX:CompilerDirectivesFile=" + file,
        "-version").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).startsWith("3 compiler directives added");
  }
}
