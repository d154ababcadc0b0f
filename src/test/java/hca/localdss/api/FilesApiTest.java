package hca.localdss.api;

import static org.assertj.core.api.Assertions.assertThat;

import hca.dss.DssVersion;
import hca.localdss.LocalDss;
import hca.localdss.auth.ServiceAccountKey;
import hca.testing.Http;
import hca.testing.LocalDssExtension;
import hca.testing.SpecConformance;
import hca.testing.SpecConformance.Deviation;
import hca.testing.Staging;
import hca.testing.Tokens;
import hca.transfer.Checksums;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** PUT, HEAD and GET /files/{uuid} against a running local DSS. */
class FilesApiTest {

  @RegisterExtension static LocalDssExtension dss = new LocalDssExtension();

  private static Http.Response putFile(String uuid, String version, String src, String token) {
    return Http.call(
        "PUT",
        dss.api() + "/files/" + uuid + "?version=" + version,
        Http.json(Map.of("source_url", src, "creator_uid", 4321)),
        token);
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aRegisteredFileHasItsHeadersAndRedirectsToItsBytes() {
    byte[] content = text("hello, cells\n");
    Checksums sums = Staging.sums(content);
    String src = Staging.stage(dss.s3(), "t1/hello.txt", content, "text/plain");
    String uuid = UUID.randomUUID().toString();
    String version = DssVersion.now();

    Http.Response put = putFile(uuid, version, src, dss.token());
    assertThat(put.status()).as(put.toString()).isEqualTo(201);
    assertThat(put.json().get("version").asText()).isEqualTo(version);
    SpecConformance.assertConforms("PUT", "/files/" + uuid, put);

    Http.Response head = Http.head(dss.api() + "/files/" + uuid + "?replica=aws");
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("X-DSS-SHA256")).isEqualTo(sums.sha256());
    assertThat(head.header("X-DSS-SHA1")).isEqualTo(sums.sha1());
    assertThat(head.header("X-DSS-S3-ETAG")).isEqualTo(sums.s3Etag());
    assertThat(head.header("X-DSS-CRC32C")).isEqualTo(sums.crc32c());
    assertThat(head.header("X-DSS-SIZE")).isEqualTo(Integer.toString(content.length));
    assertThat(head.header("X-DSS-CONTENT-TYPE")).isEqualTo("text/plain");
    assertThat(head.header("X-DSS-VERSION")).isEqualTo(version);
    assertThat(head.header("X-DSS-CREATOR-UID")).isEqualTo("4321");
    SpecConformance.assertConforms("HEAD", "/files/" + uuid, head);

    Http.Response get = Http.get(dss.api() + "/files/" + uuid + "?replica=aws&version=" + version);
    assertThat(get.status()).isEqualTo(302);
    assertThat(get.header("X-DSS-SHA256")).isEqualTo(sums.sha256());
    SpecConformance.assertConforms("GET", "/files/" + uuid, get);
    Http.Response blob = Http.get(get.header("Location"));
    assertThat(blob.status()).isEqualTo(200);
    assertThat(blob.body()).isEqualTo(content);
  }

  @Test
  void aFileStagedOnGcsLandsInReplicaGcpAndIsMirroredToAws() throws Exception {
    byte[] content = text("from google's side\n");
    String uuid = UUID.randomUUID().toString();
    String version = DssVersion.now();
    try (var gcs = Staging.gcs(dss.dss())) {
      String src = Staging.stageGcs(gcs, "g1/hello.txt", content, "text/plain");
      Http.Response put = putFile(uuid, version, src, dss.token());
      assertThat(put.status()).as(put.toString()).isEqualTo(201);
    }
    for (String replica : List.of("gcp", "aws")) {
      Http.Response get = Http.get(dss.api() + "/files/" + uuid + "?replica=" + replica);
      assertThat(get.status()).as(replica).isEqualTo(302);
      assertThat(get.header("Location")).startsWith(replica.equals("gcp") ? dss.dss().gcsUrl() : dss.dss().s3Url());
      assertThat(Http.get(get.header("Location")).body()).as(replica).isEqualTo(content);
    }
    Http.Response direct = Http.get(dss.api() + "/files/" + uuid + "?replica=gcp&directurl=true");
    assertThat(direct.header("Location")).startsWith("gs://" + LocalDss.GCP_BUCKET + "/blobs/");
  }

  @Test
  void theSameRegistrationAgainIs200AndDifferentContentUnderTheSameVersionIs409() {
    String uuid = UUID.randomUUID().toString();
    String version = DssVersion.now();
    String a = Staging.stage(dss.s3(), "t2/a", text("aaa"), "text/plain");
    String b = Staging.stage(dss.s3(), "t2/b", text("bbb"), "text/plain");
    assertThat(putFile(uuid, version, a, dss.token()).status()).isEqualTo(201);
    assertThat(putFile(uuid, version, a, dss.token()).status()).isEqualTo(200);
    Http.Response conflict = putFile(uuid, version, b, dss.token());
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.json().get("code").asText()).isEqualTo("file_already_exists");
    assertThat(conflict.header("Content-Type")).startsWith("application/problem+json");
    SpecConformance.assertConforms("PUT", "/files/" + uuid, conflict);
  }

  @Test
  void theLatestVersionIsServedWhenNoVersionIsGiven() {
    String uuid = UUID.randomUUID().toString();
    String older = "2017-06-16T193604.240704Z";
    String newer = "2017-06-18T075702.020366Z";
    assertThat(putFile(uuid, newer, Staging.stage(dss.s3(), "t3/new", text("new"), "text/plain"), dss.token()).status()).isEqualTo(201);
    assertThat(putFile(uuid, older, Staging.stage(dss.s3(), "t3/old", text("old"), "text/plain"), dss.token()).status()).isEqualTo(201);
    Http.Response head = Http.head(dss.api() + "/files/" + uuid + "?replica=aws");
    assertThat(head.header("X-DSS-VERSION")).isEqualTo(newer);
    Http.Response old = Http.get(dss.api() + "/files/" + uuid + "?replica=aws&version=" + older);
    assertThat(Http.get(old.header("Location")).body()).isEqualTo(text("old"));
  }

  @Test
  void stagedObjectsWithoutOrWithBadChecksumsAre422AndRegisterNothing() {
    String uuid = UUID.randomUUID().toString();
    String version = DssVersion.now();
    byte[] content = text("checksums matter");
    Map<String, String> partial = new HashMap<>(Staging.sums(content).stagingMetadata());
    partial.remove(Checksums.META_CRC32C);
    Http.Response missing = putFile(uuid, version, Staging.stage(dss.s3(), "t4/m", content, "text/plain", partial), dss.token());
    assertThat(missing.status()).isEqualTo(422);
    assertThat(missing.json().get("code").asText()).isEqualTo("missing_checksum");
    assertThat(missing.json().get("title").asText()).contains("hca-dss-crc32c");

    Map<String, String> malformed = new HashMap<>(Staging.sums(content).stagingMetadata());
    malformed.put(Checksums.META_SHA1, "not-a-sha1");
    Http.Response bad = putFile(uuid, version, Staging.stage(dss.s3(), "t4/b", content, "text/plain", malformed), dss.token());
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.json().get("code").asText()).isEqualTo("invalid_checksum");

    Map<String, String> lying = new HashMap<>(Staging.sums(content).stagingMetadata());
    lying.put(Checksums.META_CRC32C, "00000000");
    Http.Response lie = putFile(uuid, version, Staging.stage(dss.s3(), "t4/l", content, "text/plain", lying), dss.token());
    assertThat(lie.status()).isEqualTo(422);
    assertThat(lie.json().get("code").asText()).isEqualTo("invalid_checksum");
    SpecConformance.assertConforms("PUT", "/files/" + uuid, lie);

    assertThat(Http.head(dss.api() + "/files/" + uuid + "?replica=aws").status()).isEqualTo(404);
  }

  @Test
  void badSourcesVersionsUuidsAndBodiesAre400() {
    String uuid = UUID.randomUUID().toString();
    String version = DssVersion.now();
    Http.Response wasb = putFile(uuid, version, "wasb://container/key", dss.token());
    assertThat(wasb.json().get("code").asText()).isEqualTo("unknown_source_schema");
    assertThat(wasb.status()).isEqualTo(400);

    Http.Response noKey = putFile(uuid, version, "s3://" + LocalDss.STAGING_BUCKET, dss.token());
    assertThat(noKey.status()).isEqualTo(400);

    Http.Response gone = putFile(uuid, version, "s3://" + LocalDss.STAGING_BUCKET + "/no/such/object", dss.token());
    assertThat(gone.status()).isEqualTo(400);
    assertThat(gone.json().get("title").asText()).contains("does not exist");

    Http.Response badVersion = putFile(uuid, "2017-06-16T19:36:04.240704Z", "s3://b/k", dss.token());
    assertThat(badVersion.status()).isEqualTo(400);
    assertThat(badVersion.json().get("code").asText()).isEqualTo("illegal_version");

    Http.Response badUuid = putFile("ABCD", version, "s3://b/k", dss.token());
    assertThat(badUuid.status()).isEqualTo(400);
    assertThat(badUuid.json().get("code").asText()).isEqualTo("illegal_arguments");

    Http.Response badJson =
        Http.call("PUT", dss.api() + "/files/" + uuid + "?version=" + version, "{\"source_url\": ", dss.token());
    assertThat(badJson.status()).isEqualTo(400);
    assertThat(badJson.json().get("code").asText()).isEqualTo("illegal_arguments");

    Http.Response noCreator =
        Http.call("PUT", dss.api() + "/files/" + uuid + "?version=" + version, "{\"source_url\": \"s3://b/k\"}", dss.token());
    assertThat(noCreator.status()).isEqualTo(400);
    assertThat(noCreator.json().get("title").asText()).contains("creator_uid");
  }

  @Test
  void unknownFilesAre404AndUnknownReplicasAre400() {
    String uuid = UUID.randomUUID().toString();
    Http.Response head = Http.head(dss.api() + "/files/" + uuid + "?replica=aws");
    assertThat(head.status()).isEqualTo(404);
    assertThat(head.body()).isEmpty();
    SpecConformance.assertConforms("HEAD", "/files/" + uuid, head, Deviation.UNLISTED_STATUS);
    Http.Response get = Http.get(dss.api() + "/files/" + uuid + "?replica=aws");
    assertThat(get.status()).isEqualTo(404);
    assertThat(get.json().get("code").asText()).isEqualTo("not_found");
    Http.Response replica = Http.get(dss.api() + "/files/" + uuid + "?replica=azure");
    assertThat(replica.status()).isEqualTo(400);
    assertThat(replica.json().get("title").asText()).contains("replica");
  }

  @Test
  void writesNeedAValidTokenFromATrustedServiceAccountInGroupHca(@TempDir Path dir) throws Exception {
    String uuid = UUID.randomUUID().toString();
    String version = DssVersion.now();
    String src = Staging.stage(dss.s3(), "t5/x", text("x"), "text/plain");

    Http.Response none = putFile(uuid, version, src, null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.json().get("title").asText()).isEqualTo("No authorization token provided");

    Http.Response gibberish = putFile(uuid, version, src, "not.a.jwt");
    assertThat(gibberish.status()).isEqualTo(401);
    assertThat(gibberish.json().get("title").asText()).isEqualTo("Failed to decode token.");

    ServiceAccountKey stranger =
        ServiceAccountKey.generate(dir.resolve("k.json"), "stranger@elsewhere.iam.gserviceaccount.com", "x");
    Http.Response untrusted = putFile(uuid, version, src, Tokens.mint(stranger));
    assertThat(untrusted.status()).isEqualTo(403);

    ServiceAccountKey user = dss.dss().userKey();
    Http.Response expired = putFile(uuid, version, src, Tokens.mint(user, c -> c.put("exp", 1000)));
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.json().get("title").asText()).isEqualTo("Authorization token is invalid");

    Http.Response wrongAudience = putFile(uuid, version, src, Tokens.mint(user, c -> c.put("aud", "https://elsewhere/")));
    assertThat(wrongAudience.status()).isEqualTo(401);

    Http.Response noEmail =
        putFile(uuid, version, src, Tokens.mint(user, c -> {
          c.remove("email");
          c.remove("https://auth.data.humancellatlas.org/email");
        }));
    assertThat(noEmail.status()).isEqualTo(401);
    assertThat(noEmail.json().get("title").asText()).isEqualTo("Authorization token is missing email claims.");

    Http.Response publicGroup =
        putFile(uuid, version, src, Tokens.mint(user, c -> c.put("https://auth.data.humancellatlas.org/group", "public")));
    assertThat(publicGroup.status()).isEqualTo(403);

    String[] parts = Tokens.mint(user).split("\\.");
    Http.Response forged = putFile(uuid, version, src, parts[0] + "." + parts[1] + "." + parts[2].substring(3) + "abc");
    assertThat(forged.status()).isEqualTo(401);

    assertThat(Http.head(dss.api() + "/files/" + uuid + "?replica=aws").status()).isEqualTo(404);
    assertThat(putFile(uuid, version, src, Tokens.mint(user)).status()).isEqualTo(201);
  }

  @Test
  void directUrlsNameTheBlobInTheReplicaBucket() {
    byte[] content = text("direct");
    Checksums sums = Staging.sums(content);
    String uuid = UUID.randomUUID().toString();
    String version = DssVersion.now();
    assertThat(putFile(uuid, version, Staging.stage(dss.s3(), "t6/d", content, "text/plain"), dss.token()).status()).isEqualTo(201);
    Http.Response get = Http.get(dss.api() + "/files/" + uuid + "?replica=aws&directurl=true");
    assertThat(get.status()).isEqualTo(302);
    assertThat(get.header("Location")).isEqualTo("s3://" + LocalDss.AWS_BUCKET + "/" + sums.blobKey());
  }

  @Test
  void theCheckoutFaultAnswers301WithATokenUntilTheContentIsReady() {
    byte[] content = text("checked out");
    String uuid = UUID.randomUUID().toString();
    String version = DssVersion.now();
    assertThat(putFile(uuid, version, Staging.stage(dss.s3(), "t7/c", content, "text/plain"), dss.token()).status()).isEqualTo(201);
    dss.dss().faults().set(hca.localdss.Faults.Spec.parse("checkout=2,retry-after=0"));
    try {
      String url = dss.api() + "/files/" + uuid + "?replica=aws";
      Http.Response first = Http.get(url);
      assertThat(first.status()).isEqualTo(301);
      assertThat(first.header("Retry-After")).isEqualTo("0");
      assertThat(first.header("X-DSS-SHA256")).isNull();
      assertThat(first.header("Location")).contains("token=");
      SpecConformance.assertConforms("GET", "/files/" + uuid, first);
      Http.Response second = Http.get(first.header("Location"));
      assertThat(second.status()).isEqualTo(301);
      Http.Response third = Http.get(second.header("Location"));
      assertThat(third.status()).isEqualTo(302);
      assertThat(Http.get(third.header("Location")).body()).isEqualTo(content);
      assertThat(dss.dss().faults().counters().get("checkout_redirects")).isEqualTo(2L);

      Http.Response badToken = Http.get(url + "&token=notjson");
      assertThat(badToken.status()).isEqualTo(400);
      assertThat(badToken.json().get("code").asText()).isEqualTo("illegal_token");
    } finally {
      dss.dss().faults().set(hca.localdss.Faults.Spec.NONE);
    }
  }

  @Test
  void eightConcurrentRegistrationsOfOneFileVersionStoreItOnce() throws Exception {
    String uuid = UUID.randomUUID().toString();
    String version = DssVersion.now();
    String same = Staging.stage(dss.s3(), "t8/same", text("same content"), "text/plain");
    String other = Staging.stage(dss.s3(), "t8/other", text("other content"), "text/plain");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String src = i % 2 == 0 ? same : other;
        calls.add(() -> putFile(uuid, version, src, dss.token()).status());
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : pool.invokeAll(calls)) {
        statuses.add(f.get());
      }
      assertThat(statuses).containsOnly(201, 200, 409);
      assertThat(statuses.stream().filter(s -> s == 201)).hasSize(1);
      // the winner's content is what is stored; its twins got 200, the others 409
      Http.Response get = Http.get(dss.api() + "/files/" + uuid + "?replica=aws");
      String stored = new String(Http.get(get.header("Location")).body(), StandardCharsets.UTF_8);
      assertThat(stored).isIn("same content", "other content");
      assertThat(statuses.stream().filter(s -> s == 409)).hasSize(4);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void curlFollowingTheRedirectGetsBytesWithTheRightSha256(@TempDir Path dir) throws Exception {
    byte[] content = new byte[3 * 1024 * 1024 + 17];
    new java.util.Random(7).nextBytes(content);
    String uuid = UUID.randomUUID().toString();
    String version = DssVersion.now();
    assertThat(putFile(uuid, version, Staging.stage(dss.s3(), "t9/big", content, "application/octet-stream"), dss.token()).status()).isEqualTo(201);
    Path out = dir.resolve("out");
    Process p =
        new ProcessBuilder("curl", "-sfL", "-o", out.toString(), dss.api() + "/files/" + uuid + "?replica=aws")
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor()).isZero();
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(out)));
    assertThat(sha).isEqualTo(Staging.sums(content).sha256());
  }
}
