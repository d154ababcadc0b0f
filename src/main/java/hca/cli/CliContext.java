package hca.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import hca.config.ConfigEnvironment;
import hca.config.HcaConfig;
import hca.dss.DssClient;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every command of one {@code hca} run shares: the process environment, the streams, the
 * global options, and, built on first use, the configuration and the DSS client.
 */
public final class CliContext {

  private final ConfigEnvironment environment;
  private final PrintStream out;
  private final PrintStream err;
  private String dssUrl;
  private String logLevel;
  private HcaConfig config;
  private DssClient client;
  private boolean helpOnly;

  public CliContext(ConfigEnvironment environment, PrintStream out, PrintStream err) {
    this.environment = environment;
    this.out = out;
    this.err = err;
  }

  public PrintStream out() {
    return out;
  }

  public PrintStream err() {
    return err;
  }

  public ConfigEnvironment environment() {
    return environment;
  }

  /** {@code --dss-url}: the API base URL, standing for {@code DSSClient.swagger_url}. */
  void dssUrl(String url) {
    this.dssUrl = url;
  }

  /** The {@code --dss-url} given, or null. */
  String dssUrl() {
    return dssUrl;
  }

  /** Whether this run only shows help or completion, which need no server. */
  void helpOnly(boolean helpOnly) {
    this.helpOnly = helpOnly;
  }

  boolean helpOnly() {
    return helpOnly;
  }

  void logLevel(String level) {
    this.logLevel = level;
  }

  /** The layered configuration, with the command line's options as its last layer. */
  public HcaConfig config() {
    if (config == null) {
      Map<String, JsonNode> overrides = new LinkedHashMap<>();
      if (dssUrl != null) {
        String base = dssUrl.endsWith("/") ? dssUrl.substring(0, dssUrl.length() - 1) : dssUrl;
        overrides.put("DSSClient.swagger_url", TextNode.valueOf(base + "/swagger.json"));
      }
      if (logLevel != null) {
        overrides.put("log_level", TextNode.valueOf(logLevel));
      }
      config = HcaConfig.load(environment, overrides);
      if (logLevel == null) {
        Logging.level(config.logLevel());
      }
    }
    return config;
  }

  /** The DSS client, its spec fetched or taken from the cache. */
  public DssClient client() {
    if (client == null) {
      client = DssClient.builder().config(config()).build();
    }
    return client;
  }

  /** Whether failures should show their stack trace. */
  boolean debug() {
    String level = logLevel != null ? logLevel : System.getProperty(Logging.LEVEL_PROPERTY, "");
    return "DEBUG".equalsIgnoreCase(level);
  }
}
