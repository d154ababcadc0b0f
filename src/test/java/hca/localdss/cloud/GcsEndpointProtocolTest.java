package hca.localdss.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wire protocol itself: resumable sessions, encodings, ranges and error answers. */
class GcsEndpointProtocolTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static LocalGcs gcs;
  static HttpClient http = HttpClient.newHttpClient();
  static String url;

  @BeforeAll
  static void start() throws Exception {
    gcs = LocalGcs.start(dir);
    url = gcs.endpoint.url();
    assertThat(post("/storage/v1/b?project=local", "{\"name\":\"proto\"}").statusCode())
        .isEqualTo(200);
  }

  @AfterAll
  static void stop() throws Exception {
    gcs.close();
  }

  private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.build(), BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String json) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url + path))
        .header("Content-Type", "application/json").POST(BodyPublishers.ofString(json)));
  }

  private static HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b);
  }

  private static HttpResponse<String> put(String location, String range, byte[] body)
      throws Exception {
    return send(HttpRequest.newBuilder(URI.create(location)).header("Content-Range", range)
        .PUT(BodyPublishers.ofByteArray(body)));
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  private static JsonNode upload(String name, byte[] data) throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(
            url + "/upload/storage/v1/b/proto/o?uploadType=media&name=" + name))
        .header("Content-Type", "application/octet-stream")
        .POST(BodyPublishers.ofByteArray(data)));
    assertThat(r.statusCode()).isEqualTo(200);
    return json(r);
  }

  @Test
  void resumableUploadAnswers308WithTheRangeReceivedUntilTheLastChunk() throws Exception {
    byte[] data = LocalGcs.randomBytes(250, 11);
    HttpResponse<String> start = post("/upload/storage/v1/b/proto/o?uploadType=resumable"
        + "&name=resumed", "{\"metadata\":{\"a\":\"b\"}}");
    assertThat(start.statusCode()).isEqualTo(200);
    String location = start.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(url + "/upload/storage/v1/b/proto/o?").contains("upload_id=");

    HttpResponse<String> query = put(location, "bytes */*", new byte[0]);
    assertThat(query.statusCode()).isEqualTo(308);
    assertThat(query.headers().firstValue("Range")).isEmpty();

    HttpResponse<String> first = put(location, "bytes 0-99/*", Arrays.copyOfRange(data, 0, 100));
    assertThat(first.statusCode()).isEqualTo(308);
    assertThat(first.headers().firstValue("Range")).hasValue("bytes=0-99");
    assertThat(put(location, "bytes */*", new byte[0]).headers().firstValue("Range"))
        .hasValue("bytes=0-99");

    // A chunk sent again from an earlier offset only adds what is new.
    HttpResponse<String> overlap =
        put(location, "bytes 50-199/*", Arrays.copyOfRange(data, 50, 200));
    assertThat(overlap.headers().firstValue("Range")).hasValue("bytes=0-199");

    HttpResponse<String> last =
        put(location, "bytes 200-249/250", Arrays.copyOfRange(data, 200, 250));
    assertThat(last.statusCode()).isEqualTo(200);
    JsonNode resource = json(last);
    assertThat(resource.get("size").asText()).isEqualTo("250");
    assertThat(resource.get("crc32c").asText()).isEqualTo(LocalGcs.crc32c(data));
    assertThat(resource.get("md5Hash").asText()).isEqualTo(LocalGcs.md5(data));
    assertThat(resource.get("metadata").get("a").asText()).isEqualTo("b");
    assertThat(put(location, "bytes */250", new byte[0]).statusCode()).isEqualTo(200);

    HttpResponse<byte[]> media = http.send(HttpRequest.newBuilder(
        URI.create(url + "/download/storage/v1/b/proto/o/resumed?alt=media")).build(),
        BodyHandlers.ofByteArray());
    assertThat(media.body()).isEqualTo(data);
  }

  @Test
  void acceptsGzipEncodedMultipartUploadsWithBareLfLines() throws Exception {
    byte[] data = "compressed in transit\n".getBytes(StandardCharsets.UTF_8);
    String body = "--==b==\nContent-Type: application/json\n\n"
        + "{\"name\":\"zipped/obj\",\"contentType\":\"text/plain\",\"crc32c\":\""
        + LocalGcs.crc32c(data) + "\"}\n--==b==\nContent-Type: text/plain\n\n"
        + new String(data, StandardCharsets.UTF_8) + "\n--==b==--";
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(body.getBytes(StandardCharsets.UTF_8));
    }
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(
            url + "/upload/storage/v1/b/proto/o?uploadType=multipart"))
        .header("Content-Type", "multipart/related; boundary='==b=='")
        .header("Content-Encoding", "gzip")
        .POST(BodyPublishers.ofByteArray(gz.toByteArray())));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("contentType").asText()).isEqualTo("text/plain");
    assertThat(get("/storage/v1/b/proto/o/zipped%2Fobj?alt=media").body())
        .isEqualTo(new String(data, StandardCharsets.UTF_8));
  }

  @Test
  void aDeclaredChecksumThatDoesNotMatchRefusesTheUpload() throws Exception {
    String body = "--b\r\nContent-Type: application/json\r\n\r\n"
        + "{\"name\":\"bad-crc\",\"crc32c\":\"AAAAAA==\"}\r\n--b\r\n\r\ncontent\r\n--b--\r\n";
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(
            url + "/upload/storage/v1/b/proto/o?uploadType=multipart"))
        .header("Content-Type", "multipart/related; boundary=b")
        .POST(BodyPublishers.ofString(body)));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(get("/storage/v1/b/proto/o/bad-crc").statusCode()).isEqualTo(404);
  }

  @Test
  void mediaDownloadsCarryHashesAndGenerationAndHonourRanges() throws Exception {
    byte[] data = "0123456789abcdefghij".getBytes(StandardCharsets.UTF_8);
    JsonNode resource = upload("ranged", data);

    HttpResponse<String> full = get("/download/storage/v1/b/proto/o/ranged?alt=media");
    assertThat(full.statusCode()).isEqualTo(200);
    assertThat(full.body()).isEqualTo("0123456789abcdefghij");
    assertThat(full.headers().firstValue("x-goog-hash")).hasValue(
        "crc32c=" + LocalGcs.crc32c(data) + ",md5=" + LocalGcs.md5(data));
    assertThat(full.headers().firstValue("x-goog-generation"))
        .hasValue(resource.get("generation").asText());
    assertThat(full.headers().firstValue("Content-Length")).hasValue("20");

    HttpResponse<String> part = get("/storage/v1/b/proto/o/ranged?alt=media", "Range", "bytes=5-9");
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.body()).isEqualTo("56789");
    assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 5-9/20");
    assertThat(get("/storage/v1/b/proto/o/ranged?alt=media", "Range", "bytes=-3").body())
        .isEqualTo("hij");
    assertThat(get("/storage/v1/b/proto/o/ranged?alt=media", "Range", "bytes=15-").body())
        .isEqualTo("fghij");
    assertThat(get("/storage/v1/b/proto/o/ranged?alt=media", "Range", "bytes=20-").statusCode())
        .isEqualTo(416);
    assertThat(get("/storage/v1/b/proto/o/ranged?alt=media&generation=1").statusCode())
        .isEqualTo(404);
  }

  @Test
  void errorsAreGcsJsonWithTheirStatusAndReason() throws Exception {
    HttpResponse<String> noObject = get("/storage/v1/b/proto/o/missing");
    assertThat(noObject.statusCode()).isEqualTo(404);
    assertThat(json(noObject).at("/error/code").asInt()).isEqualTo(404);
    assertThat(json(noObject).at("/error/errors/0/reason").asText()).isEqualTo("notFound");

    assertThat(get("/storage/v1/b/no-such-bucket/o").statusCode()).isEqualTo(404);
    assertThat(get("/download/storage/v1/b/proto/o/missing?alt=media").statusCode())
        .isEqualTo(404);

    HttpResponse<String> exists = post("/storage/v1/b?project=local", "{\"name\":\"proto\"}");
    assertThat(exists.statusCode()).isEqualTo(409);
    assertThat(json(exists).at("/error/errors/0/reason").asText()).isEqualTo("conflict");

    upload("taken", new byte[] {1});
    HttpResponse<String> taken = send(HttpRequest.newBuilder(URI.create(
            url + "/upload/storage/v1/b/proto/o?uploadType=media&name=taken&ifGenerationMatch=0"))
        .POST(BodyPublishers.ofByteArray(new byte[] {2})));
    assertThat(taken.statusCode()).isEqualTo(412);
    assertThat(json(taken).at("/error/errors/0/reason").asText()).isEqualTo("conditionNotMet");

    assertThat(post("/upload/storage/v1/b/proto/o?uploadType=unknown&name=x", "{}").statusCode())
        .isEqualTo(400);
    assertThat(post("/storage/v1/b?project=local", "{\"name\":\"Not_A/Bucket\"}").statusCode())
        .isEqualTo(400);
    assertThat(post("/upload/storage/v1/b/proto/o?uploadType=media&name=a%2F..%2Fb", "x")
        .statusCode()).isEqualTo(400);
  }

  @Test
  void anObjectCannotShareItsPathWithAFolderInTheFileSystemStore() throws Exception {
    upload("clash", new byte[] {1});
    HttpResponse<String> r =
        post("/upload/storage/v1/b/proto/o?uploadType=media&name=clash%2Finner", "x");
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(get("/storage/v1/b/proto/o/clash%2Finner").statusCode()).isEqualTo(404);
  }

  @Test
  void listsBetweenOffsetsAndWithTrailingDelimiterObjects() throws Exception {
    for (String name : List.of("l%2Fa", "l%2Fb", "l%2Fc", "l%2Fd", "l%2Fsub%2F", "l%2Fsub%2Fe")) {
      upload(name, new byte[] {0});
    }
    JsonNode range = json(get("/storage/v1/b/proto/o?prefix=l/&startOffset=l/b&endOffset=l/d"));
    assertThat(range.get("items")).extracting(n -> n.get("name").asText())
        .containsExactly("l/b", "l/c");

    JsonNode level = json(
        get("/storage/v1/b/proto/o?prefix=l/&delimiter=/&includeTrailingDelimiter=true"));
    assertThat(level.get("prefixes")).extracting(JsonNode::asText).containsExactly("l/sub/");
    assertThat(level.get("items")).extracting(n -> n.get("name").asText())
        .containsExactly("l/a", "l/b", "l/c", "l/d", "l/sub/");
  }
}
