package hca.pipeline.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hca.dss.DssClient;
import hca.dss.SearchQuery;
import hca.pipeline.BundleRef;
import hca.transfer.DownloadOptions;
import hca.pipeline.DownloadRoutes;
import hca.pipeline.DownloadRun;
import hca.transfer.DownloadSummary;
import hca.transfer.FetchLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Creates, runs and resumes the pipeline's jobs. A job is recorded in the ledger before it runs,
 * with its input kept under {@code <home>/jobs/<id>/}, so a restarted pipeline can run it again;
 * the content-addressed store makes the second run fetch only what the first did not finish.
 *
 * <p>Kinds: {@code manifest} (download-manifest), {@code bundle} (download-bundle), {@code sync}
 * (search feeding download-bundle for bundles not yet taken).
 */
public final class Jobs implements AutoCloseable {

  /** The header that carries a job's id. */
  public static final String JOB_HEADER = "hcaJob";

  /** The logging context key of a job's id: every line a job logs carries it. */
  public static final String MDC_KEY = "job";

  static final String SCOPE = "hca.job.scope";
  static final String JOB = "hca.job.id";

  private static final Logger LOG = LoggerFactory.getLogger(Jobs.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PipelineSettings settings;
  private final Ledger ledger;
  private final DssClient client;
  private final Metrics metrics;
  private final ExecutorService pool;
  private volatile ProducerTemplate producer;
  private final Map<String, CompletableFuture<Ledger.JobRow>> running = new ConcurrentHashMap<>();
  private final Map<String, DownloadRun> live = new ConcurrentHashMap<>();

  public Jobs(PipelineSettings settings, Ledger ledger, DssClient client, Metrics metrics) {
    this.settings = settings;
    this.ledger = ledger;
    this.client = client;
    this.metrics = metrics;
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(settings.concurrentJobs(), r -> {
      Thread t = new Thread(r, "hca-job-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Where the jobs send their flows (set once the Camel context is up). */
  public void producer(ProducerTemplate p) {
    this.producer = p;
  }

  public Ledger ledger() {
    return ledger;
  }

  public PipelineSettings settings() {
    return settings;
  }

  // ---- creating jobs

  /** A manifest job over a copy of {@code manifest} (so that the job survives the file). */
  public Ledger.JobRow newManifestJob(Path manifest, String source, String replica, String sha256)
      throws IOException, SQLException {
    return newManifestJob(manifest.getFileName().toString(), copy -> {
      // the last element is not followed: a link swapped in after the caller checked the path is refused
      try (InputStream in = Files.newInputStream(manifest, LinkOption.NOFOLLOW_LINKS)) {
        Files.copy(in, copy);
      }
    }, source, replica, sha256);
  }

  /** A manifest job over posted text, kept as {@code jobs/<id>/<name>}. */
  public Ledger.JobRow newManifestJob(String name, String text, String source, String replica)
      throws IOException, SQLException {
    return newManifestJob(name, copy -> Files.writeString(copy, text, StandardCharsets.UTF_8), source, replica, null);
  }

  /** Writes the input, then records the job; when either fails, neither the folder nor a row is left. */
  private Ledger.JobRow newManifestJob(String name, JobFolder.InputWriter writer, String source, String replica,
      String sha256) throws IOException, SQLException {
    String id = newId();
    Path dir = jobDir(id);
    Path copy = JobFolder.create(dir, safeName(name), writer);
    try {
      Ledger.JobRow j = new Ledger.JobRow(id, "manifest", Ledger.State.QUEUED, source,
          sha256 != null ? sha256 : sha256(copy), copy.toString(), replica, Instant.now(), null,
          0, 0, 0, 0, 0, null, null);
      ledger.insert(j);
      return j;
    } catch (IOException | SQLException | RuntimeException e) {
      JobFolder.remove(dir);
      throw e;
    }
  }

  /** A job for one bundle version (null version: the latest), recorded as taken in {@code scope}. */
  public Ledger.JobRow newBundleJob(String uuid, String version, String replica, String scope)
      throws SQLException {
    Ledger.JobRow j = bundleRow(uuid, version, replica, scope);
    ledger.insert(j);
    return j;
  }

  /** A new bundle job as the ledger will hold it, not yet recorded. */
  Ledger.JobRow bundleRow(String uuid, String version, String replica, String scope) {
    return new Ledger.JobRow(newId(), "bundle", Ledger.State.QUEUED, scope, null,
        version == null ? uuid : uuid + "." + version, replica, Instant.now(), null, 0, 0, 0, 0, 0, null, null);
  }

  /** A job that uploads a folder as a new bundle (or resumes the upload of {@code bundleUuid}). */
  public Ledger.JobRow newUploadJob(Path srcDir, String replica, String stagingBucket, String bundleUuid, String source)
      throws SQLException {
    com.fasterxml.jackson.databind.node.ObjectNode in = JSON.createObjectNode()
        .put("src_dir", srcDir.toString()).put("staging_bucket", stagingBucket);
    if (bundleUuid != null) {
      in.put("bundle_uuid", bundleUuid);
    }
    Ledger.JobRow j = new Ledger.JobRow(newId(), "upload", Ledger.State.QUEUED, source, null, in.toString(), replica,
        Instant.now(), null, 0, 0, 0, 0, 0, null, null);
    ledger.insert(j);
    return j;
  }

  /** A job that runs the named sync now. */
  public Ledger.JobRow newSyncJob(String name, String source) throws SQLException {
    PipelineSettings.Sync sync = sync(name)
        .orElseThrow(() -> new IllegalArgumentException("no sync named '" + name + "' in the configuration"));
    String id = newId();
    Ledger.JobRow j = new Ledger.JobRow(id, "sync", Ledger.State.QUEUED, source, null, sync.name(), sync.replica(),
        Instant.now(), null, 0, 0, 0, 0, 0, null, null);
    ledger.insert(j);
    return j;
  }

  /** Called by a sync's timer: a new sync job, run at once unless the last one is still running. */
  public void runSync(String name) throws Exception {
    boolean busy = running.values().stream().anyMatch(f -> !f.isDone())
        && ledger.unfinished().stream().anyMatch(j -> j.kind().equals("sync") && j.input().equals(name));
    if (busy) {
      LOG.info("sync {}: the previous run is still going; this tick is skipped", name);
      return;
    }
    runNow(newSyncJob(name, "timer").id());
  }

  // ---- running jobs

  /** Runs a job in the job pool; a job already running is not started twice. */
  public CompletableFuture<Ledger.JobRow> start(String id) {
    return running.computeIfAbsent(id, k -> CompletableFuture.supplyAsync(() -> execute(k), pool)
        .whenComplete((r, t) -> running.remove(k)));
  }

  /** Runs a job in the calling thread (or waits for it when it is already running). */
  public Ledger.JobRow runNow(String id) throws Exception {
    CompletableFuture<Ledger.JobRow> mine = new CompletableFuture<>();
    CompletableFuture<Ledger.JobRow> other = running.putIfAbsent(id, mine);
    if (other != null) {
      return other.get();
    }
    try {
      Ledger.JobRow r = execute(id);
      mine.complete(r);
      return r;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      running.remove(id, mine);
    }
  }

  /** Starts again every job a stopped pipeline left unfinished, except those {@code skip} keeps. */
  public List<Ledger.JobRow> resume(java.util.function.Predicate<Ledger.JobRow> skip) throws SQLException {
    List<Ledger.JobRow> left = ledger.unfinished().stream().filter(skip.negate()).toList();
    for (Ledger.JobRow j : left) {
      LOG.info("resuming job {} ({} {}), left {} by a stopped pipeline", j.id(), j.kind(), j.input(),
          j.state().name().toLowerCase(java.util.Locale.ROOT));
      start(j.id());
    }
    return left;
  }

  /** The live counts of a running job, if it is running here. */
  public Optional<DownloadSummary> progress(String id) {
    DownloadRun r = live.get(id);
    return r == null ? Optional.empty() : Optional.of(r.summary(null));
  }

  private Ledger.JobRow execute(String id) {
    MDC.put(MDC_KEY, id);
    try {
      Ledger.JobRow j = ledger.job(id).orElseThrow(() -> new IllegalStateException("no job " + id));
      ledger.running(id);
      if (j.kind().equals("sync")) {
        LOG.debug("job {} started: sync {}", id, j.input());
      } else {
        LOG.info("job {} started: {} {}", id, j.kind(), j.input());
      }
      Path report = jobDir(id).resolve("report.tsv");
      Files.createDirectories(report.getParent());
      DownloadSummary s;
      String error = null;
      try {
        s = switch (j.kind()) {
          case "manifest" -> manifest(j, report);
          case "bundle" -> bundle(j, report);
          case "sync" -> sync(j, report);
          case "upload" -> new UploadJob(settings, ledger, client).run(j, report, jobDir(j.id()));
          default -> throw new IllegalStateException("unknown job kind " + j.kind());
        };
      } catch (Exception e) {
        error = oneLine(e);
        s = null;
        LOG.warn("job {} failed: {}", id, error);
      } finally {
        live.remove(id);
      }
      Ledger.State state = error == null && s.ok() ? Ledger.State.DONE : Ledger.State.FAILED;
      if (error == null && !s.ok()) {
        error = s.failed() + " file(s) failed; see the report";
      }
      String reportPath = Files.exists(report) ? report.toString() : null;
      if (s != null) {
        ledger.finished(id, state, s.plannedFiles(), s.fetched(), s.present(), s.failed(), s.bytes(), error, reportPath);
        if (j.kind().equals("sync") && state == Ledger.State.DONE && s.fetched() + s.present() == 0) {
          LOG.debug("job {} done: nothing new", id);
        } else {
          LOG.info("job {} {}: {}", id, state.name().toLowerCase(java.util.Locale.ROOT), line(j, s));
        }
      } else {
        ledger.finished(id, state, 0, 0, 0, 0, 0, error, reportPath);
      }
      metrics.job(j.kind(), state);
      return ledger.job(id).orElseThrow();
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("the job ledger failed: " + e.getMessage(), e);
    } finally {
      MDC.remove(MDC_KEY);
    }
  }

  /** The job-done line: an upload's files were uploaded, not fetched. */
  static String line(Ledger.JobRow j, DownloadSummary s) {
    return j.kind().equals("upload")
        ? s.fetched() + " uploaded" + (s.report() == null ? "" : "; report: " + s.report())
        : s.line();
  }

  private DownloadSummary manifest(Ledger.JobRow j, Path report) throws Exception {
    DownloadOptions o = options(j.replica(), settings.downloadDir(), settings.bundleLayout());
    try (DownloadRun run = run(j, o, report)) {
      Exchange e = send("direct:download-manifest", Path.of(j.input()), run, Map.of());
      return e.getMessage().getBody(DownloadSummary.class);
    }
  }

  private DownloadSummary bundle(Ledger.JobRow j, Path report) throws Exception {
    DownloadOptions o = options(j.replica(), settings.downloadDir(), true);
    int dot = j.input().indexOf('.');
    BundleRef ref = dot < 0 ? new BundleRef(j.input(), null)
        : new BundleRef(j.input().substring(0, dot), j.input().substring(dot + 1));
    try (DownloadRun run = run(j, o, report)) {
      run.begin(-1, -1);
      String scope = j.source().startsWith("callback:") ? j.source() : "job:" + j.id();
      send("direct:sync-bundle", ref, run, Map.of(SCOPE, scope, JOB, j.id()));
      run.close();
      run.throwIfStopped();
      return run.summary(null);
    }
  }

  private DownloadSummary sync(Ledger.JobRow j, Path report) throws Exception {
    PipelineSettings.Sync sync = sync(j.input())
        .orElseThrow(() -> new IllegalArgumentException("no sync named '" + j.input() + "' in the configuration"));
    JsonNode query = readQuery(sync.queryFile());
    DownloadOptions o = options(sync.replica(), sync.downloadDir(), true);
    try (DownloadRun run = run(j, o, report)) {
      run.begin(-1, -1);
      send("direct:search", query, run, Map.of(DownloadRoutes.SEARCH_TARGET, "direct:sync-bundle",
          SCOPE, "sync:" + sync.name(), JOB, j.id()));
      run.close();
      run.throwIfStopped();
      return run.summary(null);
    }
  }

  /** The es_query of a query file: {@code {"es_query": {...}}} or the query itself. */
  static JsonNode readQuery(Path file) throws IOException {
    try {
      return SearchQuery.read(file.toString(), "query file");
    } catch (SearchQuery.BadQueryException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** A job's download options: every file, with the pipeline's parallelism and fsync setting. */
  private DownloadOptions options(String replica, Path dir, boolean bundleLayout) {
    return new DownloadOptions(
        replica, dir, settings.parallel(), false, bundleLayout, List.of("*"), List.of("*"), settings.fsync());
  }

  private DownloadRun run(Ledger.JobRow j, DownloadOptions o, Path report) {
    DownloadRun run = new DownloadRun(client, o, report, FetchLimits.defaults(), (files, bytes) -> metrics);
    run.outcomes((line, uuid, sha, status, bytes, attempts, error) -> {
      if (status.equals("INVALID")) {
        metrics.invalid();
      }
      try {
        ledger.file(j.id(), line, uuid, sha, status, bytes, attempts, error);
      } catch (SQLException e) {
        throw new IllegalStateException("the job ledger failed: " + e.getMessage(), e);
      }
    });
    live.put(j.id(), run);
    return run;
  }

  private Exchange send(String endpoint, Object body, DownloadRun run, Map<String, Object> properties)
      throws Exception {
    Map<String, Object> props = new HashMap<>(properties);
    props.put(DownloadRun.PROPERTY, run);
    Exchange result = producer.send(endpoint, ExchangePattern.InOut, e -> {
      e.getIn().setBody(body);
      e.getIn().setHeader(JOB_HEADER, MDC.get(MDC_KEY));
      props.forEach(e::setProperty);
    });
    if (result.getException() != null) {
      throw result.getException();
    }
    return result;
  }

  Optional<PipelineSettings.Sync> sync(String name) {
    return settings.syncs().stream().filter(s -> s.name().equals(name)).findFirst();
  }

  Path jobDir(String id) {
    return settings.home().resolve("jobs").resolve(id);
  }

  private static String newId() {
    return UUID.randomUUID().toString();
  }

  /** The last path element of a name, kept to safe characters. */
  static String safeName(String name) {
    String n = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return n.isEmpty() || n.startsWith(".") ? "manifest" + n : n;
  }

  static String sha256(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String oneLine(Throwable e) {
    Throwable t = e;
    while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.lang.reflect.InvocationTargetException
        || t instanceof org.apache.camel.RuntimeCamelException) && t.getCause() != null) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return m.lines().findFirst().orElse(m);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
