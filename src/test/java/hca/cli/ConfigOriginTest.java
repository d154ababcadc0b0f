package hca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import hca.testing.LocalDssExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The values in effect and where each came from; HCA_DSS_URL between the files and --dss-url. */
class ConfigOriginTest {

  @RegisterExtension static LocalDssExtension dss = LocalDssExtension.seededWithExample();

  @TempDir Path tmp;

  private static final String NL = System.lineSeparator();

  private CliRunner cli() throws Exception {
    return new CliRunner(tmp.resolve("home"), dss.api());
  }

  private Path userFile(CliRunner hca) {
    return hca.environment().userFile();
  }

  @Test
  void defaultsArePrintedByGetAndShownWithTheirOrigin() throws Exception {
    CliRunner hca = cli();
    assertThat(hca.run("config", "get", "creator_uid").out()).isEqualTo("0" + NL);
    assertThat(hca.run("config", "get", "allow_insecure_http").out()).isEqualTo("false" + NL);
    assertThat(hca.run("config", "show").json().get("creator_uid").asLong()).isEqualTo(0);

    Files.createDirectories(userFile(hca).getParent());
    Files.writeString(userFile(hca), "{\"creator_uid\": 42}");
    CliRunner.Result r = hca.run("config", "show", "--origin");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out().lines().toList())
        .containsExactly(
            "default\tlog_level=INFO",
            "file:" + userFile(hca) + "\tcreator_uid=42",
            "default\tallow_insecure_http=false",
            "default\tDSSClient.swagger_url=http://127.0.0.1:5000/v1/swagger.json");
  }

  @Test
  void aTokenIsNeverPrintedAndItsAbsenceIsOneLineWithExitSix() throws Exception {
    CliRunner hca = cli();
    CliRunner.Result none = hca.run("config", "get", "oauth2_token");
    assertThat(none.code()).isEqualTo(ExitCodes.CREDENTIALS);
    assertThat(none.stderr())
        .isEqualTo("hca: no oauth2_token is set; 'hca dss login --access-token T' stores one" + NL);

    assertThat(hca.dss("dss", "login", "--access-token", "sEcReT-tOkEn").code()).isZero();
    CliRunner.Result got = hca.run("config", "get", "oauth2_token");
    assertThat(got.code()).isZero();
    assertThat(got.out()).isEqualTo("(hidden)" + NL);
    CliRunner.Result origin = hca.run("config", "show", "--origin");
    assertThat(origin.out()).contains("file:" + userFile(hca) + "\toauth2_token=(hidden)");
    for (CliRunner.Result r : List.of(got, origin, hca.run("config", "show"), hca.run("config", "get", "oauth2_token.access_token"))) {
      assertThat(r.out() + r.stderr()).doesNotContain("sEcReT-tOkEn");
    }
  }

  @Test
  void hcaDssUrlWinsOverTheFilesAndLosesToDssUrl() throws Exception {
    CliRunner hca = cli();
    Files.createDirectories(userFile(hca).getParent());
    Files.writeString(userFile(hca), "{\"DSSClient\": {\"swagger_url\": \"http://127.0.0.1:1/v1/swagger.json\"}}");
    assertThat(hca.run("config", "get", "DSSClient.swagger_url").out())
        .isEqualTo("http://127.0.0.1:1/v1/swagger.json" + NL);

    hca.env("HCA_DSS_URL", dss.api());
    assertThat(hca.run("config", "show", "--origin").out())
        .contains("env:HCA_DSS_URL\tDSSClient.swagger_url=" + dss.api() + "/swagger.json");
    // the DSS named by the environment is the one talked to
    CliRunner.Result bundle =
        hca.run("dss", "get-bundle", "--replica", "aws", "--uuid", "0f5f4c7a-2f4b-4fb8-9b8e-7c1f0e6b1a01");
    assertThat(bundle.code()).as(bundle.toString()).isZero();
    assertThat(bundle.json().at("/bundle/uuid").asText()).isEqualTo("0f5f4c7a-2f4b-4fb8-9b8e-7c1f0e6b1a01");

    assertThat(hca.run("--dss-url", "http://127.0.0.1:2/v1", "config", "show", "--origin").out())
        .contains("command line\tDSSClient.swagger_url=http://127.0.0.1:2/v1/swagger.json");

    hca.env("HCA_DSS_URL", "ftp://nowhere");
    CliRunner.Result bad = hca.run("config", "get", "log_level");
    assertThat(bad.code()).isEqualTo(ExitCodes.CONFIG);
    assertThat(bad.stderr()).isEqualTo("hca: HCA_DSS_URL: must be an http or https URL, not \"ftp://nowhere\"" + NL);
  }

  @Test
  void localDssOnAnotherPortPrintsTheLineToExport() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process server =
        new ProcessBuilder(
                java.toString(), "-cp", System.getProperty("java.class.path"), Hca.class.getName(),
                "local-dss", "--data", tmp.resolve("data").toString(), "--port", "0")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      List<String> seen = new ArrayList<>();
      while (seen.size() < 2) {
        String line = out.readLine();
        assertThat(line).as("the local DSS ended early: %s", seen).isNotNull();
        if (line.startsWith("local DSS API at ") || !seen.isEmpty()) {
          seen.add(line);
        }
      }
      String url = seen.get(0).substring("local DSS API at ".length());
      assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/v1").doesNotContain(":5000/");
      assertThat(seen.get(1)).isEqualTo("export HCA_DSS_URL=" + url);

      CliRunner hca = cli().env("HCA_DSS_URL", url);
      CliRunner.Result all = hca.run("dss", "get-bundles-all", "--replica", "aws");
      assertThat(all.code()).as(all.toString()).isZero();
    } finally {
      server.destroy();
      if (!server.waitFor(30, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }
}
