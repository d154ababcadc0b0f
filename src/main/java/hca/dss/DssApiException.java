package hca.dss;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The DSS answered with an error status (400 or more), after any retries. The message, and {@link
 * #toString()}, read {@code code: title (HTTP status)}, for example {@code not_found: Cannot find
 * file! (HTTP 404)}.
 */
public final class DssApiException extends DssException {

  private final int status;
  private final String code;
  private final String title;
  private final int attempts;
  private final transient JsonNode body;

  /**
   * An error reply.
   *
   * @param status the HTTP status
   * @param code the DSS error code ({@code code} of the problem body)
   * @param title the human-readable text ({@code title} of the problem body)
   * @param attempts how many requests the call sent, retries and redirects included
   * @param body the parsed problem body, or null
   */
  public DssApiException(int status, String code, String title, int attempts, JsonNode body) {
    super(code + ": " + title + " (HTTP " + status + ")");
    this.status = status;
    this.code = code;
    this.title = title;
    this.attempts = attempts;
    this.body = body;
  }

  /** The HTTP status of the last reply. */
  public int status() {
    return status;
  }

  /** The DSS error code, for example {@code not_found} or {@code Forbidden}. */
  public String code() {
    return code;
  }

  /** The server's description of the error. */
  public String title() {
    return title;
  }

  /** How many requests the call sent, retries and redirects included. */
  public int attempts() {
    return attempts;
  }

  /** The parsed error body, or null when it was not JSON. */
  public JsonNode body() {
    return body;
  }

  /** The same as {@link #getMessage()}: {@code code: title (HTTP status)}. */
  @Override
  public String toString() {
    return getMessage();
  }
}
