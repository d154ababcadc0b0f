package hca.localdss.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import hca.dss.DssVersion;
import hca.localdss.auth.ServiceAccountKey;
import hca.testing.DssCalls.FileRef;
import hca.testing.Http;
import hca.testing.LocalDssExtension;
import hca.testing.SpecConformance;
import hca.testing.Staging;
import hca.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** PUT, PATCH, GET, DELETE /bundles/{uuid}, GET /bundles/all and checkouts. */
class BundlesApiTest {

  @RegisterExtension static LocalDssExtension dss = new LocalDssExtension();


  private static FileRef file(String text) {
    return dss.calls().file(text.getBytes(StandardCharsets.UTF_8), text.startsWith("{") ? "application/json" : "text/plain");
  }

  private static String next(Http.Response r) {
    String link = r.header("Link");
    if (link == null) {
      return null;
    }
    Matcher m = Pattern.compile("<([^>]+)>;\\s*rel=['\"]next['\"]").matcher(link);
    assertThat(m.find()).as(link).isTrue();
    return m.group(1);
  }

  @Test
  void aStoredBundleIsServedWithItsFilesChecksumsAndVersion() {
    FileRef json = file("{\"a\": 1}");
    FileRef data = file("data bytes");
    String uuid = UUID.randomUUID().toString();
    String version = DssVersion.now();
    Map<String, FileRef> files = new LinkedHashMap<>();
    files.put("meta/a.json", json);
    files.put("data.txt", data);

    Http.Response put = dss.calls().putBundle(uuid, version, files, "aws");
    assertThat(put.status()).as(put.toString()).isEqualTo(201);
    assertThat(put.json().get("version").asText()).isEqualTo(version);
    JsonNode manifest = put.json().get("manifest");
    assertThat(manifest.get("files")).hasSize(2);
    assertThat(manifest.get("files").get(0).get("s3-etag").asText()).isEqualTo(Staging.sums(json.content()).s3Etag());
    SpecConformance.assertConforms("PUT", "/bundles/" + uuid, put);

    for (String replica : List.of("aws", "gcp")) {
      Http.Response get = Http.get(dss.api() + "/bundles/" + uuid + "?replica=" + replica);
      assertThat(get.status()).as(replica + " " + get).isEqualTo(200);
      SpecConformance.assertConforms("GET", "/bundles/" + uuid, get);
      JsonNode bundle = get.json().get("bundle");
      assertThat(bundle.get("uuid").asText()).isEqualTo(uuid);
      assertThat(bundle.get("version").asText()).isEqualTo(version);
      assertThat(bundle.get("creator_uid").asInt()).isEqualTo(1);
      JsonNode f0 = bundle.get("files").get(0);
      assertThat(f0.get("name").asText()).isEqualTo("meta/a.json");
      assertThat(f0.get("indexed").asBoolean()).isTrue();
      assertThat(f0.get("content-type").asText()).isEqualTo("application/json");
      assertThat(f0.get("sha256").asText()).isEqualTo(Staging.sums(json.content()).sha256());
      assertThat(f0.get("s3_etag").asText()).isEqualTo(Staging.sums(json.content()).s3Etag());
      assertThat(f0.get("size").asInt()).isEqualTo(json.content().length);
      assertThat(bundle.get("files").get(1).get("indexed").asBoolean()).isFalse();
    }

    assertThat(dss.calls().putBundle(uuid, version, files, "aws").status()).isEqualTo(200);
    Map<String, FileRef> changed = new LinkedHashMap<>(files);
    changed.put("extra.txt", data);
    Http.Response conflict = dss.calls().putBundle(uuid, version, changed, "aws");
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.json().get("code").asText()).isEqualTo("bundle_already_exists");
  }

  @Test
  void missingFilesDuplicateNamesAndHostileNamesAre400AndStoreNothing() {
    FileRef data = file("x");
    String uuid = UUID.randomUUID().toString();
    String version = DssVersion.now();
    FileRef ghost = new FileRef(UUID.randomUUID().toString(), DssVersion.now(), new byte[0]);
    Http.Response missing = dss.calls().putBundle(uuid, version, Map.of("ghost", ghost), "aws");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().get("code").asText()).isEqualTo("file_missing");

    String dup =
        "{\"creator_uid\": 1, \"files\": ["
            + "{\"uuid\": \"" + data.uuid() + "\", \"version\": \"" + data.version() + "\", \"name\": \"a\", \"indexed\": false},"
            + "{\"uuid\": \"" + data.uuid() + "\", \"version\": \"" + data.version() + "\", \"name\": \"a\", \"indexed\": false}]}";
    Http.Response duplicate =
        Http.call("PUT", dss.api() + "/bundles/" + uuid + "?replica=aws&version=" + version, dup, dss.token());
    assertThat(duplicate.status()).isEqualTo(400);
    assertThat(duplicate.json().get("code").asText()).isEqualTo("duplicate_filename");

    for (String hostile : List.of("..", "/etc/passwd", "a\\b", "a/../../b", "./x", "~/x", "a//b", "nul\u0000byte", "tab\tname", ".")) {
      Http.Response r = dss.calls().putBundle(uuid, version, Map.of(hostile, data), "aws");
      assertThat(r.status()).as(hostile).isEqualTo(400);
      assertThat(r.json().get("code").asText()).as(hostile).isEqualTo("illegal_arguments");
    }
    assertThat(Http.get(dss.api() + "/bundles/" + uuid + "?replica=aws").status()).isEqualTo(404);
  }

  @Test
  void badQueryParametersAre400() {
    String uuid = UUID.randomUUID().toString();
    Http.Response perPage = Http.get(dss.api() + "/bundles/" + uuid + "?replica=aws&per_page=9");
    assertThat(perPage.status()).isEqualTo(400);
    assertThat(perPage.json().get("code").asText()).isEqualTo("illegal_arguments");
    assertThat(Http.get(dss.api() + "/bundles/" + uuid + "?replica=aws&per_page=501").status()).isEqualTo(400);
    assertThat(Http.get(dss.api() + "/bundles/" + uuid + "?replica=aws&per_page=ten").status()).isEqualTo(400);
    Http.Response both = Http.get(dss.api() + "/bundles/" + uuid + "?replica=aws&directurls=true&presignedurls=true");
    assertThat(both.json().get("code").asText()).isEqualTo("only_one_urltype");
    Http.Response noReplica = Http.get(dss.api() + "/bundles/" + uuid);
    assertThat(noReplica.status()).isEqualTo(400);
    Http.Response badVersion =
        Http.call("PUT", dss.api() + "/bundles/" + uuid + "?replica=aws&version=yesterday", "{\"files\":[],\"creator_uid\":1}", dss.token());
    assertThat(badVersion.json().get("code").asText()).isEqualTo("illegal_version");
    Http.Response wrongType =
        Http.call("PUT", dss.api() + "/bundles/" + uuid + "?replica=aws&version=" + DssVersion.now(), "{\"files\": {}, \"creator_uid\": 1}", dss.token());
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(wrongType.json().get("title").asText()).contains("files");
  }

  @Test
  void bundleFilesArePagedWithLinksAndThePagesAddUpToTheBundle() {
    FileRef data = file("page me");
    Map<String, FileRef> files = new LinkedHashMap<>();
    for (int i = 0; i < 25; i++) {
      files.put(String.format("f%02d", i), data);
    }
    String uuid = UUID.randomUUID().toString();
    assertThat(dss.calls().putBundle(uuid, DssVersion.now(), files, "aws").status()).isEqualTo(201);
    List<String> names = new ArrayList<>();
    String url = dss.api() + "/bundles/" + uuid + "?replica=aws&per_page=10";
    List<Integer> statuses = new ArrayList<>();
    while (url != null) {
      Http.Response r = Http.get(url);
      statuses.add(r.status());
      SpecConformance.assertConforms("GET", "/bundles/" + uuid, r);
      assertThat(r.header("X-OpenAPI-Paginated-Content-Key")).isEqualTo("bundle.files");
      r.json().get("bundle").get("files").forEach(f -> names.add(f.get("name").asText()));
      url = next(r);
      if (url != null) {
        assertThat(r.header("Link")).endsWith("rel='next'");
      }
    }
    assertThat(statuses).containsExactly(206, 206, 200);
    assertThat(names).containsExactlyElementsOf(files.keySet());
  }

  @Test
  void presignedAndDirectUrlsPointAtEachFile() {
    FileRef data = file("presigned content");
    String uuid = UUID.randomUUID().toString();
    assertThat(dss.calls().putBundle(uuid, DssVersion.now(), Map.of("d.txt", data), "aws").status()).isEqualTo(201);
    Http.Response presigned = Http.get(dss.api() + "/bundles/" + uuid + "?replica=aws&presignedurls=true");
    String url = presigned.json().get("bundle").get("files").get(0).get("url").asText();
    assertThat(Http.get(url).body()).isEqualTo(data.content());
    Http.Response direct = Http.get(dss.api() + "/bundles/" + uuid + "?replica=aws&directurls=true");
    assertThat(direct.json().get("bundle").get("files").get(0).get("url").asText()).startsWith("s3://dss-aws/blobs/");
  }

  @Test
  void patchMakesANewVersionWithFilesAddedAndRemoved() {
    FileRef a = file("a");
    FileRef b = file("b");
    String uuid = UUID.randomUUID().toString();
    String v1 = DssVersion.now();
    assertThat(dss.calls().putBundle(uuid, v1, Map.of("a.txt", a), "aws").status()).isEqualTo(201);
    String patch =
        "{\"add_files\": [{\"uuid\": \"" + b.uuid() + "\", \"version\": \"" + b.version() + "\", \"name\": \"b.txt\", \"indexed\": false}],"
            + "\"remove_files\": [{\"uuid\": \"" + a.uuid() + "\", \"version\": \"" + a.version() + "\", \"name\": \"a.txt\", \"indexed\": false}]}";
    Http.Response r = Http.call("PATCH", dss.api() + "/bundles/" + uuid + "?replica=aws&version=" + v1, patch, dss.token());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    SpecConformance.assertConforms("PATCH", "/bundles/" + uuid, r);
    String v2 = r.json().get("version").asText();
    assertThat(v2).isGreaterThan(v1);
    JsonNode latest = Http.get(dss.api() + "/bundles/" + uuid + "?replica=aws").json().get("bundle");
    assertThat(latest.get("version").asText()).isEqualTo(v2);
    assertThat(latest.get("files")).hasSize(1);
    assertThat(latest.get("files").get(0).get("name").asText()).isEqualTo("b.txt");
    Http.Response base = Http.get(dss.api() + "/bundles/" + uuid + "?replica=aws&version=" + v1);
    assertThat(base.json().get("bundle").get("files").get(0).get("name").asText()).isEqualTo("a.txt");

    Http.Response missingBase =
        Http.call("PATCH", dss.api() + "/bundles/" + UUID.randomUUID() + "?replica=aws&version=" + v1, "{}", dss.token());
    assertThat(missingBase.status()).isEqualTo(404);
    String ghost =
        "{\"add_files\": [{\"uuid\": \"" + UUID.randomUUID() + "\", \"version\": \"" + v1 + "\", \"name\": \"g\", \"indexed\": false}]}";
    Http.Response missingFile = Http.call("PATCH", dss.api() + "/bundles/" + uuid + "?replica=aws&version=" + v1, ghost, dss.token());
    assertThat(missingFile.status()).isEqualTo(400);
    assertThat(missingFile.json().get("code").asText()).isEqualTo("file_missing");
  }

  @Test
  void deletingNeedsAnAdminAndLeavesATombstoneThatHidesTheBundle(@TempDir Path dir) throws Exception {
    FileRef a = file("doomed");
    String uuid = UUID.randomUUID().toString();
    String v1 = "2019-01-01T000000.000000Z";
    String v2 = "2019-01-02T000000.000000Z";
    assertThat(dss.calls().putBundle(uuid, v1, Map.of("a", a), "aws").status()).isEqualTo(201);
    assertThat(dss.calls().putBundle(uuid, v2, Map.of("a", a), "aws").status()).isEqualTo(201);
    String url = dss.api() + "/bundles/" + uuid + "?replica=aws";

    ServiceAccountKey other = ServiceAccountKey.generate(
        dss.dataDir().resolve("credentials").resolve("not-admin.json"), "someone@hca-local.iam.gserviceaccount.com", "x");
    // keys dropped into the credentials folder are trusted at the next start; this one is not yet
    Http.Response untrusted = Http.call("DELETE", url, "{\"reason\": \"x\"}", Tokens.mint(other));
    assertThat(untrusted.status()).isEqualTo(403);

    Http.Response noReason = Http.call("DELETE", url + "&version=" + v2, "{}", dss.token());
    assertThat(noReason.status()).isEqualTo(400);

    Http.Response del = Http.call("DELETE", url + "&version=" + v2, "{\"reason\": \"bad data\"}", dss.token());
    assertThat(del.status()).isEqualTo(200);
    assertThat(del.json().size()).isZero();
    SpecConformance.assertConforms("DELETE", "/bundles/" + uuid, del);
    assertThat(Http.get(url).json().get("bundle").get("version").asText()).isEqualTo(v1);
    assertThat(Http.get(url + "&version=" + v2).status()).isEqualTo(404);
    assertThat(Http.call("DELETE", url + "&version=" + v2, "{\"reason\": \"bad data\"}", dss.token()).status()).isEqualTo(200);
    Http.Response different = Http.call("DELETE", url + "&version=" + v2, "{\"reason\": \"other\"}", dss.token());
    assertThat(different.status()).isEqualTo(409);
    assertThat(different.json().get("code").asText()).isEqualTo("bundle_tombstone_already_exists");

    assertThat(Http.call("DELETE", url, "{\"reason\": \"all\"}", dss.token()).status()).isEqualTo(200);
    assertThat(Http.get(url).status()).isEqualTo(404);
    assertThat(Http.get(url + "&version=" + v1).status()).isEqualTo(404);
    assertThat(Http.get(dss.api() + "/bundles/all?replica=aws&prefix=" + uuid.substring(0, 8)).json().get("bundles").toString())
        .doesNotContain(uuid);
    Http.Response unknown = Http.call("DELETE", dss.api() + "/bundles/" + UUID.randomUUID() + "?replica=aws", "{\"reason\": \"x\"}", dss.token());
    assertThat(unknown.status()).isEqualTo(404);
  }

  @Test
  void enumerationPagesThroughEveryVisibleBundleOfAPrefix() {
    FileRef a = file("enumerated");
    String prefix = "e" + Integer.toHexString(new java.util.Random().nextInt(0xfffff) | 0x100000).substring(0, 4);
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      String uuid = prefix + UUID.randomUUID().toString().substring(5);
      made.add(uuid);
      assertThat(dss.calls().putBundle(uuid, DssVersion.now(), Map.of("a", a), "aws").status()).isEqualTo(201);
    }
    List<String> seen = new ArrayList<>();
    List<Integer> statuses = new ArrayList<>();
    String url = dss.api() + "/bundles/all?replica=aws&per_page=10&prefix=" + prefix;
    while (url != null) {
      Http.Response r = Http.get(url);
      statuses.add(r.status());
      SpecConformance.assertConforms("GET", "/bundles/all", r);
      r.json().get("bundles").forEach(b -> seen.add(b.get("uuid").asText()));
      url = next(r);
    }
    assertThat(statuses).containsExactly(206, 206, 200);
    assertThat(seen).containsExactlyInAnyOrderElementsOf(made);
    assertThat(seen).isSorted();
    assertThat(Http.get(dss.api() + "/bundles/all?replica=aws&prefix=NOT_A_PREFIX!").status()).isEqualTo(400);
  }

  @Test
  void aCheckoutCopiesTheFilesByNameAndReportsWhereTheyAre() throws Exception {
    FileRef a = file("check me out");
    String uuid = UUID.randomUUID().toString();
    String version = DssVersion.now();
    assertThat(dss.calls().putBundle(uuid, version, Map.of("dir/a.txt", a), "aws").status()).isEqualTo(201);
    Http.Response start = Http.call("POST", dss.api() + "/bundles/" + uuid + "/checkout?replica=aws", "{}", null);
    assertThat(start.status()).isEqualTo(200);
    SpecConformance.assertConforms("POST", "/bundles/" + uuid + "/checkout", start);
    String job = start.json().get("checkout_job_id").asText();
    JsonNode status = null;
    for (int i = 0; i < 100; i++) {
      status = Http.get(dss.api() + "/bundles/checkout/" + job + "?replica=aws").json();
      if (!status.get("status").asText().equals("RUNNING")) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(status.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(status.get("location").asText()).isEqualTo("s3://dss-aws-checkout/bundles/" + uuid + "." + version);
    byte[] copied =
        dss.s3().getObjectAsBytes(b -> b.bucket("dss-aws-checkout").key("bundles/" + uuid + "." + version + "/dir/a.txt")).asByteArray();
    assertThat(copied).isEqualTo(a.content());

    assertThat(Http.get(dss.api() + "/bundles/checkout/" + UUID.randomUUID() + "?replica=aws").status()).isEqualTo(404);
    Http.Response slash = Http.call("POST", dss.api() + "/bundles/" + uuid + "/checkout?replica=aws", "{\"destination\": \"a/b\"}", null);
    assertThat(slash.status()).isEqualTo(400);
    Http.Response noBucket = Http.call("POST", dss.api() + "/bundles/" + uuid + "/checkout?replica=aws", "{\"destination\": \"no-such-bucket\"}", null);
    String failedJob = noBucket.json().get("checkout_job_id").asText();
    JsonNode failed = null;
    for (int i = 0; i < 100; i++) {
      failed = Http.get(dss.api() + "/bundles/checkout/" + failedJob + "?replica=aws").json();
      if (!failed.get("status").asText().equals("RUNNING")) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(failed.get("status").asText()).isEqualTo("FAILED");
    assertThat(failed.get("cause").asText()).contains("no-such-bucket");
  }

  @Test
  void eightConcurrentPutsOfOneBundleVersionStoreItOnce() throws Exception {
    FileRef a = file("concurrent a");
    FileRef b = file("concurrent b");
    String uuid = UUID.randomUUID().toString();
    String version = DssVersion.now();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Map<String, FileRef> files = i % 2 == 0 ? Map.of("x", a) : Map.of("x", b);
        tasks.add(() -> dss.calls().putBundle(uuid, version, files, "aws").status());
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : pool.invokeAll(tasks)) {
        statuses.add(f.get());
      }
      assertThat(statuses.stream().filter(s -> s == 201)).hasSize(1);
      assertThat(statuses.stream().filter(s -> s == 200)).hasSize(3);
      assertThat(statuses.stream().filter(s -> s == 409)).hasSize(4);
    } finally {
      pool.shutdownNow();
    }
  }
}
