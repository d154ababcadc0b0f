package hca.cli;

import com.sun.net.httpserver.HttpServer;
import hca.config.ConfigEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A representative run of the short commands, against a stand-in server on loopback, so that the
 * launcher can record the classes they load into a class-data-sharing archive
 * ({@code -XX:ArchiveClassesAtExit}); later runs then start from the archive.
 */
final class CdsTraining {

  private static final String BUNDLE =
      "{\"bundle\": {\"uuid\": \"0f5f4c7a-2f4b-4fb8-9b8e-7c1f0e6b1a01\", \"version\": \"2018-08-01T223408.596553Z\","
          + " \"creator_uid\": 1, \"files\": [{\"name\": \"a.json\", \"uuid\": \"e82924bc-297c-3ae3-8732-89b44f3cbf53\","
          + " \"version\": \"2018-08-01T223409.123000Z\", \"content-type\": \"application/json\", \"size\": 2,"
          + " \"indexed\": true, \"crc32c\": \"00000000\", \"s3_etag\": \"x\", \"sha1\": \"x\", \"sha256\": \"x\"}]}}";

  private CdsTraining() {}

  static void main(String[] args) throws Exception {
    Path home = Files.createTempDirectory("hca-cds-training");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    try {
      String host = "127.0.0.1:" + server.getAddress().getPort();
      byte[] spec = spec(host);
      server.createContext("/v1/swagger.json", ex -> reply(ex, 200, spec, Map.of()));
      server.createContext("/v1/bundles/", ex -> reply(ex, 200, BUNDLE.getBytes(StandardCharsets.UTF_8), Map.of()));
      server.createContext("/v1/files/", ex -> reply(ex, 200, new byte[0], Map.of("X-DSS-SIZE", "2")));
      server.start();
      ConfigEnvironment env = new ConfigEnvironment(Map.of(), home, home.resolve("etc"));
      PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
      String url = "http://" + host + "/v1";
      Hca.run(env, quiet, quiet, "--help");
      Hca.run(env, quiet, quiet, "--dss-url", url, "dss", "--help");
      Hca.run(env, quiet, quiet, "--dss-url", url, "dss", "get-bundle", "--uuid",
          "0f5f4c7a-2f4b-4fb8-9b8e-7c1f0e6b1a01", "--replica", "aws");
      Hca.run(env, quiet, quiet, "--dss-url", url, "dss", "head-file", "--uuid",
          "e82924bc-297c-3ae3-8732-89b44f3cbf53", "--replica", "aws");
      Hca.run(env, quiet, quiet, "--dss-url", url, "dss", "get-bundle", "--replica", "nowhere");
      Hca.run(env, quiet, quiet, "config", "show");
    } finally {
      server.stop(0);
      try (Stream<Path> s = Files.walk(home)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static byte[] spec(String host) throws IOException {
    try (InputStream in = CdsTraining.class.getResourceAsStream("/hca/dss/dss-api.yml")) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("{{API_DOMAIN_NAME}}", host)
          .replaceAll("\\{\\{[A-Z_]+}}", "x")
          .replace("schemes:\n  - https", "schemes:\n  - http");
      return yaml.getBytes(StandardCharsets.UTF_8);
    }
  }

  private static void reply(com.sun.net.httpserver.HttpExchange ex, int status, byte[] body, Map<String, String> headers)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json");
    headers.forEach(ex.getResponseHeaders()::set);
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      ex.getResponseBody().write(body);
    }
    ex.close();
  }
}
