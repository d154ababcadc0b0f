package hca.localdss.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import hca.localdss.Seeder;
import hca.testing.Http;
import hca.testing.LocalDssExtension;
import hca.testing.SpecConformance;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** POST /search over the seeded example bundle and synthetic bundles. */
class SearchApiTest {

  @RegisterExtension
  static LocalDssExtension dss =
      new LocalDssExtension(o -> o.withSeeds(List.of("example", "synthetic:bundles=45,files=0")));

  static final String README_QUERY =
      "{\"es_query\": {\"query\": {\"bool\": {\"must\": ["
          + "{\"match\": {\"files.donor_organism_json.medical_history.smoking_history\": \"yes\"}},"
          + "{\"match\": {\"files.specimen_from_organism_json.genus_species.text\": \"Homo sapiens\"}},"
          + "{\"match\": {\"files.specimen_from_organism_json.organ.text\": \"brain\"}}]}}}}";

  private static Http.Response search(String query, String params) {
    return Http.call("POST", dss.api() + "/search?replica=aws" + params, query, null);
  }

  @Test
  void theSampleQueryFindsTheExampleBundle() {
    Http.Response r = search(README_QUERY, "");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    SpecConformance.assertConforms("POST", "/search", r);
    List<String> fqids = new ArrayList<>();
    r.json().get("results").forEach(h -> fqids.add(h.get("bundle_fqid").asText()));
    assertThat(fqids).contains(Seeder.EXAMPLE_BUNDLE_UUID + "." + Seeder.EXAMPLE_BUNDLE_VERSION);
    JsonNode hit = r.json().get("results").get(fqids.indexOf(Seeder.EXAMPLE_BUNDLE_UUID + "." + Seeder.EXAMPLE_BUNDLE_VERSION));
    assertThat(hit.get("bundle_url").asText())
        .isEqualTo(dss.dss().apiOrigin() + "/v1/bundles/" + Seeder.EXAMPLE_BUNDLE_UUID + "?version="
            + Seeder.EXAMPLE_BUNDLE_VERSION + "&replica=aws");
    assertThat(hit.has("metadata")).isFalse();
    assertThat(r.json().get("total_hits").asInt()).isEqualTo(fqids.size());
    assertThat(r.json().get("es_query").toString()).contains("smoking_history");
    assertThat(search(README_QUERY.replace("brain", "liver-and-onions"), "").json().get("total_hits").asInt())
        .isLessThan(fqids.size());
  }

  @Test
  void pagesFollowTheLinkUntilEveryHitIsSeenOnceInDssOrder() {
    String all = "{\"es_query\": {}}";
    Http.Response first = search(all, "&per_page=10");
    int total = first.json().get("total_hits").asInt();
    assertThat(total).isEqualTo(46);
    List<String> seen = new ArrayList<>();
    List<Integer> statuses = new ArrayList<>();
    Http.Response page = first;
    while (true) {
      statuses.add(page.status());
      SpecConformance.assertConforms("POST", "/search", page);
      page.json().get("results").forEach(h -> seen.add(h.get("bundle_fqid").asText()));
      String link = page.header("Link");
      if (link == null) {
        break;
      }
      assertThat(link).endsWith("rel=\"next\"");
      page = Http.call("POST", link.replaceAll("^<([^>]+)>.*$", "$1"), all, null);
    }
    assertThat(statuses).containsExactly(206, 206, 206, 206, 200);
    assertThat(seen).hasSize(46);
    assertThat(new HashSet<>(seen)).hasSize(46);
    List<String> sorted = new ArrayList<>(seen);
    sorted.sort((a, b) -> b.compareTo(a));
    assertThat(seen).isEqualTo(sorted);
  }

  @Test
  void rawOutputCarriesTheIndexDocumentsTenAtATime() {
    Http.Response r = search("{\"es_query\": {\"query\": {\"exists\": {\"field\": \"files.donor_organism_json\"}}}}",
        "&output_format=raw&per_page=100");
    assertThat(r.status()).isEqualTo(206);
    assertThat(r.json().get("results")).hasSize(10);
    JsonNode doc = r.json().get("results").get(0).get("metadata");
    assertThat(doc.get("manifest").get("files").isArray()).isTrue();
    assertThat(doc.get("files").has("donor_organism_json")).isTrue();
    assertThat(doc.get("state").asText()).isEqualTo("new");
  }

  @Test
  void queriesOverKeywordsNumbersAndTextMatchTheSyntheticMetadata() {
    Http.Response range = search(
        "{\"es_query\": {\"query\": {\"range\": {\"files.donor_organism_json.synthetic_index\": {\"gte\": 10, \"lt\": 20}}}}}", "");
    assertThat(range.json().get("total_hits").asInt()).isEqualTo(10);
    Http.Response mouse = search(
        "{\"es_query\": {\"query\": {\"term\": {\"files.donor_organism_json.genus_species.text\": \"MUS MUSCULUS\"}}}}", "");
    Http.Response human = search(
        "{\"es_query\": {\"query\": {\"bool\": {\"must_not\": [{\"match\": {\"files.donor_organism_json.genus_species.text\": \"mus musculus\"}}],"
            + "\"filter\": [{\"exists\": {\"field\": \"files.donor_organism_json\"}}]}}}}", "");
    assertThat(mouse.json().get("total_hits").asInt() + human.json().get("total_hits").asInt()).isEqualTo(46);
    assertThat(mouse.json().get("total_hits").asInt()).isPositive();
  }

  @Test
  void unsupportedOrMalformedQueriesAre400NamingTheClause() {
    Http.Response fuzzy = search("{\"es_query\": {\"query\": {\"fuzzy\": {\"uuid\": \"abc\"}}}}", "");
    assertThat(fuzzy.status()).isEqualTo(400);
    assertThat(fuzzy.json().get("code").asText()).isEqualTo("elasticsearch_bad_request");
    assertThat(fuzzy.json().get("title").asText()).contains("fuzzy");
    Http.Response aggs = search("{\"es_query\": {\"aggs\": {}}}", "");
    assertThat(aggs.json().get("title").asText()).contains("aggs");
    assertThat(search("{\"es_query\": []}", "").status()).isEqualTo(400);
    assertThat(search("{}", "").status()).isEqualTo(400);
    assertThat(search("not json", "").status()).isEqualTo(400);
    assertThat(search("{\"es_query\": {}}", "&per_page=5").status()).isEqualTo(400);
    assertThat(search("{\"es_query\": {}}", "&per_page=501").status()).isEqualTo(400);
    Http.Response replica = Http.call("POST", dss.api() + "/search?replica=azure", "{\"es_query\": {}}", null);
    assertThat(replica.status()).isEqualTo(400);
    Http.Response after = search("{\"es_query\": {}}", "&search_after=nonsense");
    assertThat(after.status()).isEqualTo(400);
  }

  @Test
  void bothReplicasAnswerTheSameHits() {
    Set<String> aws = new HashSet<>();
    Set<String> gcp = new HashSet<>();
    Http.call("POST", dss.api() + "/search?replica=aws&per_page=100", "{\"es_query\": {}}", null)
        .json().get("results").forEach(h -> aws.add(h.get("bundle_fqid").asText()));
    Http.call("POST", dss.api() + "/search?replica=gcp&per_page=100", "{\"es_query\": {}}", null)
        .json().get("results").forEach(h -> gcp.add(h.get("bundle_fqid").asText()));
    assertThat(gcp).isEqualTo(aws).hasSize(46);
  }
}
