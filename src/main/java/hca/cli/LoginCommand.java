package hca.cli;

import com.fasterxml.jackson.databind.JsonNode;
import hca.config.HcaConfig;
import hca.config.StoredToken;
import hca.dss.oauth.BrowserSignIn;
import hca.dss.oauth.ClientSecrets;
import hca.dss.oauth.TokenEndpoint;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hca dss login}: signs in through a browser, or stores a given access token. */
@Command(
    name = "login",
    mixinStandardHelpOptions = true,
    description = {
      LoginCommand.SUMMARY,
      "Without --access-token, signs in through a browser (OAuth 2.0 with PKCE and a redirect to",
      "127.0.0.1): the browser opens on the DSS's sign-in page, or the URL to open is printed. The",
      "client configuration comes from the config's application_secrets or from the DSS's",
      "/internal/application_secrets. The token (and its refresh token, used when it is about to",
      "expire) goes into the user's config file, readable by its owner only. Instead of logging in,",
      "GOOGLE_APPLICATION_CREDENTIALS may name a service-account key file: its self-signed tokens are",
      "used and win over a stored one. (A local DSS trusts DIR/credentials/local-user.json.)"
    })
final class LoginCommand implements Callable<Integer> {

  static final String SUMMARY = "Sign in to the DSS, or store an access token for operations that need one.";

  static final String APPLICATION_SECRETS = "application_secrets";

  private final CliContext ctx;

  @Option(names = "--access-token", paramLabel = "TOKEN", description = "Store this bearer token instead of signing in.")
  String accessToken;

  @Option(names = "--no-browser", description = "Print the sign-in URL instead of opening a browser.")
  boolean noBrowser;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
      description = "How long to wait for the browser's answer (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  LoginCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    HcaConfig config = ctx.config();
    if (accessToken != null) {
      if (accessToken.isBlank()) {
        throw new IllegalArgumentException("--access-token is empty");
      }
      config.storeToken(StoredToken.of(accessToken.strip()));
      ctx.err().println("Storing access credentials in " + config.writableFile());
      return ExitCodes.OK;
    }
    if (timeoutSeconds <= 0) {
      throw new IllegalArgumentException("--timeout must be a positive number of seconds, not " + timeoutSeconds);
    }
    JsonNode secretsJson =
        config.get(APPLICATION_SECRETS)
            .orElseGet(() -> ClientSecrets.fetch(URI.create(config.swaggerUrl()), config.allowInsecureHttp()));
    ClientSecrets secrets = ClientSecrets.fromJson(secretsJson, APPLICATION_SECRETS);
    BrowserSignIn flow =
        new BrowserSignIn(secrets, new TokenEndpoint(secrets, config.allowInsecureHttp(), Clock.systemUTC()));
    StoredToken token =
        flow.run(
            url -> new BrowserLauncher(ctx.environment().env(), ctx.err()).show(url, !noBrowser),
            Duration.ofSeconds(timeoutSeconds));
    config.set(APPLICATION_SECRETS, secretsJson);
    config.storeToken(token);
    ctx.err().println("Storing access credentials in " + config.writableFile());
    return ExitCodes.OK;
  }
}
