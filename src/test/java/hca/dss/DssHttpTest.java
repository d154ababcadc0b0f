package hca.dss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP layer against small loopback servers: security, redirects, failures to connect. */
class DssHttpTest {

  private final RecordingSleeper sleeper = new RecordingSleeper();
  private TinyServer server;

  @BeforeEach
  void start() throws Exception {
    server = new TinyServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private DssHttp http(int maxAttempts) {
    return DssHttp.builder()
        .sleeper(sleeper)
        .retryPolicy(RetryPolicy.defaults().withMaxAttempts(maxAttempts).withDelays(Duration.ofMillis(1), Duration.ofMillis(2)))
        .build();
  }

  private static HttpCall get(String url, Map<String, String> headers) {
    return new HttpCall("GET", URI.create(url), headers, null);
  }

  @Test
  void everyRequestNamesTheClientInItsUserAgent() {
    server.on("/ping", TinyServer.Reply.json("{}"));
    HttpReply r = http(1).send(HttpCall.get(URI.create(server.url() + "/ping")));
    assertThat(r.status()).isEqualTo(200);
    assertThat(server.received.get(0).header("User-Agent")).isEqualTo("hca/" + DssHttp.version());
    assertThat(DssHttp.version()).isEqualTo("dev");
  }

  @Test
  void anUnreachableServerFailsAfterItsRetriesNamingTheHost() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    DssHttp http = http(3);
    assertThatThrownBy(() -> http.send(HttpCall.get(URI.create("http://127.0.0.1:" + port + "/v1/swagger.json"))))
        .isInstanceOfSatisfying(DssUnreachableException.class, e -> {
          assertThat(e.attempts()).isEqualTo(3);
          assertThat(e.host()).isEqualTo("127.0.0.1:" + port);
          assertThat(e.getMessage()).isEqualTo("cannot reach 127.0.0.1:" + port + ": connection refused (after 3 attempts)");
        });
    assertThat(http.requestsSent()).isEqualTo(3);
    assertThat(sleeper.waits).hasSize(2);
  }

  @Test
  void aServerThatNeverAnswersTimesOutAndCountsAsUnreachable() throws Exception {
    // Connections queue in the backlog but are never accepted, so no reply ever comes.
    try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      DssHttp http = DssHttp.builder().sleeper(sleeper).readTimeout(Duration.ofMillis(300))
          .retryPolicy(RetryPolicy.defaults().withMaxAttempts(2).withDelays(Duration.ZERO, Duration.ZERO)).build();
      assertThatThrownBy(() -> http.send(HttpCall.get(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/x"))))
          .isInstanceOf(DssUnreachableException.class)
          .hasMessageContaining(": no reply within the read timeout")
          .hasMessageContaining("after 2 attempts");
    }
  }

  @Test
  void plainHttpToAHostOtherThanLoopbackIsRefusedBeforeSending() {
    DssHttp http = http(3);
    assertThatThrownBy(() -> http.send(HttpCall.get(URI.create("http://dss.example.org/v1/swagger.json"))))
        .isInstanceOf(DssException.class)
        .hasMessage("refusing plain http to dss.example.org: use https, or set allow_insecure_http to true in the configuration");
    assertThat(http.requestsSent()).isZero();
  }

  @Test
  void aRedirectToAnotherOriginDropsTheCredentials() throws Exception {
    try (TinyServer other = new TinyServer()) {
      other.on("/blob", TinyServer.Reply.json("{\"ok\": true}"));
      server.on("/files/1", TinyServer.Reply.redirect(302, other.url() + "/blob"));
      HttpReply r = http(1).send(get(server.url() + "/files/1", Map.of("Authorization", "Bearer secret-token")));
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.uri().toString()).isEqualTo(other.url() + "/blob");
      assertThat(server.received.get(0).header("Authorization")).isEqualTo("Bearer secret-token");
      assertThat(other.received.get(0).header("Authorization")).isNull();
    }
  }

  @Test
  void aStreamedReadFollowsTheRedirectToTheBlobWithoutTheCredentialsAndSendsOnlyGetAndHead() throws Exception {
    try (TinyServer other = new TinyServer()) {
      other.on("/blob", TinyServer.Reply.json("{\"ok\": true}"));
      server.on("/files/1", TinyServer.Reply.redirect(302, other.url() + "/blob"));
      HttpCall call = get(server.url() + "/files/1", Map.of("Authorization", "Bearer secret-token", "Range", "bytes=0-"));
      try (HttpReply r = http(1).openStream(call, java.time.Duration.ofSeconds(5))) {
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(new String(r.bytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{\"ok\": true}");
      }
      assertThat(server.received.get(0).header("Authorization")).isEqualTo("Bearer secret-token");
      assertThat(other.received.get(0).header("Authorization")).isNull();
      assertThat(other.received.get(0).header("Range")).isEqualTo("bytes=0-");
      assertThat(other.received.get(0).header("User-Agent")).isEqualTo("hca/" + DssHttp.version());
    }
    assertThatThrownBy(() -> http(1).openStream(new HttpCall("POST", URI.create(server.url() + "/search"), Map.of(), new byte[0]),
            java.time.Duration.ofSeconds(5)))
        .isInstanceOf(IllegalArgumentException.class);
    server.on("/files/2", TinyServer.Reply.redirect(302, "s3://bucket/blobs/abc"));
    assertThatThrownBy(() -> http(1).openStream(get(server.url() + "/files/2", Map.of()), java.time.Duration.ofSeconds(5)))
        .isInstanceOf(DssException.class)
        .hasMessageStartingWith("redirect target is not http(s): s3://bucket/");
  }

  @Test
  void aRedirectToTheSameOriginKeepsTheCredentials() {
    server.on("/files/1", TinyServer.Reply.redirect(301, "/files/2"));
    server.on("/files/2", TinyServer.Reply.json("{}"));
    HttpReply r = http(1).send(get(server.url() + "/files/1", Map.of("Authorization", "Bearer secret-token")));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.attempts()).isEqualTo(2);
    assertThat(server.received.get(1).header("Authorization")).isEqualTo("Bearer secret-token");
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void aRedirectToAnS3UrlIsRefused() {
    server.on("/files/1", TinyServer.Reply.redirect(302, "s3://bucket/blobs/abc"));
    assertThatThrownBy(() -> http(1).send(get(server.url() + "/files/1", Map.of())))
        .isInstanceOf(DssException.class)
        .hasMessageStartingWith("redirect target is not http(s): s3://bucket/");
  }

  @Test
  void aRedirectLoopStopsAtTheRedirectLimit() {
    server.on("/loop", TinyServer.Reply.redirect(302, "/loop"));
    DssHttp http = DssHttp.builder().maxRedirects(5).sleeper(sleeper).build();
    assertThatThrownBy(() -> http.send(get(server.url() + "/loop", Map.of())))
        .isInstanceOf(DssException.class)
        .hasMessageStartingWith("more than 5 redirects");
    assertThat(server.requests.get()).isEqualTo(6);
  }

  @Test
  void aCallShowsNeitherHeaderValuesNorQueryStrings() {
    HttpCall call = get(server.url() + "/files/1?X-Amz-Signature=abc", Map.of("Authorization", "Bearer secret-token"));
    assertThat(call.toString()).doesNotContain("secret-token").doesNotContain("abc").contains("Authorization");
  }
}
