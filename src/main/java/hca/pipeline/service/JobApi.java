package hca.pipeline.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.dss.DssVersion;
import hca.transfer.DownloadSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job API the YAML routes expose over HTTP: {@code POST /jobs}, {@code GET /jobs}, {@code GET
 * /jobs/{id}}, each behind a bearer token, and the unauthenticated health, metrics and status page.
 */
public final class JobApi {

  private static final Logger LOG = LoggerFactory.getLogger(JobApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int MAX_NAME = 200;
  private static final Pattern NAME_RE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  /** A lower-case uuid, as the DSS writes them. */
  static final Pattern UUID_RE =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final Jobs jobs;
  private final Metrics metrics;
  private final byte[] token;

  public JobApi(Jobs jobs, Metrics metrics, String token) {
    this.jobs = jobs;
    this.metrics = metrics;
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  /** /jobs: GET lists, POST submits. */
  public void jobs(Exchange e) throws Exception {
    if ("POST".equals(e.getIn().getHeader(Exchange.HTTP_METHOD, String.class))) {
      submit(e);
    } else {
      list(e);
    }
  }

  /** POST /jobs: a manifest (TSV body, or JSON naming a file or holding its text), a bundle, or a sync. */
  public void submit(Exchange e) throws Exception {
    if (!authorized(e)) {
      return;
    }
    String type = String.valueOf(e.getIn().getHeader(Exchange.CONTENT_TYPE, "", String.class));
    byte[] body = e.getIn().getBody(byte[].class);
    body = body == null ? new byte[0] : body;
    Ledger.JobRow job;
    try {
      if (type.startsWith("text/tab-separated-values") || type.startsWith("text/plain")) {
        job = manifestText(new String(body, StandardCharsets.UTF_8), "posted.tsv", jobs.settings().replica());
      } else {
        JsonNode req;
        try {
          req = JSON.readTree(body);
        } catch (IOException ex) {
          badRequest(e, "the body is not JSON: " + Jobs.oneLine(ex));
          return;
        }
        if (req == null || !req.isObject()) {
          badRequest(e, "the body is a JSON object with one of manifest, manifest_tsv, bundle_uuid, sync");
          return;
        }
        String replica = req.path("replica").asText(jobs.settings().replica());
        if (!replica.equals("aws") && !replica.equals("gcp")) {
          badRequest(e, "replica must be aws or gcp, not '" + replica + "'");
          return;
        }
        if (req.hasNonNull("manifest")) {
          Path p = jobs.settings().jobPaths().confine("manifest", req.get("manifest").asText(), false);
          job = jobs.newManifestJob(p, "http:" + p.getFileName(), replica, null);
        } else if (req.hasNonNull("manifest_tsv")) {
          job = manifestText(req.get("manifest_tsv").asText(), name(req.path("name").asText("posted.tsv")), replica);
        } else if (req.hasNonNull("bundle_uuid")) {
          String uuid = req.get("bundle_uuid").asText();
          String version = req.hasNonNull("bundle_version") ? req.get("bundle_version").asText() : null;
          if (!UUID_RE.matcher(uuid).matches()) {
            badRequest(e, "bundle_uuid: '" + uuid + "' is not a lower-case UUID");
            return;
          }
          if (version != null && !DssVersion.PATTERN.matcher(version).matches()) {
            badRequest(e, "bundle_version: '" + version + "' is not a DSS version (e.g. 2018-08-01T223408.596553Z)");
            return;
          }
          job = jobs.newBundleJob(uuid, version, replica, "http");
        } else if (req.hasNonNull("upload")) {
          Path dir = jobs.settings().jobPaths().confine("upload", req.get("upload").asText(), true);
          jobs.settings().jobPaths().checkTree("upload", dir);
          String bucket = req.path("staging_bucket").asText("");
          String bundle = req.hasNonNull("bundle_uuid") ? req.get("bundle_uuid").asText() : null;
          if (bucket.isEmpty()) {
            badRequest(e, "upload needs staging_bucket");
            return;
          }
          if (bundle != null && !UUID_RE.matcher(bundle).matches()) {
            badRequest(e, "bundle_uuid: '" + bundle + "' is not a lower-case UUID");
            return;
          }
          job = jobs.newUploadJob(dir, replica, bucket, bundle, "http");
        } else if (req.hasNonNull("sync")) {
          String name = req.get("sync").asText();
          if (jobs.sync(name).isEmpty()) {
            badRequest(e, "sync: no sync named '" + name + "' in the configuration");
            return;
          }
          job = jobs.newSyncJob(name, "http");
        } else {
          badRequest(e, "the body names none of manifest, manifest_tsv, bundle_uuid, sync, upload");
          return;
        }
      }
    } catch (IllegalArgumentException ex) {
      badRequest(e, ex.getMessage());
      return;
    } catch (IOException | SQLException ex) {
      // the job's folder and row were removed where they were made; the caller may post again
      LOG.warn("POST /jobs: the job could not be made: {}", Jobs.oneLine(ex));
      reply(e, 500, error("internal", "the job could not be made: " + Jobs.oneLine(ex)));
      return;
    }
    jobs.start(job.id());
    e.getMessage().setHeader("Location", "/jobs/" + job.id());
    reply(e, 202, view(jobs.ledger().job(job.id()).orElseThrow()));
  }

  private Ledger.JobRow manifestText(String text, String name, String replica) throws IOException, SQLException {
    String file = name.endsWith(".tsv") ? name : name + ".tsv";
    return jobs.newManifestJob(file, text, "http:" + file, replica);
  }

  /** A posted job's name: it becomes a file name under the job's folder, so it is short and plain. */
  static String name(String name) {
    if (name.length() > MAX_NAME || !NAME_RE.matcher(name).matches()) {
      throw new IllegalArgumentException("name: a job name is 1 to " + MAX_NAME + " characters, letters, digits, "
          + "'.', '_' and '-', starting with a letter or digit (this one has " + name.length() + " characters"
          + (NAME_RE.matcher(name).matches() ? "" : ", not all of them allowed") + ")");
    }
    return name;
  }

  /** GET /jobs: the newest 100 jobs. */
  public void list(Exchange e) throws Exception {
    if (!authorized(e)) {
      return;
    }
    ObjectNode out = JSON.createObjectNode();
    ArrayNode arr = out.putArray("jobs");
    for (Ledger.JobRow j : jobs.ledger().jobs(100)) {
      arr.add(view(j));
    }
    out.put("bytes_total", metrics.bytes());
    reply(e, 200, out);
  }

  /** GET /jobs/{id}. */
  public void get(Exchange e) throws Exception {
    if (!authorized(e)) {
      return;
    }
    String id = e.getIn().getHeader("id", String.class);
    Optional<Ledger.JobRow> j = id == null ? Optional.empty() : jobs.ledger().job(id);
    if (j.isEmpty()) {
      reply(e, 404, error("not_found", "no job " + id));
      return;
    }
    reply(e, 200, view(j.get()));
  }

  /** GET /health/live: the process answers. */
  public void live(Exchange e) {
    reply(e, 200, JSON.createObjectNode().put("status", "UP"));
  }

  /** GET /health/ready: Camel is started and the ledger answers. */
  public void ready(Exchange e) {
    CamelContext c = e.getContext();
    boolean camel = c.isStarted();
    boolean ledger = jobs.ledger().healthy();
    ObjectNode out = JSON.createObjectNode().put("status", camel && ledger ? "UP" : "DOWN");
    out.putObject("checks").put("camel", camel ? "UP" : "DOWN").put("ledger", ledger ? "UP" : "DOWN");
    reply(e, camel && ledger ? 200 : 503, out);
  }

  /** GET /metrics: Prometheus text. */
  public void metrics(Exchange e) {
    e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
    e.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
    e.getMessage().setBody(metrics.render(e.getContext()));
  }

  /** GET /status: the HTML status page (it reads /jobs with the token from its URL fragment). */
  public void statusPage(Exchange e) throws IOException {
    try (var in = JobApi.class.getResourceAsStream("status.html")) {
      e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
      e.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
      e.getMessage().setHeader("Cache-Control", "no-store");
      e.getMessage().setBody(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  ObjectNode view(Ledger.JobRow j) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", j.id()).put("kind", j.kind()).put("state", j.state().name()).put("source", j.source())
        .put("input", input(j))
        .put("replica", j.replica()).put("created", j.created().toString());
    n.put("finished", j.finished() == null ? null : j.finished().toString());
    // an upload job's files were uploaded, not fetched
    String done = j.kind().equals("upload") ? "uploaded" : "fetched";
    Optional<DownloadSummary> live = j.state() == Ledger.State.RUNNING ? jobs.progress(j.id()) : Optional.empty();
    if (live.isPresent()) {
      DownloadSummary s = live.get();
      n.put("files", s.plannedFiles()).put(done, s.fetched()).put("present", s.present())
          .put("failed", s.failed()).put("bytes", s.bytes()).put("bytes_planned", s.plannedBytes())
          .put("bytes_per_second", s.bytes() * 1000 / Math.max(1, s.millis()));
    } else {
      n.put("files", j.files()).put(done, j.fetched()).put("present", j.present()).put("failed", j.failed())
          .put("bytes", j.bytes());
      if (j.finished() != null) {
        long ms = Math.max(1, Duration.between(j.created(), j.finished()).toMillis());
        n.put("bytes_per_second", j.bytes() * 1000 / ms);
      }
    }
    n.put("error", j.error());
    n.put("report", j.report());
    return n;
  }

  private static String input(Ledger.JobRow j) {
    if (j.kind().equals("manifest")) {
      return Path.of(j.input()).getFileName().toString();
    }
    if (j.kind().equals("upload")) {
      try {
        JsonNode in = JSON.readTree(j.input());
        return in.path("src_dir").asText() + " -> " + in.path("bundle_uuid").asText("(new bundle)");
      } catch (IOException ex) {
        return j.input();
      }
    }
    return j.input();
  }

  private boolean authorized(Exchange e) {
    String h = e.getIn().getHeader("Authorization", String.class);
    byte[] given = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)
        ? h.substring(7).trim().getBytes(StandardCharsets.UTF_8) : null;
    if (given != null && MessageDigest.isEqual(given, token)) {
      return true;
    }
    e.getMessage().setHeader("WWW-Authenticate", "Bearer realm=\"hca pipeline\"");
    reply(e, 401, error("unauthorized", given == null ? "the job API needs Authorization: Bearer <token>"
        : "the token is not the pipeline's"));
    return false;
  }

  private static ObjectNode error(String code, String title) {
    return JSON.createObjectNode().put("code", code).put("title", title);
  }

  private static void badRequest(Exchange e, String title) {
    reply(e, 400, error("bad_request", title));
  }

  static void reply(Exchange e, int status, JsonNode body) {
    e.getMessage().removeHeaders("*", "Location", "WWW-Authenticate");
    e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
    e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
    try {
      e.getMessage().setBody(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body) + "\n");
    } catch (IOException ex) {
      throw new IllegalStateException(ex);
    }
  }

  static Instant now() {
    return Instant.now();
  }
}
