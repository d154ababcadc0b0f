package hca.dss;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * DSS versions: UTC timestamps of the form {@code 2017-06-16T193604.240704Z} (no colons, exactly six
 * fractional digits). They sort chronologically as strings.
 */
public final class DssVersion {

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmmss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  /** The exact shape of a version as it appears in storage keys. */
  public static final Pattern PATTERN = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{6}\\.\\d{6}Z");

  private DssVersion() {}

  /** The version for an instant (truncated to microseconds). */
  public static String of(Instant instant) {
    return FORMAT.format(instant);
  }

  /** A version for now. */
  public static String now() {
    return of(Instant.now());
  }

  /** Whether {@code s} is a well-formed version naming a real instant. */
  public static boolean isValid(String s) {
    if (s == null || !PATTERN.matcher(s).matches()) {
      return false;
    }
    try {
      return FORMAT.format(FORMAT.parse(s, Instant::from)).equals(s);
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** Parses a version; throws {@link IllegalArgumentException} when it is not one. */
  public static Instant parse(String s) {
    if (!isValid(s)) {
      throw new IllegalArgumentException("not a DSS version: " + s);
    }
    return FORMAT.parse(s, Instant::from);
  }
}
