package hca.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hca} command: the root of the command tree. */
@Command(
    name = "hca",
    mixinStandardHelpOptions = true,
    versionProvider = Hca.Version.class,
    description = "Human Cell Atlas Data Storage Service client, pipeline and local server.",
    subcommands = {LocalDssCommand.class})
public final class Hca implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code. */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Hca());
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof IllegalArgumentException) {
            commandLine.getErr().println(commandLine.getCommandName() + ": " + e.getMessage());
            return 2;
          }
          if (e instanceof java.net.BindException) {
            commandLine.getErr().println(commandLine.getCommandName() + ": cannot listen: " + e.getMessage());
            return 4;
          }
          throw e;
        });
    return cl.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Reports the version from the jar manifest. */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Hca.class.getPackage().getImplementationVersion();
      return new String[] {
        "hca " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ", " + System.getProperty("os.name") + ")"
      };
    }
  }
}
