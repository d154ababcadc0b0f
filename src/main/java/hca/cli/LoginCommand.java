package hca.cli;

import hca.config.StoredToken;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hca dss login}: stores an access token for the DSS. */
@Command(
    name = "login",
    mixinStandardHelpOptions = true,
    description = {
      LoginCommand.SUMMARY,
      "The token goes into the user's config file, readable by its owner only. Instead of logging in,",
      "GOOGLE_APPLICATION_CREDENTIALS may name a service-account key file: its self-signed tokens are",
      "used and win over a stored one. (A local DSS trusts DIR/credentials/local-user.json.)"
    })
final class LoginCommand implements Callable<Integer> {

  static final String SUMMARY = "Store an access token for operations that need one.";

  private final CliContext ctx;

  @Option(names = "--access-token", required = true, paramLabel = "TOKEN", description = "The bearer token to use (required).")
  String accessToken;

  LoginCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    if (accessToken.isBlank()) {
      throw new IllegalArgumentException("--access-token is empty");
    }
    ctx.config().storeToken(StoredToken.of(accessToken.strip()));
    ctx.err().println("Storing access credentials in " + ctx.config().writableFile());
    return ExitCodes.OK;
  }
}
