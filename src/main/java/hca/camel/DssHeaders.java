package hca.camel;

/** The message headers the {@code hca-dss} endpoints read and set. */
public final class DssHeaders {

  private DssHeaders() {}

  /**
   * Prefix of the headers that give an operation's parameters ({@code HcaDss.uuid},
   * {@code HcaDss.version}); they win over the endpoint's options.
   */
  public static final String PARAM_PREFIX = "HcaDss.";
  /** The HTTP status of an operation's answer. */
  public static final String STATUS = "HcaDssStatus";
  /** A search hit's or a downloaded bundle's {@code uuid.version}. */
  public static final String BUNDLE_FQID = "HcaDssBundleFqid";
  /** A search hit's or a downloaded bundle's uuid. */
  public static final String BUNDLE_UUID = "HcaDssBundleUuid";
  /** A search hit's or a downloaded bundle's version. */
  public static final String BUNDLE_VERSION = "HcaDssBundleVersion";
}
