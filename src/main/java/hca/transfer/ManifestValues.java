package hca.transfer;

import hca.dss.DssVersion;
import java.time.YearMonth;
import java.util.regex.Pattern;

/**
 * The checks of a manifest line's values: uuids by the DSS's own pattern (letters and digits,
 * 8-4-4-4-12), versions as DSS_VERSIONs, the sha256 as 64 hex digits, the size as a non-negative
 * number, the file name by {@link SafeNames}. They run on every line of manifests of millions of
 * lines, so they avoid date parsers, which cost microseconds a call.
 */
final class ManifestValues {

  private static final Pattern DIGITS = Pattern.compile("-?\\d{1,19}");

  private ManifestValues() {}

  /** What is wrong with a line's values, naming the column and the value, or null. */
  static String firstProblem(
      String bundleUuid, String bundleVersion, String fileName, String fileUuid, String fileVersion,
      String sha256, String size) {
    String p;
    if ((p = checkUuid(ManifestReader.BUNDLE_UUID, bundleUuid)) != null
        || (p = checkVersion(ManifestReader.BUNDLE_VERSION, bundleVersion)) != null
        || (p = checkName(fileName)) != null
        || (p = checkUuid(ManifestReader.FILE_UUID, fileUuid)) != null
        || (p = checkVersion(ManifestReader.FILE_VERSION, fileVersion)) != null
        || (p = checkSha256(sha256)) != null
        || (p = checkSize(size)) != null) {
      return p;
    }
    return null;
  }

  private static String checkUuid(String column, String v) {
    if (v == null || isUuid(v)) {
      return null;
    }
    return "column " + column + ": bad uuid " + SafeNames.quote(v);
  }

  private static String checkVersion(String column, String v) {
    if (v == null || isVersion(v)) {
      return null;
    }
    return "column " + column + ": bad version " + SafeNames.quote(v) + " (a DSS_VERSION is like 2017-06-16T193604.240704Z)";
  }

  private static String checkName(String v) {
    if (v == null) {
      return null;
    }
    String problem = SafeNames.problem(v);
    return problem == null ? null : "column " + ManifestReader.FILE_NAME + ": unsafe file name " + SafeNames.quote(v) + ": " + problem;
  }

  private static String checkSha256(String v) {
    if (v == null || isSha256(v)) {
      return null;
    }
    return "column " + ManifestReader.FILE_SHA256 + ": bad sha256 " + SafeNames.quote(v) + " (64 hex digits)";
  }

  private static String checkSize(String v) {
    if (v == null) {
      return null;
    }
    if (!DIGITS.matcher(v).matches()) {
      return "column " + ManifestReader.FILE_SIZE + ": not a number " + SafeNames.quote(v);
    }
    long n;
    try {
      n = Long.parseLong(v);
    } catch (NumberFormatException e) {
      return "column " + ManifestReader.FILE_SIZE + ": too large " + SafeNames.quote(v);
    }
    return n < 0 ? "column " + ManifestReader.FILE_SIZE + ": negative size " + SafeNames.quote(v) : null;
  }

  /** The DSS's own uuid pattern: letters and digits, 8-4-4-4-12. */
  static boolean isUuid(String v) {
    if (v.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = v.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
        return false;
      }
    }
    return true;
  }

  static boolean isSha256(String v) {
    if (v.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = v.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@link DssVersion#isValid} without a date parser, which costs microseconds a call: a million
   * rows have two million versions. The same answer: the exact shape, and a real date and time.
   */
  static boolean isVersion(String v) {
    if (v == null || !DssVersion.PATTERN.matcher(v).matches()) {
      return false;
    }
    int year = num(v, 0, 4);
    int month = num(v, 5, 7);
    int day = num(v, 8, 10);
    int hour = num(v, 11, 13);
    int minute = num(v, 13, 15);
    int second = num(v, 15, 17);
    return year >= 1
        && month >= 1 && month <= 12
        && day >= 1 && day <= YearMonth.of(year, month).lengthOfMonth()
        && hour <= 23 && minute <= 59 && second <= 59;
  }

  private static int num(String s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      n = n * 10 + (s.charAt(i) - '0');
    }
    return n;
  }
}
