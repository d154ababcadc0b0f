package hca.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * The keys this client reads and the values they accept. Each source is checked on its own, before
 * it is merged, so that an error names the file that holds the bad value. Other keys are kept as
 * they are.
 */
final class ConfigSchema {

  static final String LOG_LEVEL = "log_level";
  static final String CREATOR_UID = "creator_uid";
  static final String ALLOW_INSECURE_HTTP = "allow_insecure_http";
  static final String DSS_CLIENT = "DSSClient";
  static final String SWAGGER_URL = "swagger_url";
  static final String APPLICATION_SECRETS = "application_secrets";

  /** Python logging's level names, which the original accepted. */
  static final List<String> LOG_LEVELS = List.of("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL");

  private ConfigSchema() {}

  /** Throws a {@link ConfigException} for the first known key in {@code layer} with a bad value. */
  static void check(ObjectNode layer, String source) {
    JsonNode v = layer.get(LOG_LEVEL);
    if (v != null
        && !(v.isTextual() && LOG_LEVELS.contains(v.textValue().toUpperCase(Locale.ROOT)))) {
      throw ConfigException.atKey(
          source,
          LOG_LEVEL,
          "must be one of "
              + String.join(", ", LOG_LEVELS)
              + " (in any case), not "
              + ConfigException.show(v));
    }
    v = layer.get(CREATOR_UID);
    if (v != null) {
      if (!v.isIntegralNumber() || !v.canConvertToLong()) {
        throw ConfigException.atKey(
            source, CREATOR_UID, "must be an integer, not " + ConfigException.show(v));
      }
      if (v.longValue() < 0) {
        throw ConfigException.atKey(
            source, CREATOR_UID, "must be zero or more, not " + ConfigException.show(v));
      }
    }
    v = layer.get(ALLOW_INSECURE_HTTP);
    if (v != null && !v.isBoolean()) {
      throw ConfigException.atKey(
          source, ALLOW_INSECURE_HTTP, "must be true or false, not " + ConfigException.show(v));
    }
    v = layer.get(DSS_CLIENT);
    if (v != null) {
      if (!v.isObject()) {
        throw ConfigException.atKey(
            source, DSS_CLIENT, "must be an object, not " + ConfigException.show(v));
      }
      checkSwaggerUrl(v.get(SWAGGER_URL), source);
    }
    v = layer.get(StoredToken.KEY);
    if (v != null) {
      StoredToken.fromJson(v, source);
    }
    v = layer.get(APPLICATION_SECRETS);
    if (v != null && !v.isObject()) {
      throw ConfigException.atKey(
          source, APPLICATION_SECRETS, "must be an object, not " + ConfigException.kind(v));
    }
  }

  private static void checkSwaggerUrl(JsonNode v, String source) {
    if (v == null) {
      return;
    }
    String key = DSS_CLIENT + "." + SWAGGER_URL;
    if (!v.isTextual()) {
      throw ConfigException.atKey(source, key, "must be a string, not " + ConfigException.show(v));
    }
    if (!isWebUrl(v.textValue())) {
      throw ConfigException.atKey(
          source, key, "must be an http or https URL, not " + ConfigException.show(v));
    }
  }

  static boolean isWebUrl(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme();
      return uri.getHost() != null
          && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme));
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
