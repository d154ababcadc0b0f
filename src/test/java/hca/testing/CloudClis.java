package hca.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hca.localdss.LocalDss;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Staged objects as clients that share no code with the project see them: aws-cli for the local
 * S3 endpoint, gcloud for the local GCS endpoint. A test that needs one is skipped when it is not
 * installed.
 */
public final class CloudClis {

  private static final ObjectMapper JSON = new ObjectMapper();

  private CloudClis() {}

  /** {@code aws s3api head-object}: {@code ContentLength}, {@code ETag}, {@code ContentType}, {@code Metadata}. */
  public static JsonNode awsHeadObject(LocalDss dss, Path scratch, String bucket, String key) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ACCESS_KEY_ID", dss.settings().s3AccessKey());
    env.put("AWS_SECRET_ACCESS_KEY", dss.settings().s3SecretKey());
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_CONFIG_FILE", scratch.resolve("aws-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", scratch.resolve("aws-credentials").toString());
    return JSON.readTree(run("aws", scratch, env, "aws", "--endpoint-url", dss.s3Url(), "s3api", "head-object",
        "--bucket", bucket, "--key", key));
  }

  /**
   * {@code gcloud storage objects describe}: {@code size}, {@code content_type}, {@code md5_hash},
   * {@code crc32c_hash}, {@code custom_fields}.
   */
  public static JsonNode gcloudDescribe(LocalDss dss, Path scratch, String bucket, String key) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("CLOUDSDK_CONFIG", scratch.resolve("gcloud").toString());
    env.put("CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE", dss.gcsUrl() + "/");
    env.put("CLOUDSDK_AUTH_DISABLE_CREDENTIALS", "True");
    env.put("CLOUDSDK_CORE_PROJECT", "hca-local");
    return JSON.readTree(run("gcloud", scratch, env, "gcloud", "storage", "objects", "describe",
        "gs://" + bucket + "/" + key, "--format=json"));
  }

  /** An object's user metadata from {@link #awsHeadObject} or {@link #gcloudDescribe}. */
  public static Map<String, String> metadata(JsonNode fields) {
    return JSON.convertValue(fields, new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {});
  }

  private static String run(String tool, Path scratch, Map<String, String> env, String... cmd)
      throws IOException, InterruptedException {
    ToolCheck.require(onPath(tool), tool + " is not installed");
    // stderr apart: the tools may warn there, and stdout must stay JSON
    Path err = Files.createTempFile(scratch, tool, ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
    pb.environment().remove("AWS_CA_BUNDLE");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out + Files.readString(err)).isZero();
    return out;
  }

  private static boolean onPath(String tool) {
    for (String d : System.getenv("PATH").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }
}
