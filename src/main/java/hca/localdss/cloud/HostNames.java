package hca.localdss.cloud;

/** Host names as they appear in URLs. */
public final class HostNames {
  private HostNames() {}

  /** Brackets an IPv6 literal. */
  public static String forUrl(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
