package hca.localdss;

import static org.assertj.core.api.Assertions.assertThat;

import hca.testing.LocalDssExtension;
import hca.testing.Staging;
import hca.testing.ToolCheck;
import hca.transfer.Checksums;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The replicas' buckets read by clients that share no code with the project: aws-cli, rclone, gcloud. */
class IndependentClientsTest {

  @RegisterExtension static LocalDssExtension dss = new LocalDssExtension();

  static Checksums sums;
  static byte[] content;

  @BeforeAll
  static void registerAFile() {
    content = new byte[1024 * 1024 + 5];
    new Random(9).nextBytes(content);
    sums = Staging.sums(content);
    dss.calls().file(content, "application/octet-stream");
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv("PATH").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  private static String run(Map<String, String> env, String... cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove("AWS_CA_BUNDLE");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
    return out;
  }

  private static Map<String, String> awsEnv(Path dir) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ACCESS_KEY_ID", dss.dss().settings().s3AccessKey());
    env.put("AWS_SECRET_ACCESS_KEY", dss.dss().settings().s3SecretKey());
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_CONFIG_FILE", dir.resolve("aws-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("aws-credentials").toString());
    return env;
  }

  @Test
  void awsCliListsAndFetchesTheBlobFromTheAwsReplica(@TempDir Path dir) throws Exception {
    ToolCheck.require(onPath("aws"), "aws-cli is not installed");
    Map<String, String> env = awsEnv(dir);
    String listing = run(env, "aws", "--endpoint-url", dss.dss().s3Url(), "s3", "ls", "s3://dss-aws/blobs/");
    assertThat(listing).contains(sums.blobKey().substring("blobs/".length()));
    Path out = dir.resolve("blob");
    run(env, "aws", "--endpoint-url", dss.dss().s3Url(), "s3", "cp", "s3://dss-aws/" + sums.blobKey(), out.toString());
    assertThat(Files.readAllBytes(out)).isEqualTo(content);
  }

  @Test
  void rcloneListsAndFetchesTheBlobFromBothReplicas(@TempDir Path dir) throws Exception {
    ToolCheck.require(onPath("rclone"), "rclone is not installed");
    Map<String, String> env = new HashMap<>();
    env.put("RCLONE_CONFIG", dir.resolve("rclone.conf").toString());
    env.put("RCLONE_CONFIG_LS3_TYPE", "s3");
    env.put("RCLONE_CONFIG_LS3_PROVIDER", "Other");
    env.put("RCLONE_CONFIG_LS3_ENDPOINT", dss.dss().s3Url());
    env.put("RCLONE_CONFIG_LS3_ACCESS_KEY_ID", dss.dss().settings().s3AccessKey());
    env.put("RCLONE_CONFIG_LS3_SECRET_ACCESS_KEY", dss.dss().settings().s3SecretKey());
    env.put("RCLONE_CONFIG_LS3_FORCE_PATH_STYLE", "true");
    env.put("RCLONE_CONFIG_LGCS_TYPE", "google cloud storage");
    env.put("RCLONE_CONFIG_LGCS_ENDPOINT", dss.dss().gcsUrl() + "/storage/v1/");
    env.put("RCLONE_CONFIG_LGCS_ANONYMOUS", "true");
    List<String> remotes = new ArrayList<>(List.of("ls3:dss-aws", "lgcs:dss-gcp"));
    for (String remote : remotes) {
      String listing = run(env, "rclone", "lsf", remote + "/blobs/");
      assertThat(listing).as(remote).contains(sums.blobKey().substring("blobs/".length()));
      Path out = dir.resolve(remote.replace(':', '_'));
      run(env, "rclone", "copyto", remote + "/" + sums.blobKey(), out.toString());
      assertThat(Files.readAllBytes(out)).as(remote).isEqualTo(content);
    }
  }

  @Test
  void gcloudListsAndFetchesTheBlobFromTheGcpReplica(@TempDir Path dir) throws Exception {
    ToolCheck.require(onPath("gcloud"), "gcloud is not installed");
    Map<String, String> env = new HashMap<>();
    env.put("CLOUDSDK_CONFIG", dir.resolve("gcloud").toString());
    env.put("CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE", dss.dss().gcsUrl() + "/");
    env.put("CLOUDSDK_AUTH_DISABLE_CREDENTIALS", "True");
    env.put("CLOUDSDK_CORE_PROJECT", "hca-local");
    String listing = run(env, "gcloud", "storage", "ls", "gs://dss-gcp/blobs/");
    assertThat(listing).contains(sums.blobKey().substring("blobs/".length()));
    Path out = dir.resolve("blob");
    run(env, "gcloud", "storage", "cp", "gs://dss-gcp/" + sums.blobKey(), out.toString());
    assertThat(Files.readAllBytes(out)).isEqualTo(content);
  }
}
