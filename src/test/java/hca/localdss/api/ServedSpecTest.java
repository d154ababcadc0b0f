package hca.localdss.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import hca.testing.Http;
import hca.testing.LocalDssExtension;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GET /v1/swagger.json: the DSS spec, as JSON, pointing at this server. */
class ServedSpecTest {

  @RegisterExtension static LocalDssExtension dss = new LocalDssExtension();

  @Test
  void theSpecIsDssApiYmlAsJsonWithItsHostSetToTheServer() throws Exception {
    Http.Response r = Http.get(dss.api() + "/swagger.json");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    JsonNode served = r.json();
    URI api = URI.create(dss.api());
    assertThat(served.get("host").asText()).isEqualTo(api.getHost() + ":" + api.getPort());
    assertThat(served.get("basePath").asText()).isEqualTo("/v1");
    assertThat(served.get("schemes").get(0).asText()).isEqualTo("http");
    String yaml;
    try (InputStream in = ServedSpecTest.class.getResourceAsStream("/hca/dss/dss-api.yml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("\\{\\{[A-Z_]+}}", "X");
    }
    JsonNode original = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    assertThat(served.get("paths")).isEqualTo(original.get("paths"));
    assertThat(served.get("definitions")).isEqualTo(original.get("definitions"));
    assertThat(served.toString()).doesNotContain("{{");
  }
}
