package hca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import hca.dss.DssVersion;
import hca.dss.RetryPolicy;
import hca.localdss.Seeder;
import hca.localdss.Faults;
import hca.localdss.auth.ServiceAccountKey;
import hca.testing.Http;
import hca.testing.LocalDssExtension;
import hca.testing.Staging;
import hca.testing.Tokens;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** What the command line does with bad input, credentials, faults, help and its configuration. */
class CliBehaviourTest {

  @RegisterExtension static LocalDssExtension dss = LocalDssExtension.seededWithExample();

  @TempDir Path tmp;

  @AfterEach
  void faultsOff() {
    dss.dss().faults().set(Faults.Spec.NONE);
  }

  private CliRunner cli() throws Exception {
    return new CliRunner(tmp.resolve("home"), dss.api());
  }

  private static long apiRequests() {
    return (long) dss.dss().faults().counters().get("api_requests");
  }

  @Test
  void badCommandLinesAreOneUsageErrorWithExitCodeTwo() throws Exception {
    CliRunner hca = cli();
    CliRunner.Result unknown = hca.dss("dss", "get-bundle", "--uuid", "x", "--replica", "aws", "--colour", "red");
    assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.stderr()).contains("--colour").contains("hca dss get-bundle --help");

    CliRunner.Result missing = hca.dss("dss", "get-bundle", "--uuid", "x");
    assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.stderr()).contains("--replica");

    CliRunner.Result json = hca.dss("dss", "post-search", "--replica", "aws", "--es-query", "{\"query\": ");
    assertThat(json.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(json.stderr().lines().findFirst().orElseThrow()).contains("--es-query").contains("line 1, column");

    CliRunner.Result choice = hca.dss("dss", "get-bundle", "--uuid", "x", "--replica", "azure");
    assertThat(choice.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(choice.stderr()).contains("aws, gcp");

    CliRunner.Result command = hca.dss("dss", "get-bundel");
    assertThat(command.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(command.stderr()).contains("get-bundel");
  }

  @Test
  void anUnreachableServerIsExitCodeFourNamingIt() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    CliRunner hca = new CliRunner(tmp.resolve("home"), "http://127.0.0.1:" + port + "/v1");
    CliRunner.Result r = hca.dss("dss", "get-bundle", "--uuid", "x", "--replica", "aws");
    assertThat(r.code()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(r.stderr().strip()).startsWith("hca: cannot reach 127.0.0.1:" + port).doesNotContain("\n");
  }

  @Test
  void aServerWhoseSpecIsNotJsonOrHasADanglingReferenceIsExitCodeFive() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] notJson = "<html>gateway error</html>".getBytes(StandardCharsets.UTF_8);
    byte[] dangling =
        ("{\"swagger\": \"2.0\", \"host\": \"x\", \"basePath\": \"/v1\", \"paths\": {\"/a\": {\"get\": {\"responses\": "
            + "{\"200\": {\"schema\": {\"$ref\": \"#/definitions/Nope\"}}}}}}}").getBytes(StandardCharsets.UTF_8);
    server.createContext("/html/swagger.json", ex -> {
      ex.sendResponseHeaders(200, notJson.length);
      ex.getResponseBody().write(notJson);
      ex.close();
    });
    server.createContext("/ref/swagger.json", ex -> {
      ex.sendResponseHeaders(200, dangling.length);
      ex.getResponseBody().write(dangling);
      ex.close();
    });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      CliRunner.Result html = new CliRunner(tmp.resolve("h1"), base + "/html").dss("dss", "get-bundle", "--uuid", "x", "--replica", "aws");
      assertThat(html.code()).isEqualTo(ExitCodes.SPEC);
      assertThat(html.stderr().strip()).contains(base + "/html/swagger.json").doesNotContain("\n");
      CliRunner.Result ref = new CliRunner(tmp.resolve("h2"), base + "/ref").dss("dss", "--help");
      assertThat(ref.code()).isEqualTo(ExitCodes.SPEC);
      assertThat(ref.stderr()).contains("#/definitions/Nope");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aBadConfigFileIsExitCodeThreeNamingTheFileAndKey() throws Exception {
    CliRunner hca = cli();
    Path config = tmp.resolve("home/.config/hca/config.json");
    Files.createDirectories(config.getParent());
    Files.writeString(config, "{\"creator_uid\": \"lots\"}");
    CliRunner.Result r = hca.dss("dss", "get-bundle", "--uuid", "x", "--replica", "aws");
    assertThat(r.code()).isEqualTo(ExitCodes.CONFIG);
    assertThat(r.stderr()).contains(config.toString()).contains("creator_uid");
    Files.writeString(config, "{\"log_level\": ");
    CliRunner.Result syntax = hca.run("config", "show");
    assertThat(syntax.code()).isEqualTo(ExitCodes.CONFIG);
    assertThat(syntax.stderr()).contains(config.toString()).contains("line");
  }

  @Test
  void credentialsComeFromLoginOrAServiceAccountAndNeverShow() throws Exception {
    CliRunner hca = cli();
    String uuid = UUID.randomUUID().toString();
    String version = DssVersion.now();
    String src;
    try (S3Client s3 = Staging.s3(dss.dss())) {
      src = Staging.stage(s3, "auth/" + uuid, "auth".getBytes(StandardCharsets.UTF_8), "text/plain");
    }
    String[] put = {"dss", "put-file", "--uuid", uuid, "--version", version, "--source-url", src, "--creator-uid", "1"};

    long before = apiRequests();
    CliRunner.Result none = hca.dss(put);
    assertThat(none.code()).isEqualTo(ExitCodes.CREDENTIALS);
    assertThat(none.stderr()).contains("hca dss login --access-token").contains("GOOGLE_APPLICATION_CREDENTIALS");
    assertThat(apiRequests()).isEqualTo(before); // nothing was sent

    ServiceAccountKey stranger = ServiceAccountKey.generate(tmp.resolve("stranger.json"), "x@elsewhere.iam.gserviceaccount.com", "p");
    String foreign = Tokens.mint(stranger);
    assertThat(hca.dss("dss", "login", "--access-token", foreign).code()).isZero();
    Path config = tmp.resolve("home/.config/hca/config.json");
    assertThat(Files.getPosixFilePermissions(config)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    CliRunner.Result forbidden = hca.dss(put);
    assertThat(forbidden.code()).isEqualTo(ExitCodes.API_ERROR);
    assertThat(forbidden.stderr().strip()).isEqualTo("Forbidden: User is not authorized to access this resource (HTTP 403)");
    assertThat(forbidden.stderr() + forbidden.out()).doesNotContain(foreign);

    String expired = Tokens.mint(dss.dss().userKey(), c -> c.put("exp", 1000));
    hca.dss("dss", "login", "--access-token", expired);
    CliRunner.Result unauthorized = hca.dss(put);
    assertThat(unauthorized.stderr() + unauthorized.out()).doesNotContain(expired);
    assertThat(unauthorized.code()).isNotZero();

    hca.dss("dss", "login", "--access-token", Tokens.mint(dss.dss().userKey()));
    assertThat(hca.dss(put).code()).isZero();
    assertThat(hca.run("config", "show").out()).doesNotContain("access_token").contains("(hidden)");

    assertThat(hca.dss("dss", "logout").code()).isZero();
    assertThat(Files.readString(config)).doesNotContain("oauth2_token");
    assertThat(hca.dss(put).code()).isEqualTo(ExitCodes.CREDENTIALS);

    hca.env("GOOGLE_APPLICATION_CREDENTIALS", dss.dss().userKeyFile().toString());
    CliRunner.Result sa = hca.dss(put);
    assertThat(sa.code()).as(sa.toString()).isZero();
    assertThat(sa.json().get("version").asText()).isEqualTo(version);
  }

  @Test
  void faultyServersAreRetriedAndPersistentFaultsReportedWithTheirCode() throws Exception {
    CliRunner hca = cli();
    hca.dss("dss", "--help"); // fetch and cache the spec before the faults start
    dss.dss().faults().set(Faults.Spec.parse("api-error=0.5:503,retry-after=0,seed=2"));
    for (int i = 0; i < 5; i++) {
      assertThat(hca.dss("dss", "get-bundle", "--uuid", Seeder.EXAMPLE_BUNDLE_UUID, "--replica", "aws").code())
          .isZero();
    }
    dss.dss().faults().set(Faults.Spec.parse("api-error=1:503,retry-after=0"));
    long before = apiRequests();
    CliRunner.Result down = hca.dss("dss", "get-bundle", "--uuid", Seeder.EXAMPLE_BUNDLE_UUID, "--replica", "aws");
    assertThat(down.code()).isEqualTo(ExitCodes.API_ERROR);
    assertThat(down.stderr().strip()).isEqualTo("service_unavailable: injected fault (HTTP 503)");
    assertThat(apiRequests() - before).isEqualTo(RetryPolicy.defaults().maxAttempts());
    CliRunner.Result debug = hca.dss("--log-level", "DEBUG", "dss", "get-bundle", "--uuid", "x", "--replica", "aws");
    assertThat(debug.stderr()).contains("at hca.");
  }

  @Test
  void helpIsBuiltFromTheSpecAndCompletionCoversTheGeneratedCommands() throws Exception {
    CliRunner hca = cli();
    CliRunner.Result root = hca.run("--help");
    assertThat(root.code()).isZero();
    assertThat(root.out()).contains("dss").contains("local-dss").contains("Exit codes");
    CliRunner.Result group = hca.dss("dss", "--help");
    for (String c : new String[] {"post-search", "get-bundle", "put-file", "get-bundles-checkout", "get-events", "login", "logout"}) {
      assertThat(group.out()).contains(c);
    }
    CliRunner.Result put = hca.dss("dss", "put-bundle", "--help");
    assertThat(put.out()).contains("Create a bundle").contains("--files=JSON").contains("(required)").contains("aws, gcp");
    CliRunner.Result bare = hca.dss("dss");
    assertThat(bare.code()).isZero();
    assertThat(bare.out()).contains("get-bundle");
    CliRunner.Result completion = hca.dss("completion");
    assertThat(completion.code()).isZero();
    assertThat(completion.out()).contains("get-bundles-checkout").contains("complete -F");
    assertThat(hca.run("--version").out()).startsWith("hca ");
  }

  @Test
  void configIsSetInTheUsersFileOnlyAndLayersWithItsOperators() throws Exception {
    CliRunner hca = cli();
    Path extra = tmp.resolve("extra.json");
    Files.writeString(extra, "{\"favourite\": [\"a\"], \"more\": {\"$extend\": [\"x\"]}}");
    Path second = tmp.resolve("second.json");
    Files.writeString(second, "{\"favourite\": {\"$append\": \"b\"}}");
    hca.env("HCA_CONFIG_FILE", extra + ":" + second);
    assertThat(hca.run("config", "set", "creator_uid", "42").code()).isZero();
    assertThat(Files.readString(second)).contains("\"creator_uid\"").contains("42");
    JsonNode shown = hca.run("config", "show").json();
    assertThat(shown.get("favourite").toString()).isEqualTo("[\"a\",\"b\"]");
    assertThat(shown.get("creator_uid").asInt()).isEqualTo(42);
    assertThat(hca.run("config", "get", "creator_uid").out().strip()).isEqualTo("42");
    assertThat(hca.run("config", "unset", "creator_uid").code()).isZero();
    // the default shows through again
    assertThat(hca.run("config", "get", "creator_uid").out().strip()).isEqualTo("0");
    assertThat(hca.run("config", "get", "no_such_key").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(hca.run("--dss-url", "http://example.org/v1", "config", "get", "DSSClient.swagger_url").out().strip())
        .isEqualTo("http://example.org/v1/swagger.json");
  }

  @Test
  void clearingTheCacheMakesTheNextCommandFetchTheSpecAgain() throws Exception {
    CliRunner hca = cli();
    assertThat(hca.dss("dss", "--help").code()).isZero();
    Path cacheDir = tmp.resolve("home/.config/hca");
    long cached;
    try (var s = Files.list(cacheDir)) {
      cached = s.filter(p -> !p.getFileName().toString().equals("config.json")).count();
    }
    assertThat(cached).isEqualTo(1);
    CliRunner.Result cleared = hca.run("clear-hca-cache");
    assertThat(cleared.code()).isZero();
    assertThat(cleared.stderr()).contains("Removed 1");
    try (var s = Files.list(cacheDir)) {
      assertThat(s.filter(p -> !p.getFileName().toString().equals("config.json")).count()).isZero();
    }
    assertThat(Http.get(dss.api() + "/swagger.json").status()).isEqualTo(200);
  }
}
