package hca.localdss.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import hca.dss.DssVersion;
import hca.testing.DssCalls.FileRef;
import hca.testing.Http;
import hca.testing.LocalDssExtension;
import hca.testing.SpecConformance;
import hca.testing.SpecConformance.Deviation;
import hca.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /collections: owned lists of links to files, bundles, collections and metadata fragments. */
class CollectionsApiTest {

  @RegisterExtension static LocalDssExtension dss = new LocalDssExtension();


  private static String link(String type, String uuid, String version) {
    return "{\"type\": \"" + type + "\", \"uuid\": \"" + uuid + "\", \"version\": \"" + version + "\"}";
  }

  private static String body(String... links) {
    return "{\"name\": \"c\", \"description\": \"d\", \"details\": {\"k\": 1}, \"contents\": ["
        + String.join(",", links) + "]}";
  }

  private static Http.Response put(String uuid, String version, String body, String token) {
    return Http.call(
        "PUT", dss.api() + "/collections?replica=aws&uuid=" + uuid + "&version=" + version, body, token);
  }

  @Test
  void aCollectionOfAFileABundleAndAFragmentIsStoredDeduplicatedAndReadBack() {
    FileRef json = dss.calls().file("{\"organ\": {\"text\": \"brain\"}}".getBytes(StandardCharsets.UTF_8), "application/json");
    String bundle = UUID.randomUUID().toString();
    String bv = DssVersion.now();
    assertThat(dss.calls().putBundle(bundle, bv, Map.of("o.json", json), "aws").status()).isEqualTo(201);
    String uuid = UUID.randomUUID().toString();
    String version = DssVersion.now();
    String fragment =
        "{\"type\": \"organ\", \"uuid\": \"" + json.uuid() + "\", \"version\": \"" + json.version() + "\", \"fragment\": \"/organ/text\"}";
    Http.Response r =
        put(uuid, version, body(link("file", json.uuid(), json.version()), link("bundle", bundle, bv), fragment,
            link("file", json.uuid(), json.version())), dss.token());
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.json().get("uuid").asText()).isEqualTo(uuid);
    assertThat(r.json().get("version").asText()).isEqualTo(version);
    SpecConformance.assertConforms("PUT", "/collections", r);

    Http.Response get = Http.call("GET", dss.api() + "/collections/" + uuid + "?replica=gcp", null, dss.token());
    assertThat(get.status()).isEqualTo(200);
    JsonNode c = get.json();
    assertThat(c.get("owner").asText()).isEqualTo(dss.dss().userKey().clientEmail());
    assertThat(c.get("contents")).hasSize(3);
    assertThat(c.get("details").get("k").asInt()).isEqualTo(1);
    SpecConformance.assertConforms("GET", "/collections/" + uuid, get, Deviation.UNWRAPPED_OBJECT);
  }

  @Test
  void linksToNothingAre422InvalidLink() {
    String missing = link("bundle", UUID.randomUUID().toString(), DssVersion.now());
    Http.Response r = put(UUID.randomUUID().toString(), DssVersion.now(), body(missing), dss.token());
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().get("code").asText()).isEqualTo("invalid_link");
    FileRef json = dss.calls().file("{\"a\": 1}".getBytes(StandardCharsets.UTF_8), "application/json");
    String badFragment =
        "{\"type\": \"x\", \"uuid\": \"" + json.uuid() + "\", \"version\": \"" + json.version() + "\", \"fragment\": \"/nope\"}";
    assertThat(put(UUID.randomUUID().toString(), DssVersion.now(), body(badFragment), dss.token()).status()).isEqualTo(422);
    String noPointer = link("x", json.uuid(), json.version());
    assertThat(put(UUID.randomUUID().toString(), DssVersion.now(), body(noPointer), dss.token()).status()).isEqualTo(422);
    Http.Response badVersion = put(UUID.randomUUID().toString(), DssVersion.now(), body(link("file", json.uuid(), "now")), dss.token());
    assertThat(badVersion.json().get("code").asText()).isEqualTo("illegal_version");
  }

  @Test
  void patchAddsAndRemovesLinksAndOthersCannotReadOrChangeIt() {
    FileRef a = dss.calls().file("a".getBytes(StandardCharsets.UTF_8), "text/plain");
    FileRef b = dss.calls().file("b".getBytes(StandardCharsets.UTF_8), "text/plain");
    String uuid = UUID.randomUUID().toString();
    String v1 = DssVersion.now();
    assertThat(put(uuid, v1, body(link("file", a.uuid(), a.version())), dss.token()).status()).isEqualTo(201);
    String patch =
        "{\"name\": \"renamed\", \"add_contents\": [" + link("file", b.uuid(), b.version()) + "], \"remove_contents\": ["
            + link("file", a.uuid(), a.version()) + "]}";
    Http.Response r = Http.call("PATCH", dss.api() + "/collections/" + uuid + "?replica=aws&version=" + v1, patch, dss.token());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    SpecConformance.assertConforms("PATCH", "/collections/" + uuid, r);
    JsonNode latest = Http.call("GET", dss.api() + "/collections/" + uuid + "?replica=aws", null, dss.token()).json();
    assertThat(latest.get("name").asText()).isEqualTo("renamed");
    assertThat(latest.get("contents")).hasSize(1);
    assertThat(latest.get("contents").get(0).get("uuid").asText()).isEqualTo(b.uuid());

    String stranger =
        Tokens.mint(dss.dss().userKey(), c -> c.put("https://auth.data.humancellatlas.org/email", "other@example.org"));
    Http.Response forbidden = Http.call("GET", dss.api() + "/collections/" + uuid + "?replica=aws", null, stranger);
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.json().get("code").asText()).isEqualTo("forbidden");
    assertThat(Http.call("DELETE", dss.api() + "/collections/" + uuid + "?replica=aws", null, stranger).status()).isEqualTo(403);
    String notHca = Tokens.mint(dss.dss().userKey(), c -> c.put("https://auth.data.humancellatlas.org/group", "public"));
    assertThat(Http.call("GET", dss.api() + "/collections/" + uuid + "?replica=aws", null, notHca).status()).isEqualTo(403);
    assertThat(Http.call("GET", dss.api() + "/collections/" + uuid + "?replica=aws", null, null).status()).isEqualTo(401);
  }

  @Test
  void deleteTombstonesTheCollectionAndASecondDeleteIs404() {
    FileRef a = dss.calls().file("del".getBytes(StandardCharsets.UTF_8), "text/plain");
    String uuid = UUID.randomUUID().toString();
    assertThat(put(uuid, DssVersion.now(), body(link("file", a.uuid(), a.version())), dss.token()).status()).isEqualTo(201);
    Http.Response del = Http.call("DELETE", dss.api() + "/collections/" + uuid + "?replica=aws", null, dss.token());
    assertThat(del.status()).isEqualTo(200);
    assertThat(del.json().size()).isZero();
    SpecConformance.assertConforms("DELETE", "/collections/" + uuid, del, Deviation.EMPTY_OBJECT_BODY);
    assertThat(Http.call("GET", dss.api() + "/collections/" + uuid + "?replica=aws", null, dss.token()).status()).isEqualTo(404);
    assertThat(Http.call("DELETE", dss.api() + "/collections/" + uuid + "?replica=aws", null, dss.token()).status()).isEqualTo(404);
  }

  @Test
  void theCallersCollectionsAreListedInPages() {
    FileRef a = dss.calls().file("listed".getBytes(StandardCharsets.UTF_8), "text/plain");
    String owner = "lister-" + UUID.randomUUID() + "@example.org";
    String token = Tokens.mint(dss.dss().userKey(), c -> c.put("https://auth.data.humancellatlas.org/email", owner));
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String uuid = UUID.randomUUID().toString();
      made.add(uuid);
      assertThat(put(uuid, DssVersion.now(), body(link("file", a.uuid(), a.version())), token).status()).isEqualTo(201);
    }
    Http.Response first = Http.call("GET", dss.api() + "/collections?per_page=10", null, token);
    assertThat(first.status()).isEqualTo(206);
    SpecConformance.assertConforms("GET", "/collections", first);
    String next = first.header("Link").replaceAll("^<([^>]+)>.*$", "$1");
    Http.Response second = Http.call("GET", next, null, token);
    assertThat(second.status()).isEqualTo(200);
    List<String> seen = new ArrayList<>();
    first.json().get("collections").forEach(c -> seen.add(c.get("uuid").asText()));
    second.json().get("collections").forEach(c -> seen.add(c.get("uuid").asText()));
    assertThat(seen).containsExactlyInAnyOrderElementsOf(made);
  }
}
