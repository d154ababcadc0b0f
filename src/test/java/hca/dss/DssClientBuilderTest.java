package hca.dss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.dss.spec.ApiSpec;
import hca.localdss.api.ServedSpec;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a client finds its spec and base URL, and what happens when the server is not there. */
class DssClientBuilderTest {

  @TempDir Path tmp;
  private int closedPort;

  @BeforeEach
  void closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
  }

  private static ApiSpec specWithHost(String host) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode spec = (ObjectNode) json.readTree(new ServedSpec().json("placeholder"));
    if (host == null) {
      spec.remove("host");
    } else {
      spec.put("host", host);
    }
    return ApiSpec.parse(json.writeValueAsBytes(spec), "test spec");
  }

  @Test
  void theBaseUrlIsTheSpecsHostAndBasePath() throws Exception {
    assertThat(DssClientBuilder.baseUrlOf(specWithHost("dss.example.org"), "https://elsewhere/v1/swagger.json"))
        .isEqualTo("http://dss.example.org/v1");
  }

  @Test
  void aMissingOrPlaceholderHostFallsBackToTheSwaggerUrl() throws Exception {
    String swagger = "http://127.0.0.1:8080/v1/swagger.json";
    assertThat(DssClientBuilder.baseUrlOf(specWithHost(null), swagger)).isEqualTo("http://127.0.0.1:8080/v1");
    assertThat(DssClientBuilder.baseUrlOf(specWithHost("{{API_DOMAIN_NAME}}"), swagger))
        .isEqualTo("http://127.0.0.1:8080/v1");
  }

  @Test
  void aServerThatIsNotListeningIsUnreachableAfterTheRetriesNamingTheHost() throws Exception {
    ClientFixture f = new ClientFixture(tmp, "http://127.0.0.1:" + closedPort + "/v1/swagger.json");
    DssHttp http = f.http(3).build();
    DssClient client = DssClient.builder().config(f.config()).http(http)
        .spec(specWithHost("127.0.0.1:" + closedPort)).build();
    assertThatThrownBy(() -> client.getBundle("a3c1e5b0-0000-4000-8000-000000000000", "aws", null))
        .isInstanceOfSatisfying(DssUnreachableException.class, e -> {
          assertThat(e.attempts()).isEqualTo(3);
          assertThat(e.getMessage()).startsWith("cannot reach 127.0.0.1:" + closedPort + ": ");
        });
    assertThatThrownBy(() -> f.client(f.http(2).build()))
        .as("the spec itself cannot be fetched")
        .isInstanceOf(DssUnreachableException.class)
        .hasMessageContaining("127.0.0.1:" + closedPort);
  }

  @Test
  void plainHttpToAnotherHostIsRefusedUnlessAllowed() {
    ClientFixture f = new ClientFixture(tmp, "http://dss.example.org/v1/swagger.json");
    assertThatThrownBy(() -> DssClient.fromConfig(f.config()))
        .isInstanceOf(DssException.class)
        .hasMessage("refusing plain http to dss.example.org: use https, or set allow_insecure_http to true in the configuration");
  }

  @Test
  void aLocalSpecFileInTheConfigurationIsUsedWithoutFetching() throws Exception {
    Path specFile = Files.write(tmp.resolve("dss.json"), new ServedSpec().json("127.0.0.1:" + closedPort));
    ClientFixture f = new ClientFixture(tmp, "http://127.0.0.1:" + closedPort + "/v1/swagger.json");
    f.config().set("swagger_filename", com.fasterxml.jackson.databind.node.TextNode.valueOf(specFile.toString()));
    DssHttp http = f.http(1).build();
    DssClient client = f.client(http);
    assertThat(client.baseUrl()).isEqualTo("http://127.0.0.1:" + closedPort + "/v1");
    assertThat(client.spec().operation("put_file")).isPresent();
    assertThat(http.requestsSent()).isZero();
  }
}
