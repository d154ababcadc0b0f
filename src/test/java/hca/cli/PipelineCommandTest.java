package hca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hca pipeline} refuses bad settings before it starts anything. */
class PipelineCommandTest {

  @TempDir Path tmp;

  private CliRunner.Result run(String... args) throws Exception {
    return new CliRunner(tmp.resolve("home"), "http://127.0.0.1:9/v1").run(args);
  }

  @Test
  void aBadSettingStopsTheStartWithExitCode3NamingTheKey() throws Exception {
    Path props = tmp.resolve("application.properties");
    Files.writeString(props, "hca.home = " + tmp.resolve("p") + "\nhca.parallel = lots\n");
    CliRunner.Result r = run("pipeline", "--properties", props.toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(3);
    assertThat(r.stderr()).contains(props.toString()).contains("hca.parallel must be a whole number of at least 1, not 'lots'");
    assertThat(tmp.resolve("p")).doesNotExist();

    Files.writeString(props, "hca.home = " + tmp.resolve("p") + "\nhca.sync.nightly.query-file = q.json\n");
    r = run("pipeline", "--properties", props.toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.stderr()).contains("hca.sync.nightly: set exactly one of every (e.g. 10m) and cron");

    Files.writeString(props, "hca.home = " + tmp.resolve("p") + "\nhca.sync.n.query-file = q.json\nhca.sync.n.every = soon\n");
    r = run("pipeline", "--properties", props.toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.stderr()).contains("hca.sync.n.every: 'soon' is not a duration");

    r = run("pipeline", "--properties", props.toString(), "--set", "hca.replica=azure");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.stderr()).contains("hca.replica must be aws or gcp, not 'azure'");

    Files.writeString(props, "hca.home = " + tmp.resolve("p") + "\n");
    r = run("pipeline", "--properties", props.toString(), "--set", "hca.fsync=sometimes");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.stderr()).contains("hca.fsync must be true or false, not 'sometimes'");
    assertThat(tmp.resolve("p")).doesNotExist();
  }

  @Test
  void aMissingSettingsFileOrABadSetFlagIsRefused() throws Exception {
    CliRunner.Result r = run("pipeline", "--properties", tmp.resolve("nope.properties").toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.stderr()).contains("nope.properties: cannot be read");
    r = run("pipeline", "--set", "no-equals-sign");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.stderr()).contains("--set takes KEY=VALUE, not 'no-equals-sign'");
  }
}
