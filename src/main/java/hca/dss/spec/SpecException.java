package hca.dss.spec;

/** An API spec that cannot be used: unreadable, not an OpenAPI document, or broken internally. */
public class SpecException extends RuntimeException {

  public SpecException(String sourceName, String problem) {
    super("spec " + sourceName + ": " + oneLine(problem));
  }

  /** Collapses parser messages, which often span lines and quote the source, to one line. */
  static String oneLine(String text) {
    String s = text == null ? "" : text.replaceAll("\\s+", " ").trim();
    return s.length() > 300 ? s.substring(0, 297) + "..." : s;
  }
}
