package hca.pipeline.service;

import hca.dss.DssClient;
import hca.pipeline.DownloadRoutes;
import hca.pipeline.FlowContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code hca pipeline}: Camel Main with the settings of {@code application.properties}, the
 * trigger routes of {@code routes/*.camel.yaml} and the flows in Java, over a job ledger. The YAML
 * routes reach the Java side through the beans bound here: {@code hcaInbox}, {@code hcaJobs},
 * {@code hcaApi}, {@code hcaCallbacks}.
 */
public final class PipelineService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PipelineService.class);

  private final Main main;
  private final Jobs jobs;
  private final Ledger ledger;
  private final ExecutorService fetchPool;
  private final PipelineSettings settings;
  private final String token;
  private final HomeLock lock;
  private final CountDownLatch stopped = new CountDownLatch(1);

  private PipelineService(Main main, Jobs jobs, Ledger ledger, ExecutorService fetchPool,
      PipelineSettings settings, String token, HomeLock lock) {
    this.lock = lock;
    this.main = main;
    this.jobs = jobs;
    this.ledger = ledger;
    this.fetchPool = fetchPool;
    this.settings = settings;
    this.token = token;
  }

  /**
   * Starts the pipeline.
   *
   * @param props the settings ({@code camel.*} for Camel Main, {@code hca.*} for the pipeline)
   * @param base the folder relative settings are resolved against
   * @param routes where the YAML routes are, as a Camel resource pattern ({@code file:routes/*.camel.yaml})
   * @param client the DSS client the jobs use
   */
  public static PipelineService start(Properties props, Path base, String routes, DssClient client) throws Exception {
    PipelineSettings s = PipelineSettings.from(props, base);
    return start(props, base, routes, client, HomeLock.acquire(s.home()));
  }

  /** Starts the pipeline on a home folder the caller locked; the service releases the lock when it stops. */
  public static PipelineService start(Properties props, Path base, String routes, DssClient client, HomeLock lock)
      throws Exception {
    try {
      return start(PipelineSettings.from(props, base), props, routes, client, lock);
    } catch (Exception | Error e) {
      lock.close();
      throw e;
    }
  }

  private static PipelineService start(PipelineSettings s, Properties props, String routes, DssClient client,
      HomeLock lock) throws Exception {
    StartChecks.portFree(props);
    Files.createDirectories(s.home());
    Files.createDirectories(s.inbox());
    Files.createDirectories(s.downloadDir());
    String token = token(s);
    Ledger ledger = Ledger.open(s.ledgerUrl(), s.ledgerUser(), s.ledgerPassword());
    Metrics metrics = new Metrics();
    Jobs jobs = new Jobs(s, ledger, client, metrics);
    ExecutorService fetchPool = FlowContext.boundedPool("hca-fetch", s.parallel());
    Properties camelProps = new Properties();
    camelProps.putAll(props);
    camelProps.setProperty("hca.inbox", s.inbox().toAbsolutePath().toString());
    camelProps.setProperty("hca.download-dir", s.downloadDir().toAbsolutePath().toString());
    camelProps.setProperty("hca.home", s.home().toAbsolutePath().toString());
    camelProps.putIfAbsent("camel.main.name", "hca-pipeline");
    camelProps.putIfAbsent("camel.main.routes-include-pattern", routes);
    camelProps.putIfAbsent("camel.server.enabled", "true");
    camelProps.putIfAbsent("camel.server.host", "127.0.0.1");
    camelProps.putIfAbsent("camel.server.port", "8088");

    Main main = new Main();
    main.setInitialProperties(camelProps);
    main.setDefaultPropertyPlaceholderLocation("false");
    main.addMainListener(new MainListenerSupport() {
      @Override
      public void beforeConfigure(BaseMainSupport m) {
        // the settings as checked win: --set over the environment (Camel's default lets HCA_* win)
        if (m.getCamelContext().getPropertiesComponent() instanceof PropertiesComponent pc) {
          pc.setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_FALLBACK);
        }
      }
    });
    main.bind("hcaJobs", jobs);
    main.bind("hcaInbox", new Inbox(jobs));
    main.bind("hcaApi", new JobApi(jobs, metrics, token));
    main.bind("hcaCallbacks", new Callbacks(jobs, metrics, s.callbackKeyId(), s.callbackSecret()));
    main.configure().addRoutesBuilder(new DownloadRoutes(fetchPool));
    main.configure().addRoutesBuilder(new JobRoutes(ledger));
    PipelineService service = new PipelineService(main, jobs, ledger, fetchPool, s, token, lock);
    try {
      main.start();
      CamelContext camel = main.getCamelContext();
      if (camel == null || !camel.isStarted()) {
        throw new IllegalStateException("the pipeline's Camel context did not start (see the log above)");
      }
      StartChecks.triggersStarted(camel, camelProps.getProperty("camel.main.routes-include-pattern"));
      jobs.producer(camel.createProducerTemplate());
      for (PipelineSettings.Sync sync : s.syncs()) {
        TemplatedRouteBuilder b = sync.cron() != null
            ? TemplatedRouteBuilder.builder(camel, "sync-cron").parameter("cron", sync.cron())
            : TemplatedRouteBuilder.builder(camel, "sync-every").parameter("period", sync.every().toMillis());
        b.routeId("sync-" + sync.name()).parameter("name", sync.name()).add();
        LOG.info("sync {}: {} every {}", sync.name(), sync.queryFile(),
            sync.cron() != null ? "'" + sync.cron() + "'" : sync.every());
      }
      Subscriptions.register(client, s);
      // manifests still in the inbox are picked up again by its consumer, which continues their jobs
      jobs.resume(j -> j.source() != null && j.source().startsWith("inbox:")
          && Files.exists(s.inbox().resolve(j.source().substring("inbox:".length()))));
    } catch (Exception e) {
      service.close();
      throw e;
    }
    LOG.info("pipeline ready: inbox {}, downloads {}, job API http://{}:{}/jobs (token in {})",
        s.inbox().toAbsolutePath(), s.downloadDir().toAbsolutePath(), camelProps.getProperty("camel.server.host"),
        camelProps.getProperty("camel.server.port"), tokenFile(s).toAbsolutePath());
    return service;
  }

  /** The configured token, or the one kept in {@code <home>/api-token} (made on first start, mode 0600). */
  private static String token(PipelineSettings s) throws IOException {
    if (s.apiToken() != null) {
      return s.apiToken();
    }
    Path f = tokenFile(s);
    if (Files.exists(f)) {
      String t = Files.readString(f, StandardCharsets.UTF_8).trim();
      if (!t.isEmpty()) {
        return t;
      }
    }
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    String t = HexFormat.of().formatHex(b);
    Path tmp = f.resolveSibling(".api-token.tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    }
    Files.writeString(tmp, t + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, f, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return t;
  }

  static Path tokenFile(PipelineSettings s) {
    return s.home().resolve("api-token");
  }

  public String token() {
    return token;
  }

  public PipelineSettings settings() {
    return settings;
  }

  public Jobs jobs() {
    return jobs;
  }

  public CamelContext camel() {
    return main.getCamelContext();
  }

  /** Blocks until {@link #close} ran. */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  @Override
  public synchronized void close() {
    if (stopped.getCount() == 0) {
      return;
    }
    try {
      main.stop();
    } catch (Exception e) {
      LOG.warn("stopping Camel: {}", e.getMessage());
    }
    jobs.close();
    fetchPool.shutdownNow();
    try {
      ledger.close();
    } catch (Exception e) {
      LOG.warn("closing the ledger: {}", e.getMessage());
    }
    lock.close();
    stopped.countDown();
  }
}
