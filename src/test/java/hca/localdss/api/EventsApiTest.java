package hca.localdss.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hca.localdss.Seeder;
import hca.testing.Http;
import hca.testing.LocalDssExtension;
import hca.testing.SpecConformance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GET /events and GET /events/{uuid}. */
class EventsApiTest {

  @RegisterExtension
  static LocalDssExtension dss =
      new LocalDssExtension(o -> o.withSeeds(List.of("example", "synthetic:bundles=150,files=0")));

  @Test
  void aBundleVersionsEventCarriesItsManifestAndJsonFiles() {
    String path = "/events/" + Seeder.EXAMPLE_BUNDLE_UUID;
    Http.Response r = Http.get(dss.api() + path + "?replica=aws&version=" + Seeder.EXAMPLE_BUNDLE_VERSION);
    assertThat(r.status()).isEqualTo(200);
    SpecConformance.assertConforms("GET", path, r);
    JsonNode e = r.json();
    assertThat(e.get("event_type").asText()).isEqualTo("CREATE");
    assertThat(e.get("bundle_info").get("version").asText()).isEqualTo(Seeder.EXAMPLE_BUNDLE_VERSION);
    assertThat(e.get("files").has("donor_organism_json")).isTrue();
    assertThat(e.get("manifest").get("files")).hasSize(16);
    assertThat(Http.get(dss.api() + path + "?replica=aws&version=2001-01-01T000000.000000Z").status()).isEqualTo(404);
  }

  @Test
  void journalsListEveryEventOnceAndTheirStreamsHoldTheDocumentsAtTheirOffsets() throws Exception {
    List<String> ids = new ArrayList<>();
    String url = dss.api() + "/events?replica=aws&per_page=1";
    List<Integer> statuses = new ArrayList<>();
    while (url != null) {
      Http.Response r = Http.get(url);
      statuses.add(r.status());
      SpecConformance.assertConforms("GET", "/events", r);
      for (JsonNode s : r.json().get("event_streams")) {
        byte[] stream = Http.get(s.get("stream_url").asText()).body();
        assertThat(stream.length).isEqualTo(s.get("size").asInt());
        for (JsonNode ev : s.get("events")) {
          ids.add(ev.get("event_id").asText());
          int off = ev.get("offset").asInt();
          byte[] doc = Arrays.copyOfRange(stream, off, off + ev.get("size").asInt());
          JsonNode parsed = new ObjectMapper().readTree(doc);
          assertThat(parsed.get("bundle_info").get("uuid").asText() + "." + parsed.get("bundle_info").get("version").asText())
              .isEqualTo(ev.get("event_id").asText());
        }
      }
      String link = r.header("Link");
      url = link == null ? null : link.replaceAll("^<([^>]+)>.*$", "$1");
    }
    assertThat(statuses).containsExactly(206, 200);
    assertThat(ids).hasSize(151).doesNotHaveDuplicates();
    Http.Response bad = Http.get(dss.api() + "/events?replica=aws&from_date=2020-01-02T000000.000000Z&to_date=2020-01-01T000000.000000Z");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("code").asText()).isEqualTo("bad_request");
  }
}
