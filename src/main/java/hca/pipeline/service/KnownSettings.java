package hca.pipeline.service;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one list of {@code hca.*} settings the pipeline knows, with their defaults as
 * {@code application.properties} documents them. Anything else under {@code hca.} is a typo.
 */
public final class KnownSettings {

  private KnownSettings() {}

  /** Every plain key and its default ({@code <hca.home>/...} for the derived ones; empty for none). */
  public static final Map<String, String> KEYS;

  /** The keys of one scheduled sync, {@code hca.sync.<name>.<key>}. */
  public static final Set<String> SYNC_KEYS = Set.of("query-file", "replica", "every", "cron", "download-dir");

  /** The keys of one subscription, {@code hca.subscribe.<name>.<key>}. */
  public static final Set<String> SUBSCRIBE_KEYS = Set.of("query-file", "replica");

  static {
    Map<String, String> k = new LinkedHashMap<>();
    k.put("hca.dss-url", "");
    k.put("hca.local-dss.data", "<hca.home>/local-dss");
    k.put("hca.local-dss.port", "0");
    k.put("hca.replica", "aws");
    k.put("hca.home", "pipeline-data");
    k.put("hca.inbox", "<hca.home>/inbox");
    k.put("hca.download-dir", "<hca.home>/downloads");
    k.put("hca.layout", "bundle");
    k.put("hca.parallel", "16");
    k.put("hca.fsync", "true");
    k.put("hca.jobs.concurrent", "2");
    k.put("hca.jobs.roots", "");
    k.put("hca.inbox.min-age-ms", "2000");
    k.put("hca.inbox.check-interval-ms", "1000");
    k.put("hca.inbox.poll-ms", "1000");
    k.put("hca.api.token", "");
    k.put("hca.callbacks.key-id", "hca-pipeline");
    k.put("hca.callbacks.secret", "");
    k.put("hca.public-url", "");
    k.put("hca.staging.endpoints", "");
    k.put("hca.ledger.url", "");
    k.put("hca.ledger.user", "hca");
    k.put("hca.ledger.password", "");
    KEYS = Collections.unmodifiableMap(k);
  }

  /** The environment variable that sets a key, as Camel names it: {@code HCA_INBOX_MIN_AGE_MS}. */
  public static String environmentVariable(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** Whether an {@code hca.*} key is one of ours (a sync's or subscription's keys included). */
  static boolean known(String key) {
    if (KEYS.containsKey(key)) {
      return true;
    }
    String[] parts = key.split("\\.", -1);
    if (parts.length != 4 || parts[2].isEmpty()) {
      return false;
    }
    return parts[1].equals("sync") && SYNC_KEYS.contains(parts[3])
        || parts[1].equals("subscribe") && SUBSCRIBE_KEYS.contains(parts[3]);
  }

  /** The known key closest to a mistyped one, by edit distance. */
  static String nearest(String key) {
    List<String> candidates = new ArrayList<>(KEYS.keySet());
    String[] parts = key.split("\\.", -1);
    if (parts.length >= 4) {
      // keep the user's sync or subscription name: hca.sync.nightly.evry -> hca.sync.nightly.every
      String name = parts[2];
      SYNC_KEYS.forEach(s -> candidates.add("hca.sync." + name + "." + s));
      SUBSCRIBE_KEYS.forEach(s -> candidates.add("hca.subscribe." + name + "." + s));
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(key, c);
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int swap = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + swap);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
