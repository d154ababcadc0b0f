package hca.dss;

import hca.config.ConfigEnvironment;
import hca.config.HcaConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A configuration under a temporary folder (home, /etc, environment) pointing at one DSS, and
 * clients built from it, so that no test reads or writes the real home.
 */
final class ClientFixture {

  final Path home;
  final Path etc;
  final Map<String, String> env = new HashMap<>();
  final RecordingSleeper sleeper = new RecordingSleeper();

  ClientFixture(Path root, String swaggerUrl) {
    this.home = root.resolve("home");
    this.etc = root.resolve("etc");
    try {
      Path user = environment().userFile();
      Files.createDirectories(user.getParent());
      Files.writeString(user, "{\"DSSClient\": {\"swagger_url\": \"" + swaggerUrl + "\"}}");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ConfigEnvironment environment() {
    return new ConfigEnvironment(env, home, etc);
  }

  HcaConfig config() {
    return HcaConfig.load(environment(), Map.of());
  }

  /** Retries without waiting (waits are recorded), {@code maxAttempts} per request. */
  DssHttp.Builder http(int maxAttempts) {
    return DssHttp.builder()
        .sleeper(sleeper)
        .retryPolicy(
            RetryPolicy.defaults()
                .withMaxAttempts(maxAttempts)
                .withDelays(Duration.ofMillis(1), Duration.ofMillis(5)));
  }

  /** A client with the fixture's configuration and credentials, and {@code http}. */
  DssClient client(DssHttp http) {
    return DssClient.builder().config(config()).http(http).build();
  }

  /** A client with four attempts per request and recorded waits. */
  DssClient client() {
    return client(http(4).build());
  }
}
