package hca.cli;

import hca.dss.Credentials;
import hca.dss.DssClient;
import hca.localdss.LocalDss;
import hca.localdss.LocalDssOptions;
import hca.config.ConfigException;
import hca.pipeline.service.HomeLock;
import hca.pipeline.service.KnownSettings;
import hca.pipeline.service.PipelineService;
import hca.pipeline.service.PipelineSettings;
import hca.pipeline.service.StartChecks;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
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
      "Reads application.properties from the current folder (the jar's copy when there is none), and "
          + "routes/*.camel.yaml beside it, else from the current folder, else the jar's copy. Without a DSS URL (hca.dss-url or --dss-url) it starts a local "
          + "DSS in this process, seeded with the example bundle. Runs until stopped; a restart continues "
          + "unfinished jobs."
    })
public final class PipelineCommand implements Callable<Integer> {

  static final String SUMMARY = "Run the pipeline service: a watched inbox, scheduled syncs, a job API.";

  static final String DEFAULTS = "/hca/pipeline/application.properties";
  static final String DEMO_MANIFEST = "/hca/pipeline/examples/manifest.tsv";

  private final CliContext ctx;

  @Option(names = "--properties", paramLabel = "FILE", description = "The settings (default: ./application.properties, else the jar's); routes/ is looked for beside it.")
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
    boolean fromFile = properties != null || Files.exists(file);
    Properties props = new Properties();
    Map<String, String> origins = new HashMap<>();
    Path cwd = Path.of("").toAbsolutePath();
    Path base = fromFile ? file.toAbsolutePath().getParent() : cwd;
    if (fromFile) {
      if (!Files.isReadable(file)) {
        throw new ConfigException(file.toString(), "cannot be read");
      }
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        props.load(r);
      } catch (IOException | IllegalArgumentException e) {
        throw new ConfigException(file.toString(), "not a properties file (" + e.getMessage() + ")");
      }
    } else {
      try (InputStream in = PipelineCommand.class.getResourceAsStream(DEFAULTS)) {
        props.load(in);
      }
    }
    String fileName = fromFile ? file.toString() : "the jar's application.properties";
    props.stringPropertyNames().forEach(k -> origins.put(k, fileName));
    // as Camel reads them in the routes: HCA_INBOX_MIN_AGE_MS for hca.inbox.min-age-ms
    for (String k : KnownSettings.KEYS.keySet()) {
      String v = ctx.environment().env().get(KnownSettings.environmentVariable(k));
      if (v != null) {
        props.setProperty(k, v.trim());
        origins.put(k, "environment " + KnownSettings.environmentVariable(k));
      }
    }
    for (String s : sets) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new picocli.CommandLine.ParameterException(
            new picocli.CommandLine(this), "--set takes KEY=VALUE, not '" + s + "'");
      }
      props.setProperty(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
      origins.put(s.substring(0, eq).trim(), "--set");
    }
    if (ctx.dssUrl() != null) {
      props.setProperty("hca.dss-url", ctx.dssUrl());
      origins.put("hca.dss-url", "--dss-url");
    }
    PipelineSettings settings = PipelineSettings.from(props, base, origins);
    PipelineSettings.LocalDss localSettings = PipelineSettings.localDss(props, base, origins);
    RouteFiles.Found routes = RouteFiles.find(props.getProperty("camel.main.routes-include-pattern",
        "file:routes/*.camel.yaml"), base, fromFile ? file : null, cwd);
    props.setProperty("camel.main.routes-include-pattern", routes.pattern());
    ctx.err().println(routes.line());

    HomeLock lock = HomeLock.acquire(settings.home());
    LocalDss local = null;
    DssClient client;
    String dssUrl = props.getProperty("hca.dss-url", "").trim();
    try {
      StartChecks.portFree(props);
      if (dssUrl.isEmpty()) {
        Path data = localSettings.data();
        local = LocalDss.start(new LocalDssOptions("127.0.0.1", localSettings.port(), 0, 0, data, List.of("example"),
            null, 64L << 20, LocalDssOptions.DEFAULT_NOTIFY_DELAYS));
        ctx.err().println("local DSS API at " + local.apiUrl());
        if (props.getProperty("hca.staging.endpoints", "").isBlank()) {
          props.setProperty("hca.staging.endpoints", data.resolve("endpoints.json").toString());
        }
        client = DssClient.builder().config(ctx.config()).baseUrl(local.apiUrl())
            .auth(new Credentials(ctx.config(), Map.of(Credentials.KEY_FILE_VARIABLE, local.userKeyFile().toString()),
                Credentials.DEFAULT_AUDIENCE, Clock.systemUTC()))
            .build();
      } else {
        client = DssClient.builder().config(ctx.config()).baseUrl(dssUrl).build();
      }
    } catch (Exception | Error e) {
      close(local);
      lock.close();
      throw e;
    }
    try {
      PipelineService service = PipelineService.start(props, base, routes.pattern(), client, lock);
      LocalDss dss = local;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        service.close();
        close(dss);
      }, "hca-pipeline-stop"));
      ctx.err().println("pipeline ready: drop manifests into " + service.settings().inbox().toAbsolutePath()
          + "; status page http://" + props.getProperty("camel.server.host", "127.0.0.1") + ":"
          + props.getProperty("camel.server.port", "8088") + "/status#token=<"
          + (service.settings().apiToken() != null ? "hca.api.token"
              : "the token in " + service.settings().home().resolve("api-token").toAbsolutePath()) + ">");
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
