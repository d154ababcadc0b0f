package hca.localdss.search;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates as the DSS index saw them: string values detected as dates by the mapping's {@code
 * dynamic_date_formats} ({@code yyyy-MM-dd HH:mm:ss} and {@code strict_date_optional_time}), and
 * query-side date expressions with Elasticsearch 5 date math ({@code now-1d/d}, {@code
 * 2018-01-01||+1M}).
 *
 * <p>DSS_VERSION strings such as {@code 2018-08-01T223408.596553Z} are not dates (the time lacks
 * colons), so bundle and file versions stay keywords. Week dates ({@code 2018-W01-1}) and ordinal
 * dates are not recognised.
 */
final class EsDates {

  private static final Pattern ISO =
      Pattern.compile(
          "(\\d{4})(?:-(\\d{2})(?:-(\\d{2})"
              + "(?:T(\\d{2})(?::(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?"
              + "(Z|[+-]\\d{2}(?::?\\d{2})?)?)?)?)?");
  private static final Pattern SPACED =
      Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2})()()");
  private static final int LONGEST_DATE = "2018-08-01T22:34:08.123456789+01:00".length();

  private EsDates() {}

  /**
   * Epoch milliseconds of a document string the mapping detected as a date, or null. As in
   * Elasticsearch, only strings with two or more {@code -}, {@code :} or {@code /} are tried.
   */
  static Long detect(String value) {
    if (value.length() > LONGEST_DATE || value.length() < 10 || !severalSeparators(value)) {
      return null;
    }
    Matcher m = match(value);
    return m == null ? null : millis(m, false, ZoneOffset.UTC);
  }

  /** Epoch milliseconds of a date string (no math), rounded down or up; null if not a date. */
  static Long parse(String value, boolean roundUp, ZoneId zone) {
    Matcher m = match(value);
    return m == null ? null : millis(m, roundUp, zone);
  }

  private static boolean severalSeparators(String s) {
    int dashes = 0;
    int colons = 0;
    int slashes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '-') {
        dashes++;
      } else if (c == ':') {
        colons++;
      } else if (c == '/') {
        slashes++;
      }
    }
    return dashes > 1 || colons > 1 || slashes > 1;
  }

  private static Matcher match(String value) {
    Matcher m = SPACED.matcher(value);
    if (m.matches()) {
      return m;
    }
    m = ISO.matcher(value);
    return m.matches() ? m : null;
  }

  /**
   * Fields the string leaves out take their least value, or, rounding up, their greatest time of
   * day ({@code 2018-01-01} as an inclusive upper bound means the end of that day), as
   * Elasticsearch 5's DateMathParser did by parsing onto 1970-01-01T23:59:59.999; a missing
   * month or day is 1 either way (so {@code 2018} rounded up is 2018-01-01T23:59:59.999).
   */
  private static Long millis(Matcher m, boolean roundUp, ZoneId zone) {
    try {
      int hour = field(m.group(4), roundUp ? 23 : 0);
      int minute = field(m.group(5), roundUp ? 59 : 0);
      int second = field(m.group(6), roundUp ? 59 : 0);
      String fraction = m.group(7);
      int nanos;
      if (fraction == null || fraction.isEmpty()) {
        nanos = roundUp ? 999_000_000 : 0;
      } else {
        // Elasticsearch keeps milliseconds only.
        nanos = Integer.parseInt((fraction + "00").substring(0, 3)) * 1_000_000;
      }
      LocalDateTime local =
          LocalDateTime.of(
              Integer.parseInt(m.group(1)),
              field(m.group(2), 1),
              field(m.group(3), 1),
              hour,
              minute,
              second,
              nanos);
      String offset = m.group(8);
      ZoneId in = offset == null || offset.isEmpty() ? zone : ZoneOffset.of(offset);
      return local.atZone(in).toInstant().toEpochMilli();
    } catch (DateTimeException | ArithmeticException e) {
      return null;
    }
  }

  private static int field(String digits, int missing) {
    return digits == null || digits.isEmpty() ? missing : Integer.parseInt(digits);
  }

  /** A query-side date: a date or {@code now}, then optional math ({@code +1d}, {@code /M}). */
  static final class Expression {
    private final boolean fromNow;
    private final String anchor;
    private final String math;
    private final ZoneId zone;
    // Without "now" the bounds never change: computed once.
    private final long fixedDown;
    private final long fixedUp;

    private Expression(boolean fromNow, String anchor, String math, ZoneId zone) {
      this.fromNow = fromNow;
      this.anchor = anchor;
      this.math = math;
      this.zone = zone;
      // Evaluating both roundings also validates the expression, now or not.
      this.fixedDown = compute(false, 0);
      this.fixedUp = compute(true, 0);
    }

    /** Parses {@code text}; null if it is not a date expression. */
    static Expression parse(String text, ZoneId zone) {
      try {
        if (text.startsWith("now")) {
          return new Expression(true, null, text.substring(3), zone);
        }
        int bars = text.indexOf("||");
        return bars < 0
            ? new Expression(false, text, "", zone)
            : new Expression(false, text.substring(0, bars), text.substring(bars + 2), zone);
      } catch (IllegalArgumentException | DateTimeException | ArithmeticException ex) {
        return null;
      }
    }

    /** Epoch milliseconds, rounding missing fields and {@code /unit} down or up. */
    long resolve(boolean roundUp, long nowMillis) {
      if (!fromNow) {
        return roundUp ? fixedUp : fixedDown;
      }
      return compute(roundUp, nowMillis);
    }

    private long compute(boolean roundUp, long nowMillis) {
      long time;
      if (fromNow) {
        time = nowMillis;
      } else {
        // Rounding up applies to the date itself only when there is no math after it.
        Long t = EsDates.parse(anchor, roundUp && math.isEmpty(), zone);
        if (t == null) {
          throw new IllegalArgumentException("not a date: " + anchor);
        }
        time = t;
      }
      return math.isEmpty() ? time : applyMath(time, roundUp);
    }

    private long applyMath(long time, boolean roundUp) {
      ZonedDateTime t = Instant.ofEpochMilli(time).atZone(zone);
      int i = 0;
      while (i < math.length()) {
        char op = math.charAt(i++);
        if (op != '/' && op != '+' && op != '-') {
          throw new IllegalArgumentException("operator not supported for date math: " + math);
        }
        if (i >= math.length()) {
          throw new IllegalArgumentException("truncated date math: " + math);
        }
        int num = 1;
        if (Character.isDigit(math.charAt(i))) {
          int from = i;
          while (i < math.length() && Character.isDigit(math.charAt(i))) {
            i++;
          }
          if (i >= math.length()) {
            throw new IllegalArgumentException("truncated date math: " + math);
          }
          num = Integer.parseInt(math.substring(from, i));
        }
        ChronoUnit unit = unit(math.charAt(i++));
        if (op == '/') {
          if (num != 1) {
            throw new IllegalArgumentException("rounding works on single units only: " + math);
          }
          t = roundUp ? floor(t.plus(1, unit), unit).minus(1, ChronoUnit.MILLIS) : floor(t, unit);
        } else {
          t = t.plus(op == '+' ? num : -(long) num, unit);
        }
      }
      return t.toInstant().toEpochMilli();
    }

    private static ChronoUnit unit(char c) {
      switch (c) {
        case 'y':
          return ChronoUnit.YEARS;
        case 'M':
          return ChronoUnit.MONTHS;
        case 'w':
          return ChronoUnit.WEEKS;
        case 'd':
          return ChronoUnit.DAYS;
        case 'h':
        case 'H':
          return ChronoUnit.HOURS;
        case 'm':
          return ChronoUnit.MINUTES;
        case 's':
          return ChronoUnit.SECONDS;
        default:
          throw new IllegalArgumentException("unit not supported for date math: " + c);
      }
    }

    private static ZonedDateTime floor(ZonedDateTime t, ChronoUnit unit) {
      switch (unit) {
        case YEARS:
          return t.withDayOfYear(1).truncatedTo(ChronoUnit.DAYS);
        case MONTHS:
          return t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
        case WEEKS:
          return t.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
              .truncatedTo(ChronoUnit.DAYS);
        default:
          return t.truncatedTo(unit);
      }
    }
  }
}
