package hca.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the staging buckets are and how to sign in to them. Each value comes from the first of
 * these that sets it: the endpoints file of a local DSS ({@code --endpoints DIR/endpoints.json}),
 * the environment ({@code AWS_ENDPOINT_URL_S3} or {@code AWS_ENDPOINT_URL}, {@code AWS_REGION} or
 * {@code AWS_DEFAULT_REGION}, {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}; {@code
 * STORAGE_EMULATOR_HOST}, {@code GOOGLE_CLOUD_PROJECT}), then the configuration's {@code staging}
 * object, which has the endpoints file's shape: {@code {"s3": {"endpoint", "region", "access_key",
 * "secret_key"}, "gcs": {"endpoint", "project"}}}. Unset values mean the clouds' own defaults
 * (AWS's credential chain, Google's application default credentials).
 *
 * @param s3 the S3 side
 * @param gcs the Google Cloud Storage side
 */
public record StagingSettings(S3 s3, Gcs gcs) {

  /**
   * @param endpoint an endpoint URL other than AWS's (path-style addressing is then used), or null
   * @param region the signing region, or null for us-east-1
   * @param accessKey the access key id, or null for AWS's default credential chain
   * @param secretKey the secret key, or null
   */
  public record S3(String endpoint, String region, String accessKey, String secretKey) {
    S3 or(S3 other) {
      return new S3(first(endpoint, other.endpoint), first(region, other.region),
          first(accessKey, other.accessKey), first(secretKey, other.secretKey));
    }

    @Override
    public String toString() {
      return "S3[endpoint=" + endpoint + ", region=" + region + ", accessKey=" + accessKey + "]";
    }
  }

  /**
   * @param endpoint an endpoint URL other than Google's (no credentials are sent to it), or null
   * @param project the project id, or null
   */
  public record Gcs(String endpoint, String project) {
    Gcs or(Gcs other) {
      return new Gcs(first(endpoint, other.endpoint), first(project, other.project));
    }
  }

  /** The clouds' defaults: AWS and Google endpoints with their ambient credentials. */
  public static StagingSettings defaults() {
    return new StagingSettings(new S3(null, null, null, null), new Gcs(null, null));
  }

  /**
   * The settings from the three sources, first winning.
   *
   * @param endpointsFile a local DSS's {@code endpoints.json}, or null
   * @param env environment variables
   * @param config the configuration's {@code staging} object, or null
   * @throws StagingException when the endpoints file or the configuration's object is unusable
   */
  public static StagingSettings resolve(Path endpointsFile, Map<String, String> env, JsonNode config) {
    StagingSettings s = endpointsFile == null ? defaults() : fromJson(read(endpointsFile), endpointsFile.toString());
    s = s.or(fromEnv(env));
    if (config != null) {
      s = s.or(fromJson(config, "configuration key staging"));
    }
    return s;
  }

  /** The settings an endpoints file, or the configuration's {@code staging} object, holds. */
  static StagingSettings fromJson(JsonNode n, String source) {
    if (!n.isObject()) {
      throw new StagingException(source + ": must be a JSON object");
    }
    JsonNode s3 = n.path("s3");
    JsonNode gcs = n.path("gcs");
    return new StagingSettings(
        new S3(text(s3, "endpoint", source), text(s3, "region", source),
            text(s3, "access_key", source), text(s3, "secret_key", source)),
        new Gcs(text(gcs, "endpoint", source), text(gcs, "project", source)));
  }

  static StagingSettings fromEnv(Map<String, String> env) {
    return new StagingSettings(
        new S3(first(env.get("AWS_ENDPOINT_URL_S3"), env.get("AWS_ENDPOINT_URL")),
            first(env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION")),
            env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY")),
        new Gcs(emulatorUrl(env.get("STORAGE_EMULATOR_HOST")), env.get("GOOGLE_CLOUD_PROJECT")));
  }

  private StagingSettings or(StagingSettings other) {
    return new StagingSettings(s3.or(other.s3), gcs.or(other.gcs));
  }

  /** STORAGE_EMULATOR_HOST is often given as host:port, without a scheme. */
  private static String emulatorUrl(String v) {
    if (v == null || v.isBlank()) {
      return null;
    }
    return v.contains("://") ? v : "http://" + v;
  }

  private static JsonNode read(Path file) {
    try {
      return new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new StagingException(file + ": cannot be read as JSON (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
    }
  }

  private static String text(JsonNode parent, String field, String source) {
    JsonNode v = parent.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new StagingException(source + ": " + field + " must be a string");
    }
    return v.textValue().isBlank() ? null : v.textValue();
  }

  private static String first(String a, String b) {
    return a != null && !a.isBlank() ? a : b == null || b.isBlank() ? null : b;
  }
}
