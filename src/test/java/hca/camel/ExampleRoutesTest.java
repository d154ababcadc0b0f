package hca.camel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import hca.localdss.LocalDss;
import hca.localdss.Seeder;
import hca.testing.LocalDssExtension;
import hca.testing.UploadTrees;
import hca.transfer.UploadResult;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The routes of routes/examples/, each run as a user would run it, against the local DSS. */
class ExampleRoutesTest {

  @RegisterExtension static LocalDssExtension dss = LocalDssExtension.seededWithExample();

  private static final String FQID = Seeder.EXAMPLE_BUNDLE_UUID + "." + Seeder.EXAMPLE_BUNDLE_VERSION;

  @TempDir Path tmp;

  /** file_name -> file_sha256 of the example manifest: the example bundle's files. */
  private static Map<String, String> exampleSums() throws Exception {
    Map<String, String> sums = new TreeMap<>();
    List<String> lines = Files.readAllLines(Path.of("examples/manifest.tsv"));
    List<String> header = List.of(lines.get(0).split("\t"));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t");
      sums.put(f[header.indexOf("file_name")], f[header.indexOf("file_sha256")]);
    }
    return sums;
  }

  private static String sha256(Path p) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
  }

  @Test
  void searchAndDownloadFetchesEveryBundleTheSavedQueryMatches() throws Exception {
    Path downloads = tmp.resolve("downloads");
    Properties p = new Properties();
    p.setProperty("hca.query", Path.of("examples/query.json").toAbsolutePath().toString());
    p.setProperty("hca.download-dir", downloads.toString());
    CamelContext camel = CamelFixture.context(dss, tmp.resolve("home"), p);
    try {
      CamelFixture.loadYaml(camel, "routes/examples/search-and-download.camel.yaml");
      NotifyBuilder done = new NotifyBuilder(camel).fromRoute("search-and-download").whenCompleted(1).create();
      camel.start();
      assertThat(done.matches(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      camel.stop();
    }
    Path bundle = downloads.resolve(FQID);
    for (Map.Entry<String, String> f : exampleSums().entrySet()) {
      assertThat(sha256(bundle.resolve(f.getKey()))).as(f.getKey()).isEqualTo(f.getValue());
    }
    assertThat(bundle.resolve("bundle.json")).exists();
  }

  @Test
  void aDroppedManifestIsDownloadedAndItsOutputManifestPosted() throws Exception {
    BlockingQueue<String> posted = new ArrayBlockingQueue<>(4);
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/manifests", x -> {
      posted.add(x.getRequestHeaders().getFirst("Content-Type") + "\n"
          + new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      x.sendResponseHeaders(204, -1);
      x.close();
    });
    receiver.start();
    Path inbox = Files.createDirectories(tmp.resolve("inbox"));
    Path downloads = tmp.resolve("downloads");
    Properties p = new Properties();
    p.setProperty("hca.manifest-inbox", inbox.toString());
    p.setProperty("hca.download-dir", downloads.toString());
    p.setProperty("hca.notify-url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/manifests");
    CamelContext camel = CamelFixture.context(dss, tmp.resolve("home"), p);
    String body;
    try {
      CamelFixture.loadYaml(camel, "routes/examples/manifest-to-http.camel.yaml");
      camel.start();
      Files.copy(Path.of("examples/manifest.tsv"), inbox.resolve("example.tsv"));
      body = posted.poll(60, TimeUnit.SECONDS);
    } finally {
      camel.stop();
      receiver.stop(0);
    }
    assertThat(body).isNotNull().startsWith("text/tab-separated-values\n");
    List<String> rows = body.lines().skip(1).toList();
    List<String> header = List.of(rows.get(0).split("\t"));
    assertThat(header).contains("file_path", "file_sha256");
    assertThat(rows).hasSize(exampleSums().size() + 1);
    for (String row : rows.subList(1, rows.size())) {
      String[] f = row.split("\t");
      Path file = downloads.resolve(f[header.indexOf("file_path")]);
      assertThat(sha256(file)).as(row).isEqualTo(f[header.indexOf("file_sha256")]);
    }
    assertThat(inbox.resolve(".done/example.tsv")).exists();
  }

  @Test
  void aFolderIsUploadedAsABundleWhenItsDoneMarkerAppears() throws Exception {
    Path inbox = Files.createDirectories(tmp.resolve("uploads"));
    Path folder = Files.createDirectories(inbox.resolve("run-1/lane-1"));
    byte[] reads = "@r1\nACGT\n+\nIIII\n".getBytes(StandardCharsets.UTF_8);
    Files.write(folder.resolve("r1.fastq"), reads);
    Files.writeString(inbox.resolve("run-1/sample.json"), "{\"describedBy\": \"https://schema/sample\"}");
    Properties p = new Properties();
    p.setProperty("hca.upload-inbox", inbox.toString());
    p.setProperty("hca.staging-bucket", LocalDss.STAGING_BUCKET);
    p.setProperty("hca.staging-endpoints", dss.dataDir().resolve("endpoints.json").toString());
    CamelContext camel = CamelFixture.context(dss, tmp.resolve("home"), p);
    UploadResult result;
    try {
      CamelFixture.loadYaml(camel, "routes/examples/folder-upload.camel.yaml");
      AdviceWith.adviceWith(camel, "folder-upload", a -> a.weaveAddLast().to("mock:uploaded"));
      MockEndpoint uploaded = camel.getEndpoint("mock:uploaded", MockEndpoint.class);
      uploaded.expectedMessageCount(1);
      camel.start();
      Files.writeString(inbox.resolve("run-1.done"), "");
      uploaded.assertIsSatisfied(60_000);
      result = uploaded.getReceivedExchanges().get(0).getMessage().getBody(UploadResult.class);
    } finally {
      camel.stop();
    }
    assertThat(inbox.resolve("run-1.done")).doesNotExist();
    assertThat(result.files()).extracting(UploadResult.File::name)
        .containsExactlyInAnyOrder("lane-1/r1.fastq", "sample.json");
    JsonNode bundle = UploadTrees.client(dss, tmp.resolve("home2")).getBundle(result.bundleUuid(), "aws",
        result.version());
    Map<String, String> sums = new TreeMap<>();
    bundle.at("/bundle/files").forEach(f -> sums.put(f.get("name").asText(), f.get("sha256").asText()));
    assertThat(sums).containsOnlyKeys("lane-1/r1.fastq", "sample.json");
    assertThat(sums.get("lane-1/r1.fastq")).isEqualTo(sha256(folder.resolve("r1.fastq")));
  }
}
