package hca.localdss.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a handler answers: a status, headers and an optional JSON body. */
public final class ApiReply {

  private final int status;
  private final JsonNode body;
  private final Map<String, List<String>> headers = new LinkedHashMap<>();
  private byte[] raw;

  private ApiReply(int status, JsonNode body) {
    this.status = status;
    this.body = body;
  }

  public static ApiReply json(int status, JsonNode body) {
    return new ApiReply(status, body);
  }

  /** A body that is not JSON. */
  public static ApiReply raw(int status, String contentType, byte[] bytes) {
    ApiReply r = new ApiReply(status, null);
    r.raw = bytes;
    return r.header("Content-Type", contentType);
  }

  public byte[] raw() {
    return raw;
  }

  public static ApiReply empty(int status) {
    return new ApiReply(status, null);
  }

  public static ApiReply redirect(int status, String location) {
    return new ApiReply(status, null).header("Location", location);
  }

  public ApiReply header(String name, String value) {
    headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    return this;
  }

  public int status() {
    return status;
  }

  public JsonNode body() {
    return body;
  }

  public Map<String, List<String>> headers() {
    return headers;
  }
}
