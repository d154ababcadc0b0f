package hca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import hca.dss.DssVersion;
import hca.localdss.Seeder;
import hca.testing.CallbackReceiver;
import hca.testing.LocalDssExtension;
import hca.testing.Staging;
import hca.transfer.Checksums;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** Every generated {@code hca dss} command against a running local DSS, as a user runs them. */
class DssCommandsTest {

  @RegisterExtension
  static LocalDssExtension dss =
      new LocalDssExtension(o -> o.withSeeds(List.of("example", "synthetic:bundles=25,files=0")));

  @TempDir static Path tmp;
  static S3Client s3;
  static CliRunner hca;

  @BeforeAll
  static void setUp() throws Exception {
    s3 = Staging.s3(dss.dss());
    hca = new CliRunner(tmp.resolve("home"), dss.api())
        .env("GOOGLE_APPLICATION_CREDENTIALS", dss.dss().userKeyFile().toString());
  }

  @AfterAll
  static void tearDown() {
    s3.close();
  }

  private static CliRunner.Result ok(String... args) {
    CliRunner.Result r = hca.dss(args);
    assertThat(r.code()).as(String.join(" ", args) + "\n" + r).isZero();
    return r;
  }

  private static String fileJson(String uuid, String version, String name) {
    return "{\"uuid\": \"" + uuid + "\", \"version\": \"" + version + "\", \"name\": \"" + name + "\", \"indexed\": " + name.endsWith(".json") + "}";
  }

  @Test
  void filesAndBundlesGoThroughTheirWholeLifeFromTheCommandLine() throws Exception {
    byte[] content = "{\"organ\": {\"text\": \"spleen\"}}".getBytes(StandardCharsets.UTF_8);
    Checksums sums = Staging.sums(content);
    String src = Staging.stage(s3, "cli/organ.json", content, "application/json");
    String file = UUID.randomUUID().toString();
    String version = DssVersion.now();

    JsonNode put = ok("dss", "put-file", "--uuid", file, "--version", version, "--source-url", src, "--creator-uid", "7").json();
    assertThat(put.get("version").asText()).isEqualTo(version);

    JsonNode head = ok("dss", "head-file", "--uuid", file, "--replica", "aws").json();
    assertThat(head.get("X-DSS-SHA256").asText()).isEqualTo(sums.sha256());
    assertThat(head.get("X-DSS-CREATOR-UID").asText()).isEqualTo("7");

    assertThat(ok("dss", "get-file", "--uuid", file, "--replica", "gcp").stdout()).isEqualTo(content);
    Path out = tmp.resolve("got/organ.json");
    assertThat(ok("dss", "get-file", "--uuid", file, "--replica", "aws", "--output", out.toString()).stdout()).isEmpty();
    assertThat(Files.readAllBytes(out)).isEqualTo(content);

    String bundle = UUID.randomUUID().toString();
    JsonNode pb = ok("dss", "put-bundle", "--uuid", bundle, "--version", version, "--replica", "aws", "--creator-uid", "7",
        "--files", fileJson(file, version, "organ.json"), fileJson(file, version, "copy/organ.json")).json();
    assertThat(pb.get("manifest").get("files")).hasSize(2);

    JsonNode gb = ok("dss", "get-bundle", "--uuid", bundle, "--replica", "aws").json();
    assertThat(gb.get("bundle").get("files")).hasSize(2);
    assertThat(gb.get("bundle").get("files").get(0).get("sha256").asText()).isEqualTo(sums.sha256());

    JsonNode patched = ok("dss", "patch-bundle", "--uuid", bundle, "--replica", "aws", "--version", version,
        "--remove-files", fileJson(file, version, "copy/organ.json")).json();
    String v2 = patched.get("version").asText();
    assertThat(ok("dss", "get-bundle", "--uuid", bundle, "--replica", "aws", "--version", v2).json()
        .get("bundle").get("files")).hasSize(1);

    JsonNode all = ok("dss", "get-bundles-all", "--replica", "aws", "--prefix", bundle.substring(0, 8)).json();
    assertThat(all.get("bundles").toString()).contains(bundle);

    String job = ok("dss", "post-bundles-checkout", "--uuid", bundle, "--replica", "aws").json().get("checkout_job_id").asText();
    String status = "RUNNING";
    for (int i = 0; i < 100 && status.equals("RUNNING"); i++) {
      status = ok("dss", "get-bundles-checkout", "--checkout-job-id", job, "--replica", "aws").json().get("status").asText();
    }
    assertThat(status).isEqualTo("SUCCEEDED");

    JsonNode event = ok("dss", "get-event", "--uuid", bundle, "--version", version, "--replica", "aws").json();
    assertThat(event.get("files").has("organ_json")).isTrue();
    JsonNode events = ok("dss", "get-events", "--replica", "aws").json();
    assertThat(events.get("event_streams").size()).isPositive();

    assertThat(ok("dss", "delete-bundle", "--uuid", bundle, "--replica", "aws", "--reason", "done").out()).contains("{");
    CliRunner.Result gone = hca.dss("dss", "get-bundle", "--uuid", bundle, "--replica", "aws");
    assertThat(gone.code()).isEqualTo(ExitCodes.API_ERROR);
    assertThat(gone.stderr().strip()).isEqualTo("not_found: Cannot find bundle! (HTTP 404)");
    assertThat(gone.stdout()).isEmpty();
  }

  @Test
  void searchResultsAndBundleFilesArePagedToTheEndUnlessAskedNotTo() {
    String donors = "{\"query\": {\"exists\": {\"field\": \"files.donor_organism_json\"}}}";
    JsonNode all = ok("dss", "post-search", "--replica", "aws", "--per-page", "10", "--es-query", donors).json();
    assertThat(all.get("results")).hasSize(26);
    assertThat(all.get("total_hits").asInt()).isEqualTo(26);
    List<String> keys = new ArrayList<>();
    all.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("es_query", "results", "total_hits");
    JsonNode first = ok("dss", "post-search", "--replica", "aws", "--per-page", "10", "--es-query", donors, "--no-paginate").json();
    assertThat(first.get("results")).hasSize(10);

    JsonNode readme = ok("dss", "post-search", "--replica", "aws", "--es-query",
        "{\"query\": {\"match\": {\"files.specimen_from_organism_json.organ.text\": \"brain\"}}}").json();
    assertThat(readme.get("results").toString()).contains(Seeder.EXAMPLE_BUNDLE_UUID);

    JsonNode bundle = ok("dss", "get-bundle", "--uuid", Seeder.EXAMPLE_BUNDLE_UUID, "--replica", "aws", "--per-page", "10").json();
    assertThat(bundle.get("bundle").get("files")).hasSize(16);
    assertThat(bundle.has("bundle.files")).isFalse();
    assertThat(bundle.size()).isEqualTo(1);
    JsonNode page = ok("dss", "get-bundle", "--uuid", Seeder.EXAMPLE_BUNDLE_UUID, "--replica", "aws", "--per-page", "10", "--no-paginate").json();
    assertThat(page.get("bundle").get("files")).hasSize(10);
  }

  @Test
  void collectionsAreManagedWithOptionalArrayFlags() {
    String file = Seeder.EXAMPLE_BUNDLE_UUID;
    String uuid = UUID.randomUUID().toString();
    String version = DssVersion.now();
    String link = "{\"type\": \"bundle\", \"uuid\": \"" + file + "\", \"version\": \"" + Seeder.EXAMPLE_BUNDLE_VERSION + "\"}";
    ok("dss", "put-collection", "--uuid", uuid, "--version", version, "--replica", "aws", "--name", "mine",
        "--description", "a test", "--details", "{\"k\": 1}", "--contents", link);
    assertThat(ok("dss", "get-collection", "--uuid", uuid, "--replica", "aws").json().get("name").asText()).isEqualTo("mine");
    JsonNode patched = ok("dss", "patch-collection", "--uuid", uuid, "--replica", "aws", "--version", version,
        "--name", "renamed", "--remove-contents", link).json();
    JsonNode c = ok("dss", "get-collection", "--uuid", uuid, "--replica", "aws", "--version", patched.get("version").asText()).json();
    assertThat(c.get("name").asText()).isEqualTo("renamed");
    assertThat(c.get("contents")).isEmpty();
    ok("dss", "patch-collection", "--uuid", uuid, "--replica", "aws", "--version", patched.get("version").asText(),
        "--add-contents", link);
    assertThat(ok("dss", "get-collections").json().get("collections").toString()).contains(uuid);
    ok("dss", "delete-collection", "--uuid", uuid, "--replica", "aws");
    assertThat(hca.dss("dss", "get-collection", "--uuid", uuid, "--replica", "aws").code()).isEqualTo(ExitCodes.API_ERROR);
  }

  @Test
  void subscriptionsAreCreatedReadListedAndDeleted() throws Exception {
    try (CallbackReceiver receiver = new CallbackReceiver()) {
      JsonNode sub = ok("dss", "put-subscription", "--replica", "aws", "--callback-url", receiver.url("/cb"),
          "--jmespath-query", "event_type=='CREATE'", "--hmac-secret-key", "k").json();
      String uuid = sub.get("uuid").asText();
      assertThat(ok("dss", "get-subscription", "--uuid", uuid, "--replica", "aws").json().get("callback_url").asText())
          .isEqualTo(receiver.url("/cb"));
      assertThat(ok("dss", "get-subscriptions", "--replica", "aws").json().get("subscriptions").toString()).contains(uuid);
      assertThat(ok("dss", "delete-subscription", "--uuid", uuid, "--replica", "aws").json().has("timeDeleted")).isTrue();
    }
  }
}
