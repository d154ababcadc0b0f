package hca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code hca dss login --no-browser} running in a thread, with the sign-in URL it printed, and a
 * plain HTTP client standing in for the browser where a test needs no real one.
 */
final class LoginFlow {

  static final String PROMPT = "Please visit this URL to authorize this application: ";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  final CompletableFuture<CliRunner.Result> result;
  final URI url;

  private LoginFlow(CompletableFuture<CliRunner.Result> result, URI url) {
    this.result = result;
    this.url = url;
  }

  /** Starts {@code login --no-browser} and waits (up to 30 s) for the URL on its stderr. */
  static LoginFlow start(CliRunner hca, String... extra) throws Exception {
    String[] args = new String[extra.length + 1];
    args[0] = "--no-browser";
    System.arraycopy(extra, 0, args, 1, extra.length);
    return startLogin(hca, args);
  }

  /** Starts {@code login} with exactly these options and waits (up to 30 s) for the URL on its stderr. */
  static LoginFlow startLogin(CliRunner hca, String... options) throws Exception {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    String[] args = new String[options.length + 2];
    args[0] = "dss";
    args[1] = "login";
    System.arraycopy(options, 0, args, 2, options.length);
    CompletableFuture<CliRunner.Result> result =
        CompletableFuture.supplyAsync(() -> hca.dssWatchingStderr(lines::add, args));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null && line.startsWith(PROMPT)) {
        return new LoginFlow(result, URI.create(line.substring(PROMPT.length())));
      }
      if (line == null && result.isDone()) {
        throw new AssertionError("login ended without printing a URL: " + result.get());
      }
    }
    throw new AssertionError("no sign-in URL within 30 s");
  }

  /** The login's outcome, waited for up to 60 s. */
  CliRunner.Result finish() throws Exception {
    return result.get(60, TimeUnit.SECONDS);
  }

  /** GETs the consent page, asserting it asks about the prefilled email. */
  String consentPage() throws Exception {
    HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    return page.body();
  }

  /** POSTs the consent form as the page would, returning the redirect's target. */
  URI decide(String decision, String email) throws Exception {
    Map<String, String> form = new LinkedHashMap<>(query(url));
    form.remove("response_type");
    form.remove("access_type");
    form.put("email", email);
    form.put("decision", decision);
    StringJoiner body = new StringJoiner("&");
    form.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(url.resolve(url.getRawPath()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    return URI.create(r.headers().firstValue("Location").orElseThrow());
  }

  /** Follows a redirect to the login's loopback listener, as the browser would; returns its page. */
  static String follow(URI redirect) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(redirect).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  static Map<String, String> query(URI u) {
    Map<String, String> q = new LinkedHashMap<>();
    for (String pair : u.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return q;
  }

  /** The user's config file, as JSON ({} when there is none). */
  static JsonNode config(CliRunner hca) throws Exception {
    Path f = hca.home().resolve(".config/hca/config.json");
    return Files.exists(f) ? new ObjectMapper().readTree(f.toFile()) : new ObjectMapper().createObjectNode();
  }

  /** POSTs a refresh_token grant to the token endpoint the URL's provider serves. */
  HttpResponse<String> refreshAt(String refreshToken) throws Exception {
    URI token = url.resolve("/internal/oauth/token");
    String body = "grant_type=refresh_token&client_id=hca-cli&refresh_token=" + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8);
    return HTTP.send(
        HttpRequest.newBuilder(token).header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
