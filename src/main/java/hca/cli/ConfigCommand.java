package hca.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.config.ConfigOrigins;
import hca.config.HcaConfig;
import hca.dss.CredentialsException;
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
      "in HCA_CONFIG_FILE, HCA_DSS_URL, later ones winning; set and unset change only the last of those files."
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

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the merged configuration, defaults included (credentials hidden).")
  static final class Show implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Option(names = "--origin", description = "One line per value: where it came from (default, file:PATH, env:HCA_DSS_URL, command line), a tab, KEY=VALUE.")
    boolean origin;

    @Override
    public Integer call() {
      CliContext ctx = ctx(spec);
      if (origin) {
        ctx.config().withOrigins().forEach(e -> ctx.out().println(e.line()));
      } else {
        Output.json(ctx.out(), masked(ctx.config().asJson(), ""));
      }
      return ExitCodes.OK;
    }

    private static ObjectNode masked(ObjectNode node, String prefix) {
      java.util.List<String> names = new java.util.ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        String key = prefix + name;
        if (ConfigOrigins.isSecret(key)) {
          node.put(name, ConfigOrigins.HIDDEN);
        } else if (node.get(name).isObject()) {
          masked((ObjectNode) node.get(name), key + ".");
        }
      }
      return node;
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Print the value in effect of one key (defaults included), e.g. DSSClient.swagger_url; a credential prints as (hidden).")
  static final class Get implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "KEY", description = "A dotted key.")
    String key;

    @Override
    public Integer call() {
      java.util.Optional<JsonNode> value = ctx(spec).config().get(key);
      if (value.isEmpty() && key.equals("oauth2_token")) {
        throw new CredentialsException("no oauth2_token is set; 'hca dss login --access-token T' stores one");
      }
      JsonNode v = value.orElseThrow(() -> new IllegalArgumentException("no value for " + key));
      if (ConfigOrigins.isSecret(key)) {
        ctx(spec).out().println(ConfigOrigins.HIDDEN);
      } else if (v.isTextual()) {
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
