package hca.pipeline.service;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
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
    Path home = path(p, base, "hca.home", "pipeline-data");
    Path inbox = path(p, base, "hca.inbox", home.resolve("inbox").toString());
    Path downloads = path(p, base, "hca.download-dir", home.resolve("downloads").toString());
    String replica = replica(get(p, "hca.replica", "aws"), "hca.replica");
    int parallel = positive(p, "hca.parallel", 16);
    boolean fsync = bool(p, "hca.fsync", true);
    String layout = get(p, "hca.layout", "bundle");
    if (!layout.equals("bundle") && !layout.equals("none")) {
      throw new IllegalArgumentException("hca.layout must be bundle or none, not '" + layout + "'");
    }
    List<Sync> syncs = new ArrayList<>();
    TreeSet<String> names = new TreeSet<>();
    for (String k : p.stringPropertyNames()) {
      if (k.startsWith("hca.sync.")) {
        String rest = k.substring("hca.sync.".length());
        int dot = rest.indexOf('.');
        if (dot <= 0) {
          throw new IllegalArgumentException(k + ": a sync setting is hca.sync.<name>.<key>");
        }
        names.add(rest.substring(0, dot));
      }
    }
    for (String n : names) {
      if (!n.matches("[A-Za-z0-9_-]+")) {
        throw new IllegalArgumentException("hca.sync." + n + ": a sync name is letters, digits, _ and -");
      }
      String pre = "hca.sync." + n + ".";
      String query = get(p, pre + "query-file", null);
      if (query == null) {
        throw new IllegalArgumentException(pre + "query-file is required");
      }
      String every = get(p, pre + "every", null);
      String cron = get(p, pre + "cron", null);
      if ((every == null) == (cron == null)) {
        throw new IllegalArgumentException("hca.sync." + n + ": set exactly one of every (e.g. 10m) and cron");
      }
      syncs.add(new Sync(n, base.resolve(query), replica(get(p, pre + "replica", replica), pre + "replica"),
          every == null ? null : duration(every, pre + "every"), cron,
          path(p, base, pre + "download-dir", downloads.toString())));
    }
    String ledgerUrl =
        get(p, "hca.ledger.url", "jdbc:h2:file:" + home.toAbsolutePath().resolve("ledger") + ";DB_CLOSE_ON_EXIT=FALSE");
    return new PipelineSettings(home, inbox, downloads, replica, parallel, fsync, layout.equals("bundle"),
        positive(p, "hca.jobs.concurrent", 2), get(p, "hca.api.token", null),
        get(p, "hca.callbacks.key-id", "hca-pipeline"), get(p, "hca.callbacks.secret", null),
        get(p, "hca.public-url", null),
        ledgerUrl, get(p, "hca.ledger.user", "hca"), get(p, "hca.ledger.password", ""), List.copyOf(syncs),
        subscriptions(p, base, replica),
        get(p, "hca.staging.endpoints", null) == null ? null : base.resolve(get(p, "hca.staging.endpoints", null)),
        JobPaths.from(p, base, home, inbox, downloads, ledgerUrl));
  }

  private static List<Subscribe> subscriptions(Properties p, Path base, String replica) {
    TreeSet<String> names = new TreeSet<>();
    for (String k : p.stringPropertyNames()) {
      if (k.startsWith("hca.subscribe.")) {
        String rest = k.substring("hca.subscribe.".length());
        int dot = rest.indexOf('.');
        if (dot <= 0 || !rest.substring(0, dot).matches("[A-Za-z0-9_-]+")) {
          throw new IllegalArgumentException(k + ": a subscription setting is hca.subscribe.<name>.<key>");
        }
        names.add(rest.substring(0, dot));
      }
    }
    List<Subscribe> out = new ArrayList<>();
    for (String n : names) {
      String pre = "hca.subscribe." + n + ".";
      String q = get(p, pre + "query-file", null);
      if (q == null) {
        throw new IllegalArgumentException(pre + "query-file is required");
      }
      out.add(new Subscribe(n, base.resolve(q), replica(get(p, pre + "replica", replica), pre + "replica")));
    }
    return List.copyOf(out);
  }

  /** "90s", "10m", "2h", "1d" or ISO-8601 ("PT10M"). */
  static Duration duration(String s, String key) {
    String v = s.trim().toLowerCase(Locale.ROOT);
    try {
      if (v.startsWith("p")) {
        return Duration.parse(v.toUpperCase(Locale.ROOT));
      }
      long n = Long.parseLong(v.substring(0, v.length() - 1));
      Duration d = switch (v.charAt(v.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        case 'd' -> Duration.ofDays(n);
        default -> throw new IllegalArgumentException();
      };
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException();
      }
      return d;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(key + ": '" + s + "' is not a duration (e.g. 30s, 10m, 2h, 1d)");
    }
  }

  private static String get(Properties p, String key, String dflt) {
    String v = p.getProperty(key);
    return v == null || v.isBlank() ? dflt : v.trim();
  }

  private static Path path(Properties p, Path base, String key, String dflt) {
    return base.resolve(get(p, key, dflt)).normalize();
  }

  private static String replica(String r, String key) {
    if (!r.equals("aws") && !r.equals("gcp")) {
      throw new IllegalArgumentException(key + " must be aws or gcp, not '" + r + "'");
    }
    return r;
  }

  private static boolean bool(Properties p, String key, boolean dflt) {
    String v = get(p, key, null);
    if (v == null) {
      return dflt;
    }
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new IllegalArgumentException(key + " must be true or false, not '" + v + "'");
  }

  private static int positive(Properties p, String key, int dflt) {
    String v = get(p, key, null);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < 1) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number of at least 1, not '" + v + "'");
    }
  }
}
