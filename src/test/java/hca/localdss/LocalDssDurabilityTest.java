package hca.localdss;

import static org.assertj.core.api.Assertions.assertThat;

import hca.dss.DssVersion;
import hca.localdss.store.Keys;
import hca.testing.Http;
import hca.testing.Staging;
import hca.testing.Tokens;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** What a local DSS keeps across restarts, including a kill -9 in the middle of writes. */
class LocalDssDurabilityTest {

  @Test
  void dataAndCredentialsSurviveARestartWithTheSameDataFolder(@TempDir Path dir) throws Exception {
    String token;
    String url;
    try (LocalDss dss = LocalDss.start(LocalDssOptions.forTests(dir).withSeeds(List.of("example")))) {
      token = Tokens.mint(dss.userKey());
      url = dss.apiUrl() + "/bundles/" + Seeder.EXAMPLE_BUNDLE_UUID + "?replica=aws";
      assertThat(Http.get(url).status()).isEqualTo(200);
    }
    try (LocalDss dss = LocalDss.start(LocalDssOptions.forTests(dir))) {
      Http.Response again = Http.get(dss.apiUrl() + "/bundles/" + Seeder.EXAMPLE_BUNDLE_UUID + "?replica=gcp");
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.json().get("bundle").get("files")).hasSize(16);
      String r1 = null;
      for (var f : again.json().get("bundle").get("files")) {
        if (f.get("name").asText().equals("R1.fastq.gz")) {
          r1 = f.get("uuid").asText();
          byte[] bytes = Http.get(Http.get(dss.apiUrl() + "/files/" + r1 + "?replica=aws").header("Location")).body();
          assertThat(sha256(bytes)).isEqualTo(f.get("sha256").asText());
        }
      }
      assertThat(r1).isNotNull();
      // the token minted before the restart is still good: the same key is trusted
      Http.Response del =
          Http.call("DELETE", dss.apiUrl() + "/bundles/" + UUID.randomUUID() + "?replica=aws", "{\"reason\": \"x\"}", token);
      assertThat(del.status()).isEqualTo(404);
    }
  }

  @Test
  void aKillDuringWritesLeavesOnlyWholeObjectsAndKeepsAcknowledgedOnes(@TempDir Path dir) throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "hca.cli.Hca", "local-dss", "--data", dir.toString())
            .redirectErrorStream(true)
            .start();
    String api = null;
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    Pattern p = Pattern.compile("local DSS API at (\\S+)");
    for (String line; api == null && (line = out.readLine()) != null; ) {
      Matcher m = p.matcher(line);
      if (m.find()) {
        api = m.group(1);
      }
    }
    assertThat(api).isNotNull();
    Thread drain = new Thread(() -> out.lines().forEach(l -> {}));
    drain.setDaemon(true);
    drain.start();

    String token = Tokens.mint(hca.localdss.auth.ServiceAccountKey.read(dir.resolve("credentials/local-user.json")));
    ConcurrentLinkedQueue<String[]> acknowledged = new ConcurrentLinkedQueue<>();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService writers = Executors.newFixedThreadPool(6);
    final String base = api;
    try (S3Client s3 = Staging.s3(dir)) {
      for (int w = 0; w < 6; w++) {
        int seed = w;
        writers.execute(() -> {
          Random rnd = new Random(seed);
          while (!stop.get()) {
            try {
              byte[] content = new byte[256 * 1024 + rnd.nextInt(2 * 1024 * 1024)];
              rnd.nextBytes(content);
              String uuid = UUID.randomUUID().toString();
              String version = DssVersion.now();
              String src = Staging.stage(s3, "kill/" + uuid, content, "application/octet-stream");
              Http.Response r = Http.call("PUT", base + "/files/" + uuid + "?version=" + version,
                  Http.json(Map.of("source_url", src, "creator_uid", 1)), token);
              if (r.status() == 201) {
                acknowledged.add(new String[] {uuid, version, sha256(content)});
                String bundle = UUID.randomUUID().toString();
                String body = "{\"creator_uid\": 1, \"files\": [{\"uuid\": \"" + uuid + "\", \"version\": \"" + version
                    + "\", \"name\": \"f\", \"indexed\": false}]}";
                Http.call("PUT", base + "/bundles/" + bundle + "?replica=aws&version=" + version, body, token);
              }
            } catch (RuntimeException e) {
              return; // the server is gone
            }
          }
        });
      }
      while (acknowledged.size() < 10) {
        Thread.sleep(50);
      }
      child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      stop.set(true);
      writers.shutdown();
      writers.awaitTermination(60, TimeUnit.SECONDS);
    }

    try (LocalDss dss = LocalDss.start(LocalDssOptions.forTests(dir));
        S3Client s3 = Staging.s3(dss)) {
      for (String[] f : acknowledged) {
        Http.Response get = Http.get(dss.apiUrl() + "/files/" + f[0] + "?replica=aws&version=" + f[1]);
        assertThat(get.status()).as("acknowledged file " + f[0]).isEqualTo(302);
        assertThat(sha256(Http.get(get.header("Location")).body())).isEqualTo(f[2]);
      }
      List<String> strays = new ArrayList<>();
      for (String bucket : List.of(LocalDss.AWS_BUCKET)) {
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
          if (!Keys.isCatalogued(o.key()) && !Keys.BLOB.matcher(o.key()).matches()) {
            strays.add(o.key());
          }
        }
      }
      assertThat(strays).isEmpty();
      String url = dss.apiUrl() + "/bundles/all?replica=aws&per_page=500";
      for (var b : Http.get(url).json().get("bundles")) {
        Http.Response bundle = Http.get(dss.apiUrl() + "/bundles/" + b.get("uuid").asText() + "?replica=aws");
        assertThat(bundle.status()).isEqualTo(200);
        var file = bundle.json().get("bundle").get("files").get(0);
        Http.Response head = Http.head(dss.apiUrl() + "/files/" + file.get("uuid").asText() + "?replica=gcp");
        assertThat(head.status()).isEqualTo(200);
      }
    }
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
