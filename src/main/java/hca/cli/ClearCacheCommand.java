package hca.cli;

import hca.dss.DssHttp;
import hca.dss.SpecCache;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code hca clear-hca-cache}: forgets the cached API specs, so the next command fetches anew. */
@Command(
    name = "clear-hca-cache",
    mixinStandardHelpOptions = true,
    description = ClearCacheCommand.SUMMARY)
final class ClearCacheCommand implements Callable<Integer> {

  static final String SUMMARY = "Delete the cached API specs; the next dss command fetches the server's spec anew.";

  private final CliContext ctx;

  ClearCacheCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    int n = new SpecCache(ctx.config().environment().userConfigDir(), DssHttp.builder().build()).clear();
    ctx.err().println("Removed " + n + " cached API spec" + (n == 1 ? "" : "s") + ".");
    return ExitCodes.OK;
  }
}
