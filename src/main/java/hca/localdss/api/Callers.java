package hca.localdss.api;

import hca.dss.DssVersion;
import hca.localdss.auth.Principal;
import java.util.Set;

/** Checks on callers and common parameters, with the DSS's error codes. */
final class Callers {

  private Callers() {}

  /** The caller must belong to one of the groups (403 with {@code code} otherwise). */
  static void requireGroup(ApiRequest r, String code, String... groups) {
    Principal p = r.principal();
    if (p == null || p.group() == null || !Set.of(groups).contains(p.group())) {
      throw new DssException(403, code, "User is not authorized to access this resource");
    }
  }

  /** A version parameter that the spec declares as DSS_VERSION. */
  static String dssVersion(ApiRequest r, String name) {
    String v = r.requiredQuery(name);
    if (!DssVersion.isValid(v)) {
      throw DssException.badRequest(
          "illegal_version", "version '" + v + "' should be an RFC3339 compliant timestamp");
    }
    return v;
  }

  /** The {@code uuid} path parameter, lower-cased as the DSS stored it. */
  static String uuid(ApiRequest r) {
    return r.pathParam("uuid").toLowerCase(java.util.Locale.ROOT);
  }
}
