package hca.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.config.HcaConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hca config}: reads and writes the user's configuration. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = {
      ConfigCommand.SUMMARY,
      "Values are read from the built-in defaults,",
      "/etc/hca/config.json, $XDG_CONFIG_HOME/hca/config.json (~/.config/hca/config.json) and the files",
      "in HCA_CONFIG_FILE, later ones winning; set and unset change only the last of those files."
    },
    subcommands = {ConfigCommand.Show.class, ConfigCommand.Get.class, ConfigCommand.Set.class, ConfigCommand.Unset.class})
final class ConfigCommand implements Runnable {

  static final String SUMMARY = "Show or change the configuration.";

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static CliContext ctx(picocli.CommandLine.Model.CommandSpec spec) {
    return ((Hca) spec.root().userObject()).context();
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the merged configuration (tokens hidden).")
  static final class Show implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      ObjectNode all = ctx(spec).config().asJson().deepCopy();
      for (String secret : new String[] {"oauth2_token", "application_secrets"}) {
        if (all.has(secret)) {
          all.put(secret, "(hidden)");
        }
      }
      Output.json(ctx(spec).out(), all);
      return ExitCodes.OK;
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Print one value, e.g. DSSClient.swagger_url.")
  static final class Get implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "KEY", description = "A dotted key.")
    String key;

    @Override
    public Integer call() {
      if (key.startsWith("oauth2_token") || key.startsWith("application_secrets")) {
        throw new IllegalArgumentException(key + " is a credential and is not printed");
      }
      JsonNode v = ctx(spec).config().get(key).orElseThrow(() -> new IllegalArgumentException("no value for " + key));
      if (v.isTextual()) {
        ctx(spec).out().println(v.asText());
      } else {
        Output.json(ctx(spec).out(), v);
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "set", mixinStandardHelpOptions = true, description = "Set a value in the user's config file (JSON values are parsed, others kept as text).")
  static final class Set implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KEY", description = "A dotted key, e.g. DSSClient.swagger_url.")
    String key;

    @Parameters(index = "1", paramLabel = "VALUE", description = "The value.")
    String value;

    @Override
    public Integer call() {
      ctx(spec).config().set(key, HcaConfig.parseValue(value));
      return ExitCodes.OK;
    }
  }

  @Command(name = "unset", mixinStandardHelpOptions = true, description = "Remove a value from the user's config file.")
  static final class Unset implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "KEY", description = "A dotted key.")
    String key;

    @Override
    public Integer call() {
      ctx(spec).config().remove(key);
      return ExitCodes.OK;
    }
  }
}
