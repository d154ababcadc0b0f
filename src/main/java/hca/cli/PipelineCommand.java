package hca.cli;

import hca.dss.Credentials;
import hca.dss.DssClient;
import hca.localdss.LocalDss;
import hca.localdss.LocalDssOptions;
import hca.config.ConfigException;
import hca.pipeline.service.PipelineService;
import hca.pipeline.service.PipelineSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hca pipeline}: the Camel service (inbox, syncs, job API, callbacks, ledger). */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description = {
      PipelineCommand.SUMMARY,
      "Reads application.properties and routes/*.camel.yaml from the current folder (the copies in "
          + "the jar when there are none). Without a DSS URL (hca.dss-url or --dss-url) it starts a local "
          + "DSS in this process, seeded with the example bundle. Runs until stopped; a restart continues "
          + "unfinished jobs."
    })
public final class PipelineCommand implements Callable<Integer> {

  static final String SUMMARY = "Run the pipeline service: a watched inbox, scheduled syncs, a job API.";

  static final String DEFAULTS = "/hca/pipeline/application.properties";
  static final String DEFAULT_ROUTES = "classpath:hca/pipeline/routes/*.camel.yaml";
  static final String DEMO_MANIFEST = "/hca/pipeline/examples/manifest.tsv";

  private final CliContext ctx;

  @Option(names = "--properties", paramLabel = "FILE", description = "The settings (default: ./application.properties, else the jar's).")
  Path properties;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A setting that wins over the file's (repeatable), e.g. --set camel.server.port=8089.")
  List<String> sets = new ArrayList<>();

  @Option(names = "--demo", description = "Drop the example manifest (examples/manifest.tsv) into the inbox once started.")
  boolean demo;

  PipelineCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    Path file = properties != null ? properties : Path.of("application.properties");
    Properties props = new Properties();
    Path base;
    if (Files.exists(file) || properties != null) {
      if (!Files.isReadable(file)) {
        throw new ConfigException(file.toString(), "cannot be read");
      }
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        props.load(r);
      } catch (IOException | IllegalArgumentException e) {
        throw new ConfigException(file.toString(), "not a properties file (" + e.getMessage() + ")");
      }
      base = file.toAbsolutePath().getParent();
    } else {
      try (InputStream in = PipelineCommand.class.getResourceAsStream(DEFAULTS)) {
        props.load(in);
      }
      props.setProperty("camel.main.routes-include-pattern", DEFAULT_ROUTES);
      base = Path.of("").toAbsolutePath();
    }
    for (String s : sets) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new picocli.CommandLine.ParameterException(
            new picocli.CommandLine(this), "--set takes KEY=VALUE, not '" + s + "'");
      }
      props.setProperty(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
    }
    try {
      PipelineSettings.from(props, base);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(properties != null || Files.exists(file) ? file.toString() : "settings", e.getMessage());
    }
    if (ctx.dssUrl() != null) {
      props.setProperty("hca.dss-url", ctx.dssUrl());
    }
    String routes = props.getProperty("camel.main.routes-include-pattern", "file:routes/*.camel.yaml");
    props.setProperty("camel.main.routes-include-pattern", absoluteRoutes(routes, base));

    LocalDss local = null;
    DssClient client;
    String dssUrl = props.getProperty("hca.dss-url", "").trim();
    try {
      if (dssUrl.isEmpty()) {
        Path data = base.resolve(props.getProperty("hca.local-dss.data", "pipeline-data/local-dss").trim());
        int port = Integer.parseInt(props.getProperty("hca.local-dss.port", "0").trim());
        local = LocalDss.start(new LocalDssOptions("127.0.0.1", port, 0, 0, data.normalize(), List.of("example"),
            null, 64L << 20, LocalDssOptions.DEFAULT_NOTIFY_DELAYS));
        ctx.err().println("local DSS API at " + local.apiUrl());
        props.putIfAbsent("hca.staging.endpoints", data.resolve("endpoints.json").toString());
        client = DssClient.builder().config(ctx.config()).baseUrl(local.apiUrl())
            .auth(new Credentials(ctx.config(), Map.of(Credentials.KEY_FILE_VARIABLE, local.userKeyFile().toString()),
                Credentials.DEFAULT_AUDIENCE, Clock.systemUTC()))
            .build();
      } else {
        client = DssClient.builder().config(ctx.config()).baseUrl(dssUrl).build();
      }
      PipelineService service = PipelineService.start(props, base, routes, client);
      LocalDss dss = local;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        service.close();
        close(dss);
      }, "hca-pipeline-stop"));
      ctx.err().println("pipeline ready: drop manifests into " + service.settings().inbox().toAbsolutePath()
          + "; status page http://" + props.getProperty("camel.server.host", "127.0.0.1") + ":"
          + props.getProperty("camel.server.port", "8088") + "/status#token=<the token in "
          + service.settings().home().resolve("api-token").toAbsolutePath() + ">");
      if (demo) {
        dropDemo(service.settings().inbox());
      }
      service.awaitStop();
      return 0;
    } catch (Exception e) {
      close(local);
      throw e;
    }
  }

  private void dropDemo(Path inbox) throws IOException {
    Path target = inbox.resolve("example-manifest.tsv");
    Path tmp = inbox.resolve(".example-manifest.tsv.tmp");
    Path shipped = Path.of("examples", "manifest.tsv");
    if (Files.exists(shipped)) {
      Files.copy(shipped, tmp, StandardCopyOption.REPLACE_EXISTING);
    } else {
      try (InputStream in = PipelineCommand.class.getResourceAsStream(DEMO_MANIFEST)) {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    ctx.err().println("demo: dropped " + target + "; watch " + inbox.resolve(".done"));
  }

  /** A relative {@code file:} pattern, resolved against the settings' folder. */
  static String absoluteRoutes(String pattern, Path base) {
    StringBuilder out = new StringBuilder();
    for (String p : pattern.split(",")) {
      String t = p.trim();
      if (t.startsWith("file:") && !Path.of(t.substring(5)).isAbsolute()) {
        t = "file:" + base.resolve(t.substring(5)).normalize();
      }
      out.append(out.isEmpty() ? "" : ",").append(t);
    }
    return out.toString();
  }

  private static void close(LocalDss dss) {
    if (dss != null) {
      try {
        dss.close();
      } catch (Exception ignored) {
        // stopping anyway
      }
    }
  }

}
