package hca.localdss.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import hca.localdss.store.ObjectInfo;
import hca.testing.ToolCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gcloud storage} (Python, apitools) as an independent client of the endpoint. */
class GcsEndpointGcloudTest {

  @TempDir static Path dir;
  static LocalGcs gcs;
  static Map<String, String> env = new HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    ToolCheck.require(ExternalCommand.onPath("gcloud"), "gcloud is not installed");
    gcs = LocalGcs.start(Files.createDirectories(dir.resolve("store")));
    env.put("CLOUDSDK_CONFIG", Files.createDirectories(dir.resolve("gcloud-config")).toString());
    env.put("CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE", gcs.endpoint.url() + "/");
    env.put("CLOUDSDK_AUTH_DISABLE_CREDENTIALS", "True");
    env.put("CLOUDSDK_CORE_PROJECT", "local");
    env.put("CLOUDSDK_CORE_DISABLE_PROMPTS", "1");
    env.put("CLOUDSDK_CORE_DISABLE_USAGE_REPORTING", "true");
    env.put("CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK", "true");
    gcs.endpoint.bucket("gcloud-bucket").ensureBucket();
    ExternalCommand probe = ExternalCommand.run(List.of("gcloud", "storage", "ls"), env, dir, 120);
    ToolCheck.require(probe.exitCode() == 0, "gcloud cannot talk to the endpoint:\n" + probe.output());
  }

  @AfterAll
  static void stop() throws Exception {
    if (gcs != null) {
      gcs.close();
    }
  }

  private static String gcloud(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("gcloud", "storage"));
    command.addAll(List.of(args));
    ExternalCommand result = ExternalCommand.run(command, env, dir, 180);
    assertThat(result.exitCode()).as("gcloud storage %s:%n%s", List.of(args), result.output())
        .isZero();
    return result.output();
  }

  @Test
  void gcloudCopiesFilesInAndOutAndListsThem() throws Exception {
    byte[] small = "small file from gcloud\n".getBytes();
    // Over gcloud's 8 MiB resumable threshold.
    byte[] big = LocalGcs.randomBytes(20 * 1024 * 1024 + 7, 17);
    Files.write(dir.resolve("small.txt"), small);
    Files.write(dir.resolve("big.bin"), big);

    assertThat(gcloud("ls")).contains("gs://gcloud-bucket/");
    gcloud("cp", dir.resolve("small.txt").toString(), "gs://gcloud-bucket/dir/small.txt");
    gcloud("cp", dir.resolve("big.bin").toString(), "gs://gcloud-bucket/dir/big.bin");

    assertThat(gcloud("ls", "gs://gcloud-bucket/dir/").lines().toList())
        .containsExactlyInAnyOrder("gs://gcloud-bucket/dir/small.txt",
            "gs://gcloud-bucket/dir/big.bin");
    assertThat(gcloud("ls", "gs://gcloud-bucket").lines().toList())
        .containsExactly("gs://gcloud-bucket/dir/");
    ObjectInfo stored = gcs.endpoint.bucket("gcloud-bucket").describe("dir/big.bin").orElseThrow();
    assertThat(GcsResources.crc32c(stored)).isEqualTo(LocalGcs.crc32c(big));

    Path out = Files.createDirectories(dir.resolve("out"));
    gcloud("cp", "gs://gcloud-bucket/dir/small.txt", "gs://gcloud-bucket/dir/big.bin",
        out.toString());
    assertThat(Files.readAllBytes(out.resolve("small.txt"))).isEqualTo(small);
    assertThat(Files.readAllBytes(out.resolve("big.bin"))).isEqualTo(big);

    gcloud("rm", "gs://gcloud-bucket/dir/small.txt");
    assertThat(gcs.endpoint.bucket("gcloud-bucket").exists("dir/small.txt")).isFalse();
  }
}
