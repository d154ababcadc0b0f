package hca.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingSettingsTest {

  @TempDir Path dir;

  @Test
  void theEndpointsFileWinsOverTheEnvironmentWhichWinsOverTheConfiguration() throws Exception {
    Path endpoints = Files.writeString(dir.resolve("endpoints.json"),
        "{\"s3\": {\"endpoint\": \"http://127.0.0.1:5001\", \"access_key\": \"file-key\"}, \"gcs\": {\"project\": \"p\"}}");
    Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "env-key", "AWS_SECRET_ACCESS_KEY", "env-secret",
        "AWS_DEFAULT_REGION", "eu-west-1", "STORAGE_EMULATOR_HOST", "127.0.0.1:5002");
    var config = new ObjectMapper().readTree(
        "{\"s3\": {\"region\": \"us-west-2\", \"endpoint\": \"http://config\"}, \"gcs\": {\"endpoint\": \"http://config-gcs\"}}");

    StagingSettings s = StagingSettings.resolve(endpoints, env, config);

    assertThat(s.s3()).isEqualTo(new StagingSettings.S3("http://127.0.0.1:5001", "eu-west-1", "file-key", "env-secret"));
    assertThat(s.gcs()).isEqualTo(new StagingSettings.Gcs("http://127.0.0.1:5002", "p"));
    assertThat(StagingSettings.resolve(null, Map.of(), config).s3().region()).isEqualTo("us-west-2");
  }

  @Test
  void theS3EndpointVariableWinsOverTheGeneralOne() {
    StagingSettings s = StagingSettings.resolve(null,
        Map.of("AWS_ENDPOINT_URL", "http://general", "AWS_ENDPOINT_URL_S3", "http://s3"), null);
    assertThat(s.s3().endpoint()).isEqualTo("http://s3");
    assertThat(StagingSettings.resolve(null, Map.of(), null)).isEqualTo(StagingSettings.defaults());
  }

  @Test
  void anUnreadableEndpointsFileOrAWrongValueIsOneLineNamingIt() throws Exception {
    assertThatThrownBy(() -> StagingSettings.resolve(dir.resolve("nope.json"), Map.of(), null))
        .isInstanceOf(StagingException.class)
        .hasMessageStartingWith(dir.resolve("nope.json") + ": cannot be read as JSON");
    var bad = new ObjectMapper().readTree("{\"s3\": {\"endpoint\": 5}}");
    assertThatThrownBy(() -> StagingSettings.resolve(null, Map.of(), bad))
        .hasMessage("configuration key staging: endpoint must be a string");
  }

  @Test
  void theSecretKeyIsNotShownInMessages() {
    var s3 = new StagingSettings.S3("http://e", null, "key", "very-secret");
    assertThat(s3.toString()).doesNotContain("very-secret");
  }
}
