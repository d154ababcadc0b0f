package hca.dss;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hca.dss.spec.ApiSpec;
import hca.localdss.api.ServedSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Search pages as the real DSS served them, from a small server: each next page is POSTed again. */
class SearchPagesTest {

  @TempDir Path tmp;
  private TinyServer server;
  private DssClient client;

  @BeforeEach
  void start() throws Exception {
    server = new TinyServer();
    String host = server.url().substring("http://".length());
    ClientFixture f = new ClientFixture(tmp, server.url() + "/v1/swagger.json");
    client = DssClient.builder().config(f.config()).http(f.http(1).build())
        .spec(ApiSpec.parse(new ServedSpec().json(host), "served")).build();
    String next = server.url() + "/v1/search?replica=aws&per_page=10&search_after=b2";
    server.on("/v1/search", page(206, "[{\"bundle_fqid\": \"b1\"}, {\"bundle_fqid\": \"b2\"}]",
        Map.of("Link", "<" + next + ">; rel=\"next\"")));
    server.on("/v1/search?replica=aws&per_page=10&search_after=b2", page(200, "[{\"bundle_fqid\": \"b3\"}]", Map.of()));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static TinyServer.Reply page(int status, String results, Map<String, String> headers) {
    Map<String, String> h = new HashMap<>(headers);
    h.put("Content-Type", "application/json");
    h.put("X-OpenAPI-Paginated-Content-Key", "results");
    String body = "{\"es_query\": {}, \"results\": " + results + ", \"total_hits\": 3}";
    return new TinyServer.Reply(status, h, body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void everyPageOfHitsIsAskedForWithTheSameQuery() throws Exception {
    JsonNode query = new ObjectMapper().readTree("{\"query\": {\"match\": {\"organ\": \"brain\"}}}");
    Iterator<JsonNode> hits = client.searchAll(query, "aws");
    List<String> fqids = new ArrayList<>();
    hits.forEachRemaining(h -> fqids.add(h.get("bundle_fqid").asText()));

    assertThat(fqids).containsExactly("b1", "b2", "b3");
    assertThat(server.received).hasSize(2);
    TinyServer.Received second = server.received.get(1);
    assertThat(second.method()).isEqualTo("POST");
    assertThat(second.query()).isEqualTo("replica=aws&per_page=10&search_after=b2");
    assertThat(new ObjectMapper().readTree(second.body()))
        .isEqualTo(new ObjectMapper().readTree(server.received.get(0).body()))
        .isEqualTo(new ObjectMapper().createObjectNode().set("es_query", query));
  }

  @Test
  void postSearchReturnsOnlyTheFirstPage() throws Exception {
    JsonNode page = client.postSearch(new ObjectMapper().createObjectNode(), "aws", "summary", 10);
    assertThat(page.get("results")).hasSize(2);
    assertThat(server.received).hasSize(1);
    assertThat(server.received.get(0).query()).contains("output_format=summary").contains("per_page=10");
  }
}
