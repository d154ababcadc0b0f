package hca.cli;

import hca.dss.DssException;
import hca.dss.spec.ApiSpec;
import hca.dss.spec.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code hca dss}: a command for every operation of the server's API spec (fetched from
 * {@code DSSClient.swagger_url} and cached), plus the hand-written ones.
 */
final class DssCommands {

  static final String DESCRIPTION =
      "Commands for the Data Storage Service: one for each operation of the server's API, plus login and logout.";

  private static final String BUNDLED = "/hca/dss/dss-api.yml";

  private DssCommands() {}

  /**
   * The server's spec (or the cached copy); for help and completion, when the server cannot be
   * reached or refuses and nothing is cached, the spec bundled in the jar, said in one line on
   * stderr. A server whose spec is broken is an error still: its commands would differ.
   */
  static ApiSpec spec(CliContext ctx) {
    try {
      return ctx.client().spec();
    } catch (DssException e) {
      if (!ctx.helpOnly()) {
        throw e;
      }
      ctx.err().println("hca: " + e.getMessage().lines().findFirst().orElse("")
          + "; this help describes the DSS API spec bundled with hca");
      return bundled();
    }
  }

  /** The DSS API spec shipped in the jar. */
  static ApiSpec bundled() {
    try (InputStream in = DssCommands.class.getResourceAsStream(BUNDLED)) {
      return ApiSpec.parse(in.readAllBytes(), "dss-api.yml (bundled)");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled API spec", e);
    }
  }

  /**
   * The group, built from the spec. Only {@code only} (the command being run) is built in full,
   * the others as a name and a line of help, unless {@code only} is null.
   */
  static CommandLine build(CliContext ctx, ApiSpec api, String only) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(new Group());
    spec.name("dss");
    spec.addOption(
        picocli.CommandLine.Model.OptionSpec.builder("-h", "--help")
            .usageHelp(true)
            .description("Show this help message and exit.")
            .build());
    String title = api.title() == null ? "DSS" : api.title();
    spec.usageMessage().description(DESCRIPTION, "API: " + title + " " + (api.version() == null ? "" : api.version()));
    CommandLine dss = new CommandLine(spec);
    for (Operation op : api.operations()) {
      boolean full = only == null || only.equals(op.commandName());
      dss.addSubcommand(
          op.commandName(),
          full ? OperationCommand.create(ctx, op) : Hca.placeholder(op.commandName(), op.summary()));
    }
    dss.addSubcommand("login", only == null || only.equals("login")
        ? new CommandLine(new LoginCommand(ctx)) : Hca.placeholder("login", LoginCommand.SUMMARY));
    dss.addSubcommand("logout", only == null || only.equals("logout")
        ? new CommandLine(new LogoutCommand(ctx)) : Hca.placeholder("logout", LogoutCommand.SUMMARY));
    dss.addSubcommand("download", only == null || only.equals("download")
        ? new CommandLine(new DownloadCommand(ctx)) : Hca.placeholder("download", DownloadCommand.SUMMARY));
    dss.addSubcommand("download-manifest", only == null || only.equals("download-manifest")
        ? new CommandLine(new DownloadManifestCommand(ctx))
        : Hca.placeholder("download-manifest", DownloadManifestCommand.SUMMARY));
    dss.addSubcommand("upload", only == null || only.equals("upload")
        ? new CommandLine(new UploadCommand(ctx)) : Hca.placeholder("upload", UploadCommand.SUMMARY));
    ((Group) spec.userObject()).spec = spec;
    return dss;
  }

  /** {@code hca dss} alone prints the group's help, as the original did. */
  private static final class Group implements Runnable {
    CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }
}
