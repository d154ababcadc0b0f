package hca.dss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hca.dss.spec.ApiSpec;
import hca.dss.spec.SpecException;
import hca.localdss.api.ServedSpec;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecCacheTest {

  @TempDir Path dir;
  private TinyServer server;
  private final List<String> warnings = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = new TinyServer();
    server.on("/v1/swagger.json", TinyServer.Reply.json(dssSpec("127.0.0.1:1")));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** The DSS spec as the local DSS serves it, with {@code host} set. */
  static byte[] dssSpec(String host) {
    return new ServedSpec().json(host);
  }

  private SpecCache cache() {
    DssHttp http = DssHttp.builder().sleeper(new RecordingSleeper())
        .retryPolicy(RetryPolicy.defaults().withMaxAttempts(2).withDelays(Duration.ZERO, Duration.ZERO)).build();
    return new SpecCache(dir, http, java.time.Clock.systemUTC(), warnings::add);
  }

  private String url() {
    return server.url() + "/v1/swagger.json";
  }

  private static void age(Path file, Duration by) throws Exception {
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(by)));
  }

  @Test
  void aFetchedSpecIsCachedUnderTheBase64OfItsUrl() {
    SpecCache cache = cache();
    ApiSpec spec = cache.load(url());
    assertThat(spec.operation("get_bundle")).isPresent();
    String name = Base64.getUrlEncoder().withoutPadding().encodeToString(url().getBytes(StandardCharsets.UTF_8)) + ".json";
    assertThat(cache.fileFor(url())).isEqualTo(dir.resolve(name)).exists();
    assertThat(name).doesNotContain("=");

    assertThat(cache.load(url()).operation("get_bundle")).isPresent();
    assertThat(server.requests.get()).isEqualTo(1);
  }

  @Test
  void eachUrlHasItsOwnCacheFile() throws Exception {
    server.on("/other/swagger.json", TinyServer.Reply.json(dssSpec("127.0.0.1:2")));
    SpecCache cache = cache();
    assertThat(cache.load(url()).host()).isEqualTo("127.0.0.1:1");
    assertThat(cache.load(server.url() + "/other/swagger.json").host()).isEqualTo("127.0.0.1:2");
    assertThat(cache.fileFor(url())).isNotEqualTo(cache.fileFor(server.url() + "/other/swagger.json"));
    assertThat(server.requests.get()).isEqualTo(2);
  }

  @Test
  void aCopyYoungerThanSevenDaysIsUsedAndAnOlderOneFetchedAgain() throws Exception {
    SpecCache cache = cache();
    cache.load(url());
    Path file = cache.fileFor(url());

    age(file, Duration.ofDays(6));
    cache.load(url());
    assertThat(server.requests.get()).isEqualTo(1);

    server.on("/v1/swagger.json", TinyServer.Reply.json(dssSpec("127.0.0.1:9")));
    age(file, Duration.ofDays(8));
    assertThat(cache.load(url()).host()).isEqualTo("127.0.0.1:9");
    assertThat(server.requests.get()).isEqualTo(2);
    assertThat(Files.getLastModifiedTime(file).toInstant()).isAfter(Instant.now().minus(Duration.ofMinutes(1)));
  }

  @Test
  void aBodyThatIsNotASpecIsRefusedInOneLineAndNotCached() {
    server.on("/v1/swagger.json", TinyServer.Reply.json("<html>\n<body>maintenance</body>\n</html>"));
    SpecCache cache = cache();
    assertThatThrownBy(() -> cache.load(url()))
        .isInstanceOf(SpecException.class)
        .hasMessageStartingWith("spec " + url() + ": ")
        .hasMessageNotContaining("\n");
    assertThat(cache.fileFor(url())).doesNotExist();
  }

  @Test
  void aSpecWithADanglingReferenceIsRefusedAndNotCached() {
    server.on("/v1/swagger.json", TinyServer.Reply.json(
        "{\"swagger\": \"2.0\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {\"/x\": {\"get\": "
            + "{\"responses\": {\"200\": {\"description\": \"ok\", \"schema\": {\"$ref\": \"#/definitions/Missing\"}}}}}}}"));
    SpecCache cache = cache();
    assertThatThrownBy(() -> cache.load(url()))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("#/definitions/Missing")
        .hasMessageNotContaining("\n");
    assertThat(cache.fileFor(url())).doesNotExist();
  }

  @Test
  void aStaleCopyIsUsedWithAWarningWhenTheServerIsUnreachable() throws Exception {
    SpecCache cache = cache();
    cache.load(url());
    age(cache.fileFor(url()), Duration.ofDays(30));
    server.close();

    ApiSpec spec = cache.load(url());
    assertThat(spec.operation("get_bundle")).isPresent();
    assertThat(warnings).singleElement().asString()
        .startsWith("spec " + url() + ": cannot reach ")
        .contains("more than 7 days old");
  }

  @Test
  void withNothingCachedAnUnreachableServerIsAnError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String closed = "http://127.0.0.1:" + port + "/v1/swagger.json";
    assertThatThrownBy(() -> cache().load(closed))
        .isInstanceOf(DssUnreachableException.class)
        .hasMessageContaining("127.0.0.1:" + port);
  }

  @Test
  void clearDeletesTheCachedSpecsAndNothingElse() throws Exception {
    server.on("/other/swagger.json", TinyServer.Reply.json(dssSpec("127.0.0.1:2")));
    SpecCache cache = cache();
    cache.load(url());
    cache.load(server.url() + "/other/swagger.json");
    Path config = Files.writeString(dir.resolve("config.json"), "{}");
    Path other = Files.writeString(dir.resolve("notes.json"), "{}");

    assertThat(cache.clear()).isEqualTo(2);
    assertThat(cache.fileFor(url())).doesNotExist();
    assertThat(config).exists();
    assertThat(other).exists();
    cache.load(url());
    assertThat(server.requests.get()).isEqualTo(3);
  }
}
