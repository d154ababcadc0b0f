package hca.pipeline.service;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code hca.*} settings of {@code application.properties}, read once at start and checked:
 * a bad value is refused with its key.
 *
 * @param home where the pipeline keeps its ledger, job inputs and, by default, its folders
 * @param inbox the watched folder for manifests
 * @param downloadDir where files are stored and laid out
 * @param replica the replica jobs read unless they say otherwise
 * @param parallel files fetched at once over all jobs
 * @param fsync whether each downloaded file is flushed to disk before it counts as stored
 * @param bundleLayout whether manifest jobs also link files into {@code <uuid>.<version>/}
 * @param concurrentJobs jobs run at once (the inbox runs one manifest at a time besides)
 * @param apiToken the bearer token the job API requires
 * @param callbackKeyId the HMAC key id subscriptions are registered with
 * @param callbackSecret the HMAC secret callbacks must be signed with (none: callbacks refused)
 * @param publicUrl the pipeline's HTTP base URL as the DSS sees it, for subscriptions
 * @param ledgerUrl JDBC URL of the job ledger
 * @param syncs the scheduled syncs
 * @param subscriptions the subscriptions registered with the DSS at start
 * @param stagingEndpoints an {@code endpoints.json} naming the staging endpoints for upload jobs
 *     (the embedded local DSS's), or null for the environment and the configuration
 * @param jobPaths the folders the job API may name files and folders in ({@code hca.jobs.roots})
 */
public record PipelineSettings(
    Path home,
    Path inbox,
    Path downloadDir,
    String replica,
    int parallel,
    boolean fsync,
    boolean bundleLayout,
    int concurrentJobs,
    String apiToken,
    String callbackKeyId,
    String callbackSecret,
    String publicUrl,
    String ledgerUrl,
    String ledgerUser,
    String ledgerPassword,
    List<Sync> syncs,
    List<Subscribe> subscriptions,
    Path stagingEndpoints,
    JobPaths jobPaths) {

  /** A subscription to register with the DSS at start: its name, query file and replica. */
  public record Subscribe(String name, Path queryFile, String replica) {}

  /**
   * One scheduled sync.
   *
   * @param name its name (the scope of its ledger entries)
   * @param queryFile a file with the search body or es_query
   * @param replica aws or gcp
   * @param every a period (e.g. 10m), or null when cron is set
   * @param cron a Quartz cron expression, or null when every is set
   * @param downloadDir where its bundles go
   */
  public record Sync(String name, Path queryFile, String replica, Duration every, String cron, Path downloadDir) {}

  /** Reads and checks the settings; {@code base} resolves relative paths. */
  public static PipelineSettings from(Properties p, Path base) {
    return from(p, base, Map.of());
  }

  /**
   * Reads and checks every {@code hca.*} setting, refusing unknown keys.
   *
   * @param origins where each key's value came from (a file's path, {@code --set}, the environment)
   */
  public static PipelineSettings from(Properties p, Path base, Map<String, String> origins) {
    SettingReader r = new SettingReader(p, origins, base);
    r.refuseUnknown();
    Path home = r.path("hca.home", base.resolve(r.get("hca.home")).normalize());
    Path inbox = r.path("hca.inbox", home.resolve("inbox"));
    Path downloads = r.path("hca.download-dir", home.resolve("downloads"));
    String replica = r.oneOf("hca.replica", Set.of("aws", "gcp"));
    int parallel = r.positive("hca.parallel");
    boolean fsync = r.bool("hca.fsync");
    String layout = r.oneOf("hca.layout", Set.of("bundle", "none"));
    // read by the routes and the command rather than kept here, but checked all the same
    r.number("hca.inbox.min-age-ms", 0, Long.MAX_VALUE);
    r.number("hca.inbox.check-interval-ms", 1, Long.MAX_VALUE);
    r.number("hca.inbox.poll-ms", 1, Long.MAX_VALUE);
    r.url("hca.dss-url");
    localDss(r, home);
    String ledgerUrl = r.get("hca.ledger.url");
    if (ledgerUrl != null && !ledgerUrl.startsWith("jdbc:")) {
      throw r.bad("hca.ledger.url", "must be a JDBC URL (jdbc:...), not '" + ledgerUrl + "'");
    }
    List<Sync> syncs = new ArrayList<>();
    for (String n : names(r, "hca.sync.")) {
      String pre = "hca.sync." + n + ".";
      Path query = queryFile(r, pre);
      boolean every = r.get(pre + "every", null) != null;
      if (every == (r.get(pre + "cron", null) != null)) {
        throw r.bad(pre + "query-file", "needs exactly one of " + pre + "every (e.g. 10m) and " + pre + "cron");
      }
      syncs.add(new Sync(n, query, r.replica(pre + "replica", replica),
          every ? r.duration(pre + "every") : null, every ? null : r.cron(pre + "cron"),
          r.path(pre + "download-dir", downloads)));
    }
    List<Subscribe> subscriptions = new ArrayList<>();
    for (String n : names(r, "hca.subscribe.")) {
      String pre = "hca.subscribe." + n + ".";
      subscriptions.add(new Subscribe(n, queryFile(r, pre), r.replica(pre + "replica", replica)));
    }
    String ledger = ledgerUrl != null ? ledgerUrl
        : "jdbc:h2:file:" + home.toAbsolutePath().resolve("ledger") + ";DB_CLOSE_ON_EXIT=FALSE";
    return new PipelineSettings(home, inbox, downloads, replica, parallel, fsync, layout.equals("bundle"),
        r.positive("hca.jobs.concurrent"), r.get("hca.api.token"),
        r.get("hca.callbacks.key-id"), r.get("hca.callbacks.secret"),
        r.url("hca.public-url"),
        ledger, r.get("hca.ledger.user"), r.get("hca.ledger.password", ""), List.copyOf(syncs),
        List.copyOf(subscriptions), r.path("hca.staging.endpoints", null),
        JobPaths.from(p, base, home, inbox, downloads, localDss(r, home).data(), ledger));
  }

  /** The embedded local DSS's data folder ({@code <hca.home>/local-dss} unless set) and port. */
  public record LocalDss(Path data, int port) {}

  /** The local DSS settings, checked; {@code origins} as for {@link #from(Properties, Path, Map)}. */
  public static LocalDss localDss(Properties p, Path base, Map<String, String> origins) {
    SettingReader r = new SettingReader(p, origins, base);
    return localDss(r, r.path("hca.home", base.resolve(r.get("hca.home")).normalize()));
  }

  private static LocalDss localDss(SettingReader r, Path home) {
    return new LocalDss(r.path("hca.local-dss.data", home.resolve("local-dss")),
        (int) r.number("hca.local-dss.port", 0, 65535));
  }

  private static Path queryFile(SettingReader r, String pre) {
    Path q = r.path(pre + "query-file", null);
    if (q == null) {
      throw r.bad(pre.substring(0, pre.length() - 1), "needs " + pre + "query-file");
    }
    return q;
  }

  /** The names under {@code prefix} ({@code hca.sync.<name>.<key>}), each checked. */
  private static TreeSet<String> names(SettingReader r, String prefix) {
    TreeSet<String> names = new TreeSet<>();
    for (String k : r.properties().stringPropertyNames()) {
      if (k.startsWith(prefix)) {
        String n = k.substring(prefix.length(), k.lastIndexOf('.'));
        if (!n.matches("[A-Za-z0-9_-]+")) {
          throw r.bad(k, "is not " + prefix + "<name>.<key> with a name of letters, digits, _ and -");
        }
        names.add(n);
      }
    }
    return names;
  }
}
