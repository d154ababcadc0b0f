package hca.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code hca dss logout}: forgets the stored access token. */
@Command(name = "logout", mixinStandardHelpOptions = true, description = LogoutCommand.SUMMARY)
final class LogoutCommand implements Callable<Integer> {

  static final String SUMMARY = "Remove the stored access token.";

  private final CliContext ctx;

  LogoutCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    ctx.config().clearToken();
    return ExitCodes.OK;
  }
}
