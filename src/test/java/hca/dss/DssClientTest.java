package hca.dss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hca.testing.LocalDssExtension;
import hca.testing.Staging;
import hca.transfer.Checksums;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** The typed methods of {@link DssClient} against a local DSS, authenticated by its service account. */
class DssClientTest {

  @RegisterExtension static LocalDssExtension dss = new LocalDssExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  static S3Client s3;

  @TempDir Path tmp;
  DssClient client;

  @BeforeAll
  static void s3() {
    s3 = Staging.s3(dss.dss());
  }

  @AfterAll
  static void closeS3() {
    s3.close();
  }

  @BeforeEach
  void client() {
    ClientFixture f = new ClientFixture(tmp, dss.api() + "/swagger.json");
    f.env.put(Credentials.KEY_FILE_VARIABLE, dss.dss().userKeyFile().toString());
    client = f.client();
  }

  /** Stages and registers a file through the client. */
  private BundleFileRef file(String name, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    String uuid = UUID.randomUUID().toString();
    String version = DssVersion.now();
    String src = Staging.stage(s3, "client/" + uuid, bytes, name.endsWith(".json") ? "application/json" : "text/plain");
    DssResponse r = client.putFile(uuid, version, src, 7);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return new BundleFileRef(uuid, version, name, name.endsWith(".json"));
  }

  private BundleFileRef bundle(List<BundleFileRef> files) {
    String uuid = UUID.randomUUID().toString();
    String version = DssVersion.now();
    DssResponse r = client.putBundle(uuid, version, "aws", files, 7);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return new BundleFileRef(uuid, version, null, false);
  }

  /** Skips the test when the local DSS does not serve this part of the API yet. */
  private static <T> T orSkipIfNotServed(Supplier<T> call) {
    try {
      return call.get();
    } catch (DssApiException e) {
      Assumptions.assumeFalse(e.status() == 404 && e.title().startsWith("No such API path"),
          "the local DSS does not serve this API yet: " + e.getMessage());
      throw e;
    }
  }

  @Test
  void theBaseUrlComesFromTheServedSpec() {
    assertThat(client.baseUrl()).isEqualTo(dss.api());
    assertThat(client.spec().operation("get-bundle")).isPresent();
  }

  @Test
  void aRegisteredFileIsReadBackWithItsChecksumsBytesAndStream() throws Exception {
    BundleFileRef f = file("hello.txt", "hello, cells\n");
    Checksums sums = Staging.sums("hello, cells\n".getBytes(StandardCharsets.UTF_8));

    FileHead head = client.headFile(f.uuid(), "aws", null);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.version()).isEqualTo(f.version());
    assertThat(head.sha256()).isEqualTo(sums.sha256());
    assertThat(head.size()).isEqualTo(13);
    assertThat(head.header("creator-uid")).isEqualTo("7");

    assertThat(client.getFile(f.uuid(), "aws", f.version())).asString(StandardCharsets.UTF_8).isEqualTo("hello, cells\n");
    try (InputStream in = client.getFileStream(f.uuid(), "gcp", null)) {
      assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("hello, cells\n");
    }
  }

  @Test
  void registeringTheSameFileVersionAgainAnswers200() {
    byte[] bytes = "same".getBytes(StandardCharsets.UTF_8);
    String uuid = UUID.randomUUID().toString();
    String version = DssVersion.now();
    String src = Staging.stage(s3, "client/same", bytes, "text/plain");
    assertThat(client.putFile(uuid, version, src, 7).status()).isEqualTo(201);
    DssResponse again = client.putFile(uuid, version, src, 7);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("version").asText()).isEqualTo(version);
  }

  @Test
  void anUnknownFileIsANotFoundErrorWithTheServersCodeAndTitle() {
    String uuid = UUID.randomUUID().toString();
    assertThatThrownBy(() -> client.getFile(uuid, "aws", null))
        .isInstanceOfSatisfying(DssApiException.class, e -> {
          assertThat(e.status()).isEqualTo(404);
          assertThat(e.code()).isEqualTo("not_found");
          assertThat(e).hasToString("not_found: Cannot find file! (HTTP 404)");
          assertThat(e.getMessage()).isEqualTo("not_found: Cannot find file! (HTTP 404)");
          assertThat(e.attempts()).isEqualTo(1);
        });
  }

  @Test
  void aBundleIsStoredReadPatchedAndDeleted() {
    BundleFileRef a = file("a.json", "{\"a\": 1}");
    BundleFileRef b = file("b.txt", "bee");
    BundleFileRef bundle = bundle(List.of(a));

    JsonNode got = client.getBundle(bundle.uuid(), "aws", null);
    assertThat(got.at("/bundle/version").asText()).isEqualTo(bundle.version());
    assertThat(got.at("/bundle/files")).singleElement().satisfies(e -> assertThat(e.get("name").asText()).isEqualTo("a.json"));

    JsonNode patched = client.patchBundle(bundle.uuid(), "aws", bundle.version(), List.of(b), List.of(a));
    String v2 = patched.get("version").asText();
    assertThat(v2).isNotEqualTo(bundle.version());
    JsonNode latest = client.getBundle(bundle.uuid(), "aws", v2);
    assertThat(latest.at("/bundle/files")).singleElement().satisfies(e -> assertThat(e.get("name").asText()).isEqualTo("b.txt"));

    client.deleteBundle(bundle.uuid(), "aws", null, "no longer needed");
    assertThatThrownBy(() -> client.getBundle(bundle.uuid(), "aws", null))
        .isInstanceOfSatisfying(DssApiException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void aCheckoutIsStartedAndPolledToItsLocation() throws Exception {
    BundleFileRef bundle = bundle(List.of(file("c.txt", "check me out")));
    String job = client.postBundlesCheckout(bundle.uuid(), "aws", bundle.version(), null, null)
        .get("checkout_job_id").asText();
    JsonNode status = client.getBundlesCheckout(job, "aws");
    // The checkout is a job on the server: poll it, as a client must.
    for (int i = 0; i < 200 && status.get("status").asText().equals("RUNNING"); i++) {
      Thread.sleep(25);
      status = client.getBundlesCheckout(job, "aws");
    }
    assertThat(status.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(status.get("location").asText())
        .isEqualTo("s3://dss-aws-checkout/bundles/" + bundle.uuid() + "." + bundle.version());
  }

  @Test
  void aCollectionIsCreatedReadPatchedAndDeleted() {
    BundleFileRef a = file("a.txt", "a");
    BundleFileRef b = file("b.txt", "b");
    String uuid = UUID.randomUUID().toString();
    String version = DssVersion.now();
    Map<String, String> linkA = Map.of("type", "file", "uuid", a.uuid(), "version", a.version());
    Map<String, String> linkB = Map.of("type", "file", "uuid", b.uuid(), "version", b.version());

    JsonNode created = client.putCollection(uuid, version, "aws", "mine", "some files",
        JSON.createObjectNode().put("k", 1), List.of(linkA));
    assertThat(created.get("uuid").asText()).isEqualTo(uuid);

    JsonNode got = client.getCollection(uuid, "aws", null);
    assertThat(got.get("name").asText()).isEqualTo("mine");
    assertThat(got.get("contents")).hasSize(1);

    JsonNode patched = client.patchCollection(uuid, "aws", version,
        Map.of("name", "renamed", "add_contents", List.of(linkB)));
    assertThat(patched.get("uuid").asText()).isEqualTo(uuid);
    JsonNode latest = client.getCollection(uuid, "aws", null);
    assertThat(latest.get("name").asText()).isEqualTo("renamed");
    assertThat(latest.get("contents")).hasSize(2);

    client.deleteCollection(uuid, "aws");
    assertThatThrownBy(() -> client.getCollection(uuid, "aws", null))
        .isInstanceOfSatisfying(DssApiException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void aSubscriptionIsRegisteredListedReadAndDeleted() {
    JsonNode query = JSON.createObjectNode().set("query", JSON.createObjectNode().set("match_all", JSON.createObjectNode()));
    JsonNode created = orSkipIfNotServed(() -> client.putSubscription("aws",
        Map.of("callback_url", "https://example.org/callback", "es_query", query)));
    String uuid = created.get("uuid").asText();

    // an es_query subscription is of the elasticsearch kind; the API's default kind is jmespath
    assertThatThrownBy(() -> client.getSubscription(uuid, "aws", null))
        .isInstanceOfSatisfying(DssApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    assertThat(client.getSubscription(uuid, "aws", "elasticsearch").get("callback_url").asText())
        .isEqualTo("https://example.org/callback");
    assertThat(client.getSubscriptions("aws", "elasticsearch").get("subscriptions").findValuesAsText("uuid"))
        .contains(uuid);
    client.deleteSubscription(uuid, "aws", "elasticsearch");
    assertThatThrownBy(() -> client.getSubscription(uuid, "aws", "elasticsearch"))
        .isInstanceOfSatisfying(DssApiException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void aSearchReturnsOnePageOfResults() {
    JsonNode query = JSON.createObjectNode().set("query", JSON.createObjectNode().set("match_all", JSON.createObjectNode()));
    JsonNode page = orSkipIfNotServed(() -> client.postSearch(query, "aws", null, null));
    assertThat(page.has("results")).isTrue();
    assertThat(page.has("total_hits")).isTrue();
  }

  @Test
  void anOperationIsCalledByItsNameWithArgumentsByParameterName() {
    BundleFileRef bundle = bundle(List.of(file("n.txt", "named")));
    DssResponse r = client.call("get-bundle", Map.of("uuid", bundle.uuid(), "replica", "aws"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.isJson()).isTrue();
    assertThat(r.json().at("/bundle/uuid").asText()).isEqualTo(bundle.uuid());
  }

  @Test
  void anUnknownOperationOrAMissingArgumentFailsBeforeSending() {
    long sent = client.http().requestsSent();
    assertThatThrownBy(() -> client.call("get_nothing", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the DSS API has no operation 'get_nothing'");
    assertThatThrownBy(() -> client.call("get_bundle", Map.of("uuid", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--replica");
    assertThat(client.http().requestsSent()).isEqualTo(sent);
  }
}
