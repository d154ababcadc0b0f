package hca.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hca.config.ConfigEnvironment;
import hca.config.HcaConfig;
import hca.dss.DssClient;
import hca.transfer.StagingSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Source folders for upload tests, and reading back what an upload registered. */
public final class UploadTrees {

  private static final HttpClient FOLLOWING =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(10)).build();

  private UploadTrees() {}

  /** Writes files (name with {@code /} to content) under {@code dir}; returns the same map. */
  public static Map<String, byte[]> write(Path dir, Map<String, byte[]> files) throws IOException {
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      Path p = dir.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, e.getValue());
    }
    return files;
  }

  /** Random bytes, the same for the same seed. */
  public static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  /**
   * A folder with JSON metadata at the top and nested, a gzip-named data file and a binary file
   * of {@code bigSize} bytes under nested folders. {@code tag} goes into the donor JSON, to find it
   * by search.
   */
  public static Map<String, byte[]> nested(Path dir, String tag, int bigSize) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("donor_organism_0.json",
        ("{\"organ\": {\"text\": \"pancreas\"}, \"upload_tag\": \"" + tag + "\"}").getBytes());
    files.put("metadata/process_0.json", "{\"process_type\": {\"text\": \"sequencing\"}}".getBytes());
    files.put("data/reads/R1.fastq.gz", random(300_000, tag.hashCode()));
    files.put("data/matrix/big.bin", random(bigSize, tag.hashCode() + 1L));
    return write(dir, files);
  }

  /** A DSS client of the local DSS, signing with its local user's key. */
  public static DssClient client(LocalDssExtension dss, Path home) {
    Map<String, String> env = Map.of("GOOGLE_APPLICATION_CREDENTIALS", dss.dss().userKeyFile().toString());
    HcaConfig config = HcaConfig.load(new ConfigEnvironment(env, home, home.resolve("etc")), Map.of());
    return DssClient.builder().config(config).swaggerUrl(dss.api() + "/swagger.json").build();
  }

  /** The staging settings of the local DSS, from its endpoints.json. */
  public static StagingSettings staging(LocalDssExtension dss) {
    return StagingSettings.resolve(dss.dataDir().resolve("endpoints.json"), Map.of(), null);
  }

  /** A file's bytes: GET /files, following the redirect to the blob. */
  public static byte[] fileBytes(LocalDssExtension dss, String uuid, String version, String replica)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> r = FOLLOWING.send(
        HttpRequest.newBuilder(URI.create(dss.api() + "/files/" + uuid + "?replica=" + replica + "&version=" + version))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new AssertionError("GET /files/" + uuid + ": " + r.statusCode() + " " + new String(r.body()));
    }
    return r.body();
  }

  /** GET /bundles/{uuid}, or the status when it is not 200. */
  public static Http.Response bundle(LocalDssExtension dss, String uuid, String replica) {
    return Http.send("GET", dss.api() + "/bundles/" + uuid + "?replica=" + replica, null, Map.of());
  }

  /** The number of bundles the replica holds (GET /bundles/all, every page). */
  public static int bundleCount(LocalDssExtension dss, String replica) {
    int n = 0;
    String url = dss.api() + "/bundles/all?replica=" + replica + "&per_page=500";
    while (url != null) {
      Http.Response r = Http.send("GET", url, null, Map.of());
      n += r.json().path("bundles").size();
      String link = r.header("Link");
      url = link == null ? null : link.replaceAll("^<([^>]+)>.*$", "$1");
    }
    return n;
  }

  /** POST /search with an es_query; the reply. */
  public static JsonNode search(LocalDssExtension dss, String replica, String esQuery) throws IOException {
    String body = "{\"es_query\": " + esQuery + "}";
    Http.Response r = Http.send("POST", dss.api() + "/search?replica=" + replica, body, Map.of());
    if (r.status() != 200) {
      throw new AssertionError("search: " + r);
    }
    return new ObjectMapper().readTree(r.body());
  }
}
