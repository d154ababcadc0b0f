package hca.localdss.cloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * One request to the GCS endpoint: its raw path, decoded query parameters and (possibly
 * gzip-encoded) body. Query parameters are parsed here, never through the servlet API, which
 * would read form bodies.
 */
final class GcsRequest {

  private static final int MAX_JSON_BYTES = 16 * 1024 * 1024;

  final HttpServletRequest http;
  final String method;
  final String path;
  final Map<String, String> query;
  final String baseUrl;

  GcsRequest(HttpServletRequest http, String defaultBaseUrl) {
    this.http = http;
    // Java's HttpURLConnection cannot send PATCH; the Google client POSTs with an override.
    String override = http.getHeader("X-HTTP-Method-Override");
    this.method = (override != null && http.getMethod().equalsIgnoreCase("POST")
        ? override : http.getMethod()).toUpperCase(Locale.ROOT);
    this.path = http.getRequestURI();
    this.query = parseQuery(http.getQueryString());
    String host = http.getHeader("Host");
    // Links in responses point where the client connected, so they work from its side.
    this.baseUrl = host == null || host.isBlank() ? defaultBaseUrl : "http://" + host;
  }

  String param(String name) {
    return query.get(name);
  }

  boolean flag(String name) {
    return "true".equalsIgnoreCase(query.get(name));
  }

  /** A numeric parameter, or null when absent; 400 when it is not a number. */
  Long longParam(String name) {
    String v = query.get(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw GcsException.badRequest("Invalid value for " + name + ": " + v);
    }
  }

  /** The body, decoded when it arrives gzip-encoded (the Google clients compress JSON bodies). */
  InputStream body() throws IOException {
    InputStream in = http.getInputStream();
    String encoding = http.getHeader("Content-Encoding");
    if (encoding != null && encoding.trim().equalsIgnoreCase("gzip")) {
      return new GZIPInputStream(in, 64 * 1024);
    }
    return in;
  }

  /** The body as a JSON object; an empty body is an empty object. */
  ObjectNode jsonBody() throws IOException {
    try (InputStream in = body()) {
      return parseJsonObject(in);
    }
  }

  static ObjectNode parseJsonObject(InputStream in) throws IOException {
    byte[] bytes = readLimited(in, MAX_JSON_BYTES);
    if (bytes.length == 0 || new String(bytes, StandardCharsets.UTF_8).isBlank()) {
      return GcsResources.JSON.createObjectNode();
    }
    JsonNode n;
    try {
      n = GcsResources.JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw GcsException.badRequest("Invalid JSON payload: " + e.getOriginalMessage());
    }
    if (n.isNull()) {
      // Go clients send "null" for a copy or rewrite without a destination resource.
      return GcsResources.JSON.createObjectNode();
    }
    if (!(n instanceof ObjectNode o)) {
      throw GcsException.badRequest("The JSON payload must be an object");
    }
    return o;
  }

  static byte[] readLimited(InputStream in, int limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[16 * 1024];
    int n;
    while ((n = in.read(buf)) >= 0) {
      out.write(buf, 0, n);
      if (out.size() > limit) {
        throw GcsException.badRequest("Request body too large");
      }
    }
    return out.toByteArray();
  }

  /** Drains an unread body so the connection can carry the next request. */
  void discardBody() {
    try (InputStream in = http.getInputStream()) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException ignored) {
      // the client went away; nothing left to keep in step with
    }
  }

  private static Map<String, String> parseQuery(String raw) {
    Map<String, String> m = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return m;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        m.putIfAbsent(
            URLDecoder.decode(k, StandardCharsets.UTF_8),
            URLDecoder.decode(v, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw GcsException.badRequest("Malformed query parameter: " + pair);
      }
    }
    return m;
  }

  /**
   * Decodes a percent-encoded path part as UTF-8; unlike query values, '+' stays '+'.
   */
  static String decodePath(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw GcsException.badRequest("Malformed percent-encoding in path");
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw GcsException.badRequest("Malformed percent-encoding in path");
        }
        out.write(hi << 4 | lo);
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
          b = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        out.write(b, 0, b.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
