package hca.localdss.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error the API answers with: an HTTP status and an {@code application/problem+json} body
 * {@code {status, code, title, stacktrace}} as the real DSS sent.
 */
public final class DssException extends RuntimeException {

  private final int status;
  private final String code;
  private final Map<String, String> headers = new LinkedHashMap<>();

  public DssException(int status, String code, String title) {
    super(title);
    this.status = status;
    this.code = code;
  }

  public DssException(int status, String code, String title, Throwable cause) {
    super(title, cause);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String title() {
    return getMessage();
  }

  public Map<String, String> headers() {
    return headers;
  }

  public DssException withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public static DssException badRequest(String code, String title) {
    return new DssException(400, code, title);
  }

  public static DssException illegalArguments(String title) {
    return new DssException(400, "illegal_arguments", title);
  }

  public static DssException notFound(String title) {
    return new DssException(404, "not_found", title);
  }
}
