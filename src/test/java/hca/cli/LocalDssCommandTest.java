package hca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import hca.localdss.LocalDss;
import hca.localdss.LocalDssOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hca local-dss} refusing to start: a held data folder, a taken port. */
class LocalDssCommandTest {

  @TempDir Path tmp;

  private CliRunner cli() throws IOException {
    return new CliRunner(tmp.resolve("home"), "http://127.0.0.1:9/v1");
  }

  private static final String NL = System.lineSeparator();

  @Test
  void aFolderHeldByAServerInThisProcessIsRefusedWithExit4() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    try (LocalDss first = LocalDss.start(LocalDssOptions.forTests(data))) {
      byte[] endpoints = Files.readAllBytes(data.resolve("endpoints.json"));
      CliRunner.Result r = cli().run("local-dss", "--data", data.toString());
      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.UNREACHABLE);
      assertThat(r.stderr()).isEqualTo("hca: another local DSS holds " + data + NL);
      assertThat(Files.readAllBytes(data.resolve("endpoints.json"))).isEqualTo(endpoints);
    }
  }

  @Test
  void aFolderHeldByAnotherProcessIsRefusedWithExit4AndItsFilesStayAsTheyAre() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process other =
        new ProcessBuilder(
                java.toString(), "-cp", System.getProperty("java.class.path"), Hca.class.getName(),
                "local-dss", "--data", data.toString())
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
      List<String> seen = new ArrayList<>();
      for (String line = out.readLine(); ; line = out.readLine()) {
        assertThat(line).as("the other local DSS ended early: %s", seen).isNotNull();
        seen.add(line);
        if (line.startsWith("local DSS API at ")) {
          break;
        }
      }
      byte[] endpoints = Files.readAllBytes(data.resolve("endpoints.json"));
      byte[] settings = Files.readAllBytes(data.resolve("settings.json"));

      CliRunner.Result r = cli().run("local-dss", "--data", data.toString());

      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.UNREACHABLE);
      assertThat(r.stderr()).isEqualTo("hca: another local DSS holds " + data + NL);
      assertThat(Files.readAllBytes(data.resolve("endpoints.json"))).isEqualTo(endpoints);
      assertThat(Files.readAllBytes(data.resolve("settings.json"))).isEqualTo(settings);
      assertThat(other.isAlive()).isTrue();
    } finally {
      other.destroy();
      if (!other.waitFor(30, TimeUnit.SECONDS)) {
        other.destroyForcibly();
      }
    }
  }

  @Test
  void aTakenPortIsNamedWithItsListenerAndNothingIsLeftRunning() throws Exception {
    for (String listener : List.of("DSS API", "S3 endpoint", "GCS endpoint")) {
      Path data = tmp.resolve("data-" + listener.replace(' ', '-'));
      int[] free = {freePort(), freePort(), freePort()};
      try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int busy = taken.getLocalPort();
        int api = listener.equals("DSS API") ? busy : free[0];
        int s3 = listener.equals("S3 endpoint") ? busy : free[1];
        int gcs = listener.equals("GCS endpoint") ? busy : free[2];

        CliRunner.Result r =
            cli().run("local-dss", "--data", data.toString(), "--port", Integer.toString(api),
                "--s3-port", Integer.toString(s3), "--gcs-port", Integer.toString(gcs));

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.stderr())
            .isEqualTo("hca: the " + listener + " cannot listen on 127.0.0.1:" + busy
                + ": Address already in use" + NL);
      }
      for (int port : free) {
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
          assertThat(again.getLocalPort()).as(listener + ": port " + port + " was let go").isEqualTo(port);
        }
      }
      // and the folder's lock was let go
      try (LocalDss next = LocalDss.start(LocalDssOptions.forTests(data))) {
        assertThat(next.apiUrl()).startsWith("http://127.0.0.1:");
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
