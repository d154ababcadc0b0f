package hca.localdss.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hca.dss.DssVersion;
import hca.localdss.LocalDss;
import hca.testing.Http;
import hca.testing.LocalDssExtension;
import hca.testing.Staging;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Requests that try to reach outside the server's buckets or to make it fail: each gets a clear
 * 4xx naming the culprit, or a 500 that says "internal error" with a request id, and no answer
 * shows a server path or a stack trace, unless the server runs with debug errors.
 */
class HostileRequestsTest {

  @RegisterExtension static LocalDssExtension dss = new LocalDssExtension();

  @RegisterExtension
  static LocalDssExtension debugging = new LocalDssExtension(o -> o.withDebugErrors(true));

  private static final List<String> ESCAPING_SOURCES =
      List.of(
          "gs://dss-gcp/../../credentials/local-user.json",
          "gs://hca-staging/a/../../../credentials/local-user.json",
          "s3://hca-staging/../../x",
          "s3://hca-staging/%2e%2e/%2e%2e/credentials/local-user.json",
          "s3://hca-staging/%2E%2E%2F%2E%2E%2Fcredentials%2Flocal-user.json",
          "s3://hca-staging/%252e%252e/%252e%252e/credentials/local-user.json",
          "s3://hca-staging//etc/passwd",
          "s3://hca-staging/%2fetc/passwd",
          "s3://hca-staging/..\\..\\credentials\\local-user.json",
          "s3://hca-staging/a/./b",
          "s3://../credentials/local-user.json",
          "s3://%2e%2e/credentials/local-user.json");

  private static Http.Response putFile(LocalDssExtension server, String source) {
    return Http.call(
        "PUT",
        server.api() + "/files/" + UUID.randomUUID() + "?version=" + DssVersion.now(),
        Http.json(Map.of("source_url", source, "creator_uid", 1)),
        server.token());
  }

  /** Asserts the answer gives nothing of the server away. */
  private static void assertDiscreet(LocalDssExtension server, String what, String body) {
    assertThat(body)
        .as(what)
        .doesNotContain(server.dataDir().toString())
        .doesNotContain(server.dataDir().toAbsolutePath().toString())
        .doesNotContain("Exception")
        .doesNotContain("at hca.");
  }

  private static void assertProblem(
      LocalDssExtension server, String what, Http.Response r, int status, String code) {
    assertThat(r.status()).as(what + ": " + r).isEqualTo(status);
    assertThat(r.json().get("code").asText()).as(what + ": " + r).isEqualTo(code);
    assertDiscreet(server, what, r.text());
  }

  @Test
  void sourceUrlsThatLeaveTheirBucketAre400NamingTheField() {
    for (String source : ESCAPING_SOURCES) {
      Http.Response r = putFile(dss, source);
      assertProblem(dss, source, r, 400, "illegal_arguments");
      assertThat(r.json().get("title").asText()).as(source).contains("source_url");
    }
  }

  @Test
  void aSourceUrlWithTheServersOwnPathIs400WithoutEchoingIt() {
    String credentials = dss.dataDir().resolve("credentials/local-user.json").toString();
    for (String source : List.of("s3://hca-staging/" + credentials, "gs://dss-gcp/" + credentials)) {
      assertProblem(dss, source, putFile(dss, source), 400, "illegal_arguments");
    }
  }

  @Test
  void aFolderOfTheBucketThatLinksOutsideIsNotFollowed() throws IOException {
    Path staging = dss.dataDir().resolve("s3").resolve(LocalDss.STAGING_BUCKET);
    Files.createSymbolicLink(staging.resolve("elsewhere"), dss.dataDir().resolve("credentials"));
    Http.Response r = putFile(dss, "s3://hca-staging/elsewhere/local-user.json");
    assertProblem(dss, "symlink", r, 400, "illegal_arguments");
    assertThat(r.json().get("title").asText()).isEqualTo("source_url names a key outside its bucket");
  }

  @Test
  void hostileRequestsAcrossEndpointsAreRefusedDiscreetly() throws IOException {
    String api = dss.api();
    assertProblem(dss, "uuid", Http.get(api + "/files/..%2f..%2fcredentials?replica=aws"), 400, "illegal_arguments");
    assertProblem(dss, "replica", Http.get(api + "/files/" + UUID.randomUUID() + "?replica=..%2f..%2fcredentials"), 400, "illegal_arguments");
    assertProblem(dss, "bundle replica", Http.get(api + "/bundles/" + UUID.randomUUID() + "?replica=%2e%2e"), 400, "illegal_arguments");
    assertProblem(dss, "bundle version", Http.get(api + "/bundles/" + UUID.randomUUID() + "?replica=aws&version=..%2f..%2fx"), 404, "not_found");
    assertProblem(dss, "search", Http.call("POST", api + "/search?replica=aws", "{\"es_query\": [", null), 400, "illegal_arguments");
    assertProblem(dss, "subscription", Http.call("GET", api + "/subscriptions/..%2f..%2fsettings?replica=aws", null, dss.token()), 400, "illegal_arguments");
    assertProblem(dss, "collection", Http.call("GET", api + "/collections/..%2f..?replica=aws", null, dss.token()), 400, "illegal_arguments");
    assertProblem(dss, "faults", Http.call("PUT", origin(dss) + "/internal/faults", "blob-error=../../x", null), 400, "illegal_arguments");
    assertProblem(dss, "bad token", Http.call("PUT", api + "/files/" + UUID.randomUUID() + "?version=" + DssVersion.now(), "{}", "a.b.c"), 401, "Unauthorized");

    for (String rawPath :
        List.of(
            "/v1/files/%00?replica=aws",
            "/v1/files/%zz?replica=aws",
            "/v1/bundles/%2e%2e/%2e%2e/credentials?replica=aws",
            "/v1/../../credentials/local-user.json",
            "/internal/%2e%2e/%2e%2e/etc/passwd")) {
      String answer = raw(dss, "GET " + rawPath);
      assertThat(answer).as(rawPath).matches("(?s)HTTP/1\\.1 4\\d\\d .*");
      assertDiscreet(dss, rawPath, answer);
    }
  }

  @Test
  void theCloudEndpointsRefuseNamesThatLeaveTheirBuckets() throws IOException {
    LocalDss d = dss.dss();
    for (String name : List.of("..%2F..%2Fcredentials%2Flocal-user.json", "a%2F..%2F..%2F..%2Fsettings.json")) {
      String url = d.gcsUrl() + "/storage/v1/b/hca-staging/o/" + name + "?alt=media";
      Http.Response r = Http.get(url);
      assertThat(r.status()).as(r.toString()).isEqualTo(400);
      assertDiscreet(dss, url, r.text());
    }
    Http.Response bucket = Http.get(d.gcsUrl() + "/storage/v1/b/%2E%2E/o/settings.json?alt=media");
    assertThat(bucket.status()).as(bucket.toString()).isBetween(400, 404);
    assertDiscreet(dss, "gcs bucket", bucket.text());

    String s3 = raw(URI.create(d.s3Url()), "GET /hca-staging/..%2F..%2Fcredentials%2Flocal-user.json");
    assertThat(s3).matches("(?s)HTTP/1\\.1 4\\d\\d .*");
    assertDiscreet(dss, "s3", s3);
  }

  @Test
  void theCloudEndpointsDoNotFollowAFolderThatLinksOutsideTheBucket() throws IOException {
    Path credentials = dss.dataDir().resolve("credentials");
    Files.createSymbolicLink(dss.dataDir().resolve("gcs/hca-staging/linked"), credentials);
    Files.createSymbolicLink(dss.dataDir().resolve("s3/hca-staging/linked"), credentials);

    String url = dss.dss().gcsUrl() + "/storage/v1/b/hca-staging/o/linked%2Flocal-user.json?alt=media";
    Http.Response gcs = Http.get(url);
    assertThat(gcs.status()).as(gcs.toString()).isEqualTo(400);
    assertThat(gcs.text()).doesNotContain("private_key");
    assertDiscreet(dss, url, gcs.text());

    assertThatThrownBy(
            () ->
                dss.s3()
                    .getObjectAsBytes(b -> b.bucket(LocalDss.STAGING_BUCKET).key("linked/local-user.json")))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("object key is not allowed in"
                  + " bucket hca-staging: it would leave the bucket");
            });
  }

  @Test
  void anInternalErrorSaysSoWithARequestIdAndTheDetailsOnlyWhenDebugging() throws IOException {
    for (LocalDssExtension server : List.of(dss, debugging)) {
      String uuid = UUID.randomUUID().toString();
      String version = DssVersion.now();
      String src = Staging.stage(server.s3(), "broken/" + uuid, "x".getBytes(StandardCharsets.UTF_8), "text/plain");
      Http.Response put =
          Http.call("PUT", server.api() + "/files/" + uuid + "?version=" + version,
              Http.json(Map.of("source_url", src, "creator_uid", 1)), server.token());
      assertThat(put.status()).as(put.toString()).isEqualTo(201);
      // the stored metadata is damaged behind the server's back
      Path meta = server.dataDir().resolve("gcs").resolve(LocalDss.GCP_BUCKET).resolve("files").resolve(uuid + "." + version);
      Files.writeString(meta, "{ not json");

      Http.Response get = Http.get(server.api() + "/files/" + uuid + "?replica=gcp&version=" + version);
      assertThat(get.status()).as(get.toString()).isEqualTo(500);
      assertThat(get.json().get("code").asText()).isEqualTo("unhandled_exception");
      String requestId = get.header("X-AWS-REQUEST-ID");
      if (server == dss) {
        assertThat(get.json().get("title").asText()).isEqualTo("internal error (request id " + requestId + ")");
        assertThat(get.json().get("stacktrace").asText()).isEmpty();
        assertDiscreet(server, "500", get.text());
      } else {
        assertThat(get.json().get("title").asText()).contains("Exception");
        assertThat(get.json().get("stacktrace").asText()).contains("at hca.");
      }
    }
  }

  private static String origin(LocalDssExtension server) {
    return server.dss().apiOrigin();
  }

  private static String raw(LocalDssExtension server, String requestLine) throws IOException {
    return raw(URI.create(server.dss().apiOrigin()), requestLine);
  }

  /** Sends one request line exactly as written (no client normalises it) and reads the answer. */
  private static String raw(URI origin, String requestLine) throws IOException {
    try (Socket s = new Socket(origin.getHost(), origin.getPort())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write((requestLine + " HTTP/1.1\r\nHost: " + origin.getHost() + ":" + origin.getPort()
              + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
