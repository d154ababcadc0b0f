package hca.pipeline.service;

import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.quartz.CronExpression;

/**
 * Reads {@code hca.*} values, each checked; a bad one is a {@link SettingException} naming the key
 * and where the value came from (the properties file, {@code --set}, the environment).
 */
final class SettingReader {

  private final Properties p;
  private final Map<String, String> origins;
  private final Path base;

  /** {@code origins} maps a key to where its value came from; a key not in it came from "settings". */
  SettingReader(Properties p, Map<String, String> origins, Path base) {
    this.p = p;
    this.origins = origins;
    this.base = base;
  }

  Properties properties() {
    return p;
  }

  String origin(String key) {
    return origins.getOrDefault(key, "settings");
  }

  SettingException bad(String key, String problem) {
    return new SettingException(key + " (" + origin(key) + ") " + problem);
  }

  /** Refuses any {@code hca.*} key that is not a known one, naming the nearest known key. */
  void refuseUnknown() {
    for (String k : new java.util.TreeSet<>(p.stringPropertyNames())) {
      if (k.startsWith("hca.") && !KnownSettings.known(k)) {
        throw new SettingException("unknown setting " + k + " (" + origin(k) + "); did you mean "
            + KnownSettings.nearest(k) + "?");
      }
    }
  }

  /** The trimmed value, or {@code dflt} when unset or blank. */
  String get(String key, String dflt) {
    String v = p.getProperty(key);
    return v == null || v.isBlank() ? dflt : v.trim();
  }

  /** The value, else its default in {@link KnownSettings#KEYS}; null when neither (or the default is derived). */
  String get(String key) {
    String d = KnownSettings.KEYS.get(key);
    return get(key, d == null || d.isEmpty() || d.startsWith("<") ? null : d);
  }

  Path path(String key, Path dflt) {
    String v = get(key, null);
    if (v == null) {
      return dflt;
    }
    try {
      return base.resolve(v).normalize();
    } catch (InvalidPathException e) {
      throw bad(key, "is not a usable path: '" + v + "'");
    }
  }

  String oneOf(String key, Set<String> choices) {
    return oneOf(key, get(key), choices);
  }

  String oneOf(String key, String dflt, Set<String> choices) {
    String v = get(key, dflt);
    if (!choices.contains(v)) {
      throw bad(key, "must be " + String.join(" or ", new java.util.TreeSet<>(choices)) + ", not '" + v + "'");
    }
    return v;
  }

  String replica(String key, String dflt) {
    return oneOf(key, dflt, Set.of("aws", "gcp"));
  }

  boolean bool(String key) {
    String v = get(key);
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    throw bad(key, "must be true or false, not '" + v + "'");
  }

  /** A whole number in [min, max]. */
  long number(String key, long min, long max) {
    String v = get(key);
    try {
      long n = Long.parseLong(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw bad(key, "must be a whole number " + (max == Integer.MAX_VALUE || max == Long.MAX_VALUE
        ? "of at least " + min : "from " + min + " to " + max) + ", not '" + v + "'");
  }

  int positive(String key) {
    return (int) number(key, 1, Integer.MAX_VALUE);
  }

  /** An http(s) URL, or null when unset. */
  String url(String key) {
    String v = get(key, null);
    if (v == null) {
      return null;
    }
    try {
      URI u = new URI(v);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
        return v;
      }
    } catch (java.net.URISyntaxException e) {
      // said below
    }
    throw bad(key, "must be an http or https URL, not '" + v + "'");
  }

  /** "90s", "10m", "2h", "1d" or ISO-8601 ("PT10M"). */
  Duration duration(String key) {
    String s = get(key, null);
    String v = s.toLowerCase(Locale.ROOT);
    try {
      Duration d;
      if (v.startsWith("p")) {
        d = Duration.parse(v.toUpperCase(Locale.ROOT));
      } else {
        long n = Long.parseLong(v.substring(0, v.length() - 1));
        d = switch (v.charAt(v.length() - 1)) {
          case 's' -> Duration.ofSeconds(n);
          case 'm' -> Duration.ofMinutes(n);
          case 'h' -> Duration.ofHours(n);
          case 'd' -> Duration.ofDays(n);
          default -> throw new IllegalArgumentException();
        };
      }
      if (!d.isNegative() && !d.isZero()) {
        return d;
      }
    } catch (RuntimeException e) {
      // said below
    }
    throw bad(key, "must be a duration (e.g. 30s, 10m, 2h, 1d), not '" + s + "'");
  }

  /** A Quartz cron expression. */
  String cron(String key) {
    String v = get(key, null);
    if (!CronExpression.isValidExpression(v)) {
      throw bad(key, "must be a Quartz cron expression (e.g. '0 0 2 * * ?'), not '" + v + "'");
    }
    return v;
  }
}
