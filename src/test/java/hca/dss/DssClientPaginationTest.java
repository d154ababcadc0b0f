package hca.dss;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hca.testing.LocalDssExtension;
import hca.testing.Staging;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** Listings followed page by page: joined by {@link DssClient#call}, lazily by {@link DssClient#iterate}. */
class DssClientPaginationTest {

  @RegisterExtension
  static LocalDssExtension dss =
      new LocalDssExtension(o -> o.withSeeds(List.of("synthetic:bundles=30,files=0")));

  @TempDir static Path tmp;
  static DssClient client;
  static String bigBundle;
  static final int FILES = 25;

  @BeforeAll
  static void aBundleOf25Files() {
    ClientFixture f = new ClientFixture(tmp, dss.api() + "/swagger.json");
    f.env.put(Credentials.KEY_FILE_VARIABLE, dss.dss().userKeyFile().toString());
    client = f.client();
    List<BundleFileRef> files = new ArrayList<>();
    try (S3Client s3 = Staging.s3(dss.dss())) {
      for (int i = 0; i < FILES; i++) {
        String uuid = UUID.randomUUID().toString();
        String version = DssVersion.now();
        byte[] content = ("file " + i).getBytes(StandardCharsets.UTF_8);
        String src = Staging.stage(s3, "pages/" + uuid, content, "text/plain");
        assertThat(client.putFile(uuid, version, src, 1).status()).isEqualTo(201);
        files.add(new BundleFileRef(uuid, version, String.format("f%02d.txt", i), false));
      }
    }
    bigBundle = UUID.randomUUID().toString();
    assertThat(client.putBundle(bigBundle, DssVersion.now(), "aws", files, 1).status()).isEqualTo(201);
  }

  @Test
  void getBundleJoinsTheFilesOfEveryPage() {
    DssResponse r = client.call("get_bundle", Map.of("uuid", bigBundle, "replica", "aws", "per_page", 10));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.attempts()).isEqualTo(3);
    List<String> names = r.json().at("/bundle/files").findValuesAsText("name");
    assertThat(names).hasSize(FILES).doesNotHaveDuplicates().contains("f00.txt", "f24.txt");
    // Only the paginated array changes: no stray "bundle.files" key as the original client added.
    assertThat(r.json().fieldNames()).toIterable().containsExactly("bundle");
  }

  @Test
  void onePageIsReturnedWhenOnlyOneIsAskedFor() {
    DssResponse r = client.callPage("get_bundle", Map.of("uuid", bigBundle, "replica", "aws", "per_page", 10));
    assertThat(r.status()).isEqualTo(206);
    assertThat(r.header("Link")).contains("rel='next'");
    assertThat(r.json().at("/bundle/files")).hasSize(10);
  }

  @Test
  void theTypedGetBundleReturnsEveryFile() {
    assertThat(client.getBundle(bigBundle, "aws", null).at("/bundle/files")).hasSize(FILES);
  }

  @Test
  void bundleFilesAreIteratedOnePageAtATime() {
    long before = client.http().requestsSent();
    Iterator<JsonNode> files = client.iterate("get_bundle", Map.of("uuid", bigBundle, "replica", "aws", "per_page", 10));
    assertThat(client.http().requestsSent()).as("nothing is fetched before it is asked for").isEqualTo(before);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      names.add(files.next().get("name").asText());
    }
    assertThat(client.http().requestsSent()).isEqualTo(before + 1);
    names.add(files.next().get("name").asText());
    assertThat(client.http().requestsSent()).isEqualTo(before + 2);
    files.forEachRemaining(f -> names.add(f.get("name").asText()));
    assertThat(client.http().requestsSent()).isEqualTo(before + 3);
    assertThat(names).hasSize(FILES).doesNotHaveDuplicates();
  }

  @Test
  void allBundlesAreListedAcrossPages() {
    DssResponse joined = client.call("get_bundles_all", Map.of("replica", "aws", "per_page", 10));
    Set<String> uuids = new HashSet<>(joined.json().get("bundles").findValuesAsText("uuid"));
    // 30 seeded bundles and the one made above.
    assertThat(uuids).hasSize(31).contains(bigBundle);
    assertThat(joined.attempts()).isGreaterThanOrEqualTo(4);

    Set<String> streamed = client.items("get_bundles_all", Map.of("replica", "aws", "per_page", 10))
        .map(b -> b.get("uuid").asText())
        .collect(Collectors.toSet());
    assertThat(streamed).isEqualTo(uuids);
  }

  @Test
  void searchAllFollowsEveryPageOfHits() {
    JsonNode query = new ObjectMapper().createObjectNode()
        .set("query", new ObjectMapper().createObjectNode().set("match_all", new ObjectMapper().createObjectNode()));
    Iterator<JsonNode> hits;
    try {
      hits = client.searchAll(query, "aws");
      hits.hasNext();
    } catch (DssApiException e) {
      Assumptions.assumeFalse(e.status() == 404 && e.title().startsWith("No such API path"),
          "the local DSS does not serve POST /search yet");
      throw e;
    }
    Set<String> fqids = new HashSet<>();
    hits.forEachRemaining(h -> fqids.add(h.get("bundle_fqid").asText()));
    assertThat(fqids).hasSizeGreaterThanOrEqualTo(30);
  }
}
