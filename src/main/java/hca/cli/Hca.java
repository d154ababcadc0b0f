package hca.cli;

import hca.config.ConfigEnvironment;
import hca.dss.DssApiException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * The {@code hca} command: the root of the command tree. Its spec is built in code rather than
 * from annotations, and only the subcommand being run is built in full: reading picocli
 * annotations costs a fifth of a second at start.
 */
public final class Hca implements Runnable {

  private final CliContext ctx;
  private CommandLine.Model.CommandSpec spec;

  Hca(CliContext ctx) {
    this.ctx = ctx;
  }

  /** The root spec: the global options, help and version. */
  private static CommandLine root(Hca hca) {
    CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.wrapWithoutInspection(hca);
    hca.spec = spec;
    spec.name("hca").versionProvider(new Version());
    spec.usageMessage()
        .description("Human Cell Atlas Data Storage Service client, pipeline and local server.")
        .footer("", "Exit codes: 0 ok, 1 DSS error, 2 usage, 3 config, 4 unreachable, 5 bad API spec,",
            "6 credentials, 7 bad input, 8 some files failed, 70 internal error (see the README).");
    spec.addOption(CommandLine.Model.OptionSpec.builder("--dss-url")
        .paramLabel("URL").type(String.class).scopeType(ScopeType.INHERIT)
        .description("The DSS API base URL, e.g. http://127.0.0.1:5000/v1 (default: DSSClient.swagger_url of the configuration).")
        .build());
    spec.addOption(CommandLine.Model.OptionSpec.builder("--log-level")
        .paramLabel("LEVEL").type(String.class).scopeType(ScopeType.INHERIT)
        .description("DEBUG, INFO, WARNING, ERROR or CRITICAL (default: log_level of the configuration). DEBUG shows stack traces.")
        .build());
    spec.addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
        .description("Show this help message and exit.").build());
    spec.addOption(CommandLine.Model.OptionSpec.builder("-V", "--version").versionHelp(true)
        .description("Print version information and exit.").build());
    return new CommandLine(spec);
  }

  CliContext context() {
    return ctx;
  }

  public static void main(String[] args) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      // answered without building the command tree: it is the one command scripts call often
      System.out.println(new Version().getVersion()[0]);
      System.exit(ExitCodes.OK);
    }
    if (args.length == 1 && args[0].equals("cds-training")) {
      try {
        CdsTraining.main(args);
      } catch (Exception e) {
        System.err.println("hca: cds-training failed: " + e);
        System.exit(ExitCodes.INTERNAL);
      }
      System.exit(ExitCodes.OK);
    }
    int code = run(ConfigEnvironment.system(), System.out, System.err, args);
    releaseHttpSelectors();
    System.exit(code);
  }

  /**
   * Wakes the JDK HTTP client's selector threads, which sit in native code: the JVM waits up to
   * 300 ms at exit for threads in native code, a third of a short command's run. (Java 17's
   * HttpClient cannot be closed; the process is exiting anyway.)
   */
  private static void releaseHttpSelectors() {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isDaemon() && t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager")) {
        t.interrupt();
      }
    }
  }

  /** A subcommand of the root: built only when it is the one run (or for completion). */
  private record Sub(String name, String summary, java.util.function.BiFunction<CliContext, String, CommandLine> make) {}

  private static final java.util.List<Sub> SUBCOMMANDS =
      java.util.List.of(
          new Sub("dss", DssCommands.DESCRIPTION, (ctx, op) -> DssCommands.build(ctx, DssCommands.spec(ctx), op)),
          new Sub("local-dss", LocalDssCommand.SUMMARY, (ctx, op) -> new CommandLine(new LocalDssCommand())),
          new Sub("pipeline", PipelineCommand.SUMMARY, (ctx, op) -> new CommandLine(new PipelineCommand(ctx))),
          new Sub("clear-hca-cache", ClearCacheCommand.SUMMARY, (ctx, op) -> new CommandLine(new ClearCacheCommand(ctx))),
          new Sub("config", ConfigCommand.SUMMARY, (ctx, op) -> new CommandLine(new ConfigCommand())),
          new Sub("completion", CompletionCommand.SUMMARY, (ctx, op) -> new CommandLine(new CompletionCommand())));

  /** Runs a command line in this process and returns its exit code. */
  public static int run(ConfigEnvironment env, PrintStream out, PrintStream err, String... args) {
    CliContext ctx = new CliContext(env, out, err);
    java.util.List<String> positionals;
    try {
      positionals = prescan(ctx, args);
    } catch (IllegalArgumentException e) {
      return fail(ctx, e);
    }
    String command = positionals.isEmpty() ? null : positionals.get(0);
    // the one subcommand of that command being run, if named; completion needs every one
    String sub = "completion".equals(command) || positionals.size() < 2 ? null : positionals.get(1);
    Logging.backendFor(command);
    ctx.helpOnly("completion".equals(command) || sub == null
        || java.util.Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h")));
    CommandLine cl = root(new Hca(ctx));
    try {
      for (Sub s : SUBCOMMANDS) {
        boolean real = s.name().equals(command) || "completion".equals(command);
        cl.addSubcommand(s.name(), real ? s.make().apply(ctx, sub) : placeholder(s.name(), s.summary()));
      }
    } catch (RuntimeException e) {
      return fail(ctx, e);
    }
    // after the subcommands are added, so that they write to the same streams
    cl.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> fail(ctx, e));
    cl.setParameterExceptionHandler((e, a) -> usage(err, e));
    return cl.execute(args);
  }

  /** A name and a line of help, without the cost of building the command. */
  static CommandLine placeholder(String name, String summary) {
    CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.wrapWithoutInspection((Runnable) () -> {});
    spec.name(name).usageMessage().description(summary == null ? "" : summary.strip());
    return new CommandLine(spec);
  }

  /**
   * Reads {@code --log-level} and {@code --dss-url} before the command tree exists (the dss
   * commands are built from the spec that the URL names) and returns the first two words that
   * are not options: the command and its subcommand.
   */
  private static java.util.List<String> prescan(CliContext ctx, String[] args) {
    java.util.List<String> positionals = new java.util.ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String value = null;
      String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
      if (name.equals("--log-level") || name.equals("--dss-url")) {
        value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : i + 1 < args.length ? args[++i] : null;
        if (value != null && name.equals("--log-level")) {
          // checked here, before it reaches the logger or the configuration (whose error is exit 3)
          if (!Logging.LEVELS.contains(value.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException(
                "--log-level " + value + ": not one of " + String.join(", ", Logging.LEVELS));
          }
          ctx.logLevel(value.toUpperCase(Locale.ROOT));
          Logging.level(value);
        } else if (value != null) {
          ctx.dssUrl(checkedUrl(value));
        }
      } else if (positionals.size() < 2 && !a.startsWith("-")) {
        positionals.add(a);
      }
    }
    return positionals;
  }

  /** A --dss-url that can be a server's address; otherwise a usage error, not a configuration one. */
  private static String checkedUrl(String value) {
    java.net.URI uri;
    try {
      uri = new java.net.URI(value);
    } catch (java.net.URISyntaxException e) {
      uri = null;
    }
    String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new IllegalArgumentException("--dss-url " + value + ": not an http or https URL (e.g. http://127.0.0.1:5000/v1)");
    }
    return value;
  }

  /** Prints what is wrong with the command line, and where to read about it, in one line. */
  private static int usage(PrintStream err, CommandLine.ParameterException e) {
    CommandLine c = e.getCommandLine();
    String name = c.getCommandSpec().qualifiedName();
    java.util.List<String> unmatched = c.getParseResult() == null ? java.util.List.of() : c.getParseResult().unmatched();
    String message = e.getMessage();
    if (!unmatched.isEmpty() && !(e instanceof CommandLine.UnmatchedArgumentException)) {
      message = "unknown option or argument: " + String.join(" ", unmatched) + "; " + message;
    }
    err.println(oneLine(name + ": " + message + " (try '" + name + " --help')"));
    return ExitCodes.USAGE;
  }

  /** A message as one line: line breaks and other control characters escaped, as file names in messages are. */
  static String oneLine(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return b.toString();
  }

  /** Prints one line for a failed command and returns its exit code. */
  static int fail(CliContext ctx, Exception e) {
    Throwable t = e instanceof CommandLine.ExecutionException && e.getCause() != null ? e.getCause() : e;
    if (t instanceof CommandLine.ParameterException p) {
      return usage(ctx.err(), p);
    }
    t = ExitCodes.cause(t); // a flow's failure may come wrapped by the routing engine
    int code = ExitCodes.of(t);
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    if (t instanceof DssApiException) {
      ctx.err().println(oneLine(message));
    } else if (code == ExitCodes.INTERNAL) {
      ctx.err().println(oneLine("hca: internal error: " + t + " (run with --log-level DEBUG for details)"));
    } else {
      ctx.err().println(oneLine("hca: " + message));
    }
    if (ctx.debug()) {
      t.printStackTrace(ctx.err());
    }
    return code;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code hca completion}: a bash completion script for the whole command tree. */
  @Command(
      name = "completion",
      mixinStandardHelpOptions = true,
      description = {
        CompletionCommand.SUMMARY,
        "Load it with: source <(./hca completion). The dss commands come from the server's spec."
      })
  static final class CompletionCommand implements Runnable {
    static final String SUMMARY = "Print a bash completion script for the whole command tree.";

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      CommandLine root = spec.root().commandLine();
      spec.commandLine().getOut().print(AutoComplete.bash("hca", root));
      spec.commandLine().getOut().flush();
    }
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
