package hca.localdss.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MultipartRelatedReaderTest {

  private static byte[] body(String newline, String boundary, byte[] media) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(("--" + boundary + newline + "Content-Type: application/json; charset=UTF-8" + newline
        + newline + "{\"name\":\"obj\"}" + newline + "--" + boundary + newline
        + "Content-Type: image/png" + newline + newline).getBytes(StandardCharsets.UTF_8));
    b.write(media);
    b.write((newline + "--" + boundary + "--" + newline).getBytes(StandardCharsets.UTF_8));
    return b.toByteArray();
  }

  /** Hands out one byte per read, so delimiters straddle every possible buffer edge. */
  private static InputStream trickle(byte[] data) {
    return new FilterInputStream(new ByteArrayInputStream(data)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, 1));
      }
    };
  }

  private static void assertParts(InputStream in, String contentType, byte[] media)
      throws IOException {
    MultipartRelatedReader reader = new MultipartRelatedReader(in, contentType);
    MultipartRelatedReader.Part json = reader.next();
    assertThat(json.contentType()).startsWith("application/json");
    assertThat(new String(json.body().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("{\"name\":\"obj\"}");
    MultipartRelatedReader.Part content = reader.next();
    assertThat(content.contentType()).isEqualTo("image/png");
    assertThat(content.body().readAllBytes()).isEqualTo(media);
    assertThat(reader.next()).isNull();
  }

  @Test
  void readsCrlfPartsWithContentThatLooksLikeADelimiter() throws IOException {
    byte[] media =
        "line\r\n--not-the-boundary\r\n-bound\r--boun\n\r\n".getBytes(StandardCharsets.UTF_8);
    byte[] body = body("\r\n", "bound", media);
    assertParts(new ByteArrayInputStream(body), "multipart/related; boundary=bound", media);
    assertParts(trickle(body), "multipart/related; boundary=\"bound\"", media);
  }

  @Test
  void readsBareLfPartsWithASingleQuotedBoundaryAsPythonClientsWriteThem() throws IOException {
    String boundary = "===============7330845974216740156==";
    byte[] media = LocalGcs.randomBytes(3 * 1024 * 1024 + 17, 3);
    byte[] body = body("\n", boundary, media);
    assertParts(new ByteArrayInputStream(body), "multipart/related; boundary='" + boundary + "'",
        media);
    assertParts(trickle(body("\n", boundary, new byte[] {'\r', '\n', '-'})),
        "multipart/related; boundary='" + boundary + "'", new byte[] {'\r', '\n', '-'});
  }

  @Test
  void aBodyWithoutItsClosingBoundaryIsABadRequest() throws IOException {
    byte[] full = body("\r\n", "b", "content".getBytes(StandardCharsets.UTF_8));
    byte[] cut = Arrays.copyOf(full, full.length - 8);
    MultipartRelatedReader reader =
        new MultipartRelatedReader(new ByteArrayInputStream(cut), "multipart/related; boundary=b");
    reader.next().body().readAllBytes();
    InputStream media = reader.next().body();
    assertThatThrownBy(media::readAllBytes)
        .isInstanceOfSatisfying(GcsException.class, e -> assertThat(e.status()).isEqualTo(400));
  }
}
