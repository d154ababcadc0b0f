package hca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With no server and nothing cached, help and completion describe the spec bundled in the jar. */
class OfflineHelpTest {

  @TempDir Path tmp;
  private CliRunner hca;

  @BeforeEach
  void noServer() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    hca = new CliRunner(tmp.resolve("home"), "http://127.0.0.1:" + port + "/v1");
  }

  @Test
  void dssHelpListsEveryOperationOfTheBundledSpec() {
    CliRunner.Result r = hca.dss("dss", "--help");
    assertThat(r.code()).as(r.toString()).isZero();
    for (String op : new String[] {"post-search", "get-bundle", "put-bundle", "get-file", "put-collection",
        "get-subscriptions", "get-events", "post-bundles-checkout", "login", "download-manifest", "upload"}) {
      assertThat(r.out()).as(op).contains(op);
    }
    assertThat(r.stderr().lines()).singleElement().asString()
        .contains("127.0.0.1").contains("this help describes the DSS API spec bundled with hca");
  }

  @Test
  void anOperationsHelpListsItsFlagsOffline() {
    CliRunner.Result r = hca.dss("dss", "get-bundle", "--help");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("--uuid").contains("--replica").contains("--version");
    assertThat(r.stderr().lines()).hasSize(1);

    CliRunner.Result login = hca.dss("dss", "login", "--help");
    assertThat(login.code()).as(login.toString()).isZero();
    assertThat(login.out()).contains("--access-token");
  }

  @Test
  void completionCoversTheDssCommandsOffline() {
    CliRunner.Result r = hca.dss("completion");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("get-bundle").contains("post-search");
  }

  @Test
  void anOperationActuallySentStillNeedsTheServerAndSaysSoInOneLine() {
    CliRunner.Result r = hca.dss("dss", "get-bundle", "--uuid", "0f5f4c7a-2f4b-4fb8-9b8e-7c1f0e6b1a01",
        "--replica", "aws");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(r.stderr().lines()).singleElement().asString().startsWith("hca: ").contains("127.0.0.1");
    assertThat(r.out()).isEmpty();
  }
}
