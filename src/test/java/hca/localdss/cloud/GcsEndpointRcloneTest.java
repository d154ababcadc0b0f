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

/** rclone's GCS backend (Go's API client) as an independent client of the endpoint. */
class GcsEndpointRcloneTest {

  @TempDir static Path dir;
  static LocalGcs gcs;

  @BeforeAll
  static void start() throws Exception {
    ToolCheck.require(ExternalCommand.onPath("rclone"), "rclone is not installed");
    gcs = LocalGcs.start(Files.createDirectories(dir.resolve("store")));
  }

  @AfterAll
  static void stop() throws Exception {
    if (gcs != null) {
      gcs.close();
    }
  }

  private static ExternalCommand rclone(String... args) throws Exception {
    Map<String, String> env = new HashMap<>();
    // rclone refuses the CA bundle set on these machines for AWS tools.
    env.put("AWS_CA_BUNDLE", null);
    env.put("RCLONE_CONFIG_LOCALGCS_TYPE", "gcs");
    env.put("RCLONE_CONFIG_LOCALGCS_ENDPOINT", gcs.endpoint.url() + "/storage/v1/");
    env.put("RCLONE_CONFIG_LOCALGCS_ANONYMOUS", "true");
    env.put("RCLONE_CONFIG_LOCALGCS_PROJECT_NUMBER", "local");
    List<String> command = new ArrayList<>(List.of("rclone", "--config", "",
        "--retries", "1", "--low-level-retries", "2"));
    command.addAll(List.of(args));
    ExternalCommand result = ExternalCommand.run(command, env, dir, 180);
    assertThat(result.exitCode()).as("rclone %s:%n%s", List.of(args), result.output())
        .isZero();
    return result;
  }

  @Test
  void rcloneCopiesFilesInAndOutAndListsThem() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src/nested"));
    byte[] small = "small file from rclone\n".getBytes();
    // Over rclone's 16 MiB upload chunk, so it takes the resumable path in two chunks.
    byte[] big = LocalGcs.randomBytes(20 * 1024 * 1024 + 3, 13);
    Files.write(dir.resolve("src/small.txt"), small);
    Files.write(src.resolve("big file.bin"), big);

    rclone("mkdir", "localgcs:rclone-bucket");
    rclone("copy", dir.resolve("src").toString(), "localgcs:rclone-bucket/in");

    assertThat(rclone("lsf", "-R", "localgcs:rclone-bucket").output().lines().toList())
        .containsExactlyInAnyOrder("in/", "in/nested/", "in/nested/big file.bin", "in/small.txt");
    assertThat(rclone("lsf", "localgcs:rclone-bucket/in").output().lines().toList())
        .containsExactlyInAnyOrder("nested/", "small.txt");
    assertThat(rclone("lsd", "localgcs:").output()).contains("rclone-bucket");
    // rclone compares MD5s of both sides.
    rclone("check", dir.resolve("src").toString(), "localgcs:rclone-bucket/in");

    ObjectInfo stored = gcs.endpoint.bucket("rclone-bucket").describe("in/nested/big file.bin")
        .orElseThrow();
    assertThat(GcsResources.crc32c(stored)).isEqualTo(LocalGcs.crc32c(big));

    Path out = dir.resolve("out");
    rclone("copy", "localgcs:rclone-bucket/in", out.toString());
    assertThat(Files.readAllBytes(out.resolve("small.txt"))).isEqualTo(small);
    assertThat(Files.readAllBytes(out.resolve("nested/big file.bin"))).isEqualTo(big);

    rclone("deletefile", "localgcs:rclone-bucket/in/small.txt");
    assertThat(gcs.endpoint.bucket("rclone-bucket").exists("in/small.txt")).isFalse();
  }
}
