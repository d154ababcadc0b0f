package hca.cli;

import hca.config.HcaConfig;
import hca.config.StoredToken;
import hca.dss.DssException;
import hca.dss.oauth.ClientSecrets;
import hca.dss.oauth.TokenEndpoint;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code hca dss logout}: revokes the stored refresh token where it can, then forgets the token. */
@Command(
    name = "logout",
    mixinStandardHelpOptions = true,
    description = {
      LogoutCommand.SUMMARY,
      "A refresh token from a browser sign-in is first revoked at the provider's revoke_uri, when",
      "it has one; the token is forgotten even if revoking fails (a warning line says so)."
    })
final class LogoutCommand implements Callable<Integer> {

  static final String SUMMARY = "Remove the stored access token.";

  private final CliContext ctx;

  LogoutCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    HcaConfig config = ctx.config();
    Optional<StoredToken> token = config.token();
    if (token.isPresent() && token.get().refreshToken() != null) {
      config.get(LoginCommand.APPLICATION_SECRETS).ifPresent(json -> {
        try {
          ClientSecrets secrets = ClientSecrets.fromJson(json, LoginCommand.APPLICATION_SECRETS);
          new TokenEndpoint(secrets, config.allowInsecureHttp(), Clock.systemUTC())
              .revoke(token.get().refreshToken());
        } catch (DssException e) {
          ctx.err().println("hca: warning: the refresh token was not revoked: " + e.getMessage());
        }
      });
    }
    config.clearToken();
    return ExitCodes.OK;
  }
}
