package hca.config;

import static hca.config.ConfigFixture.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpAllowedTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://dss.example.org/v1/swagger.json",
        "HTTPS://dss.example.org/",
        "https://10.0.0.1:8443/v1",
      })
  void httpsIsAlwaysAllowed(String uri) {
    assertThat(HcaConfig.httpAllowed(URI.create(uri), false)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:5000/v1/swagger.json",
        "http://127.255.3.4/",
        "http://localhost:8080/",
        "http://LocalHost/",
        "http://[::1]:5000/v1",
        "HTTP://127.0.0.1/",
      })
  void plainHttpToLoopbackIsAllowed(String uri) {
    assertThat(HcaConfig.httpAllowed(URI.create(uri), false)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://dss.example.org/v1/swagger.json",
        "http://10.0.0.1/",
        "http://128.0.0.1/",
        "http://127.0.0.1.example.org/",
        "http://localhost.example.org/",
        "http://127.1/",
        "http://[::2]/",
        "http://[::ffff:10.0.0.1]/",
        "http:relative",
      })
  void plainHttpElsewhereIsRefused(String uri) {
    assertThat(HcaConfig.httpAllowed(URI.create(uri), false)).isFalse();
  }

  @Test
  void plainHttpElsewhereIsAllowedWhenInsecureHttpIsAllowed() {
    assertThat(HcaConfig.httpAllowed(URI.create("http://dss.example.org/v1"), true)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://dss.example.org/", "file:///etc/passwd", "/relative/path"})
  void otherSchemesAreNeverAllowed(String uri) {
    assertThat(HcaConfig.httpAllowed(URI.create(uri), true)).isFalse();
  }

  @Test
  void theConfigSettingDecidesForAConfiguration(@TempDir Path tmp) {
    ConfigFixture fx = new ConfigFixture(tmp);
    URI remote = URI.create("http://dss.example.org/v1");
    assertThat(fx.load().httpAllowed(remote)).isFalse();

    write(fx.defaultUserFile(), "{\"allow_insecure_http\": true}");

    assertThat(fx.load().httpAllowed(remote)).isTrue();
  }
}
