package hca.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksummerTest {

  private static JsonNode vectors() throws Exception {
    try (InputStream in = ChecksummerTest.class.getResourceAsStream("/sample-data/checksums.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  @Test
  void exampleBundleFilesMatchTheirKnownChecksums() throws Exception {
    JsonNode files = vectors().get("files");
    int checked = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey().substring(e.getKey().lastIndexOf('/') + 1);
      InputStream in =
          ChecksummerTest.class.getResourceAsStream("/hca/localdss/example_bundle/" + name);
      if (in == null) {
        continue;
      }
      byte[] content;
      try (in) {
        content = in.readAllBytes();
      }
      Checksums c = Checksummer.of(content);
      JsonNode want = e.getValue();
      assertThat(content.length).as(name).isEqualTo(want.get("size").asInt());
      assertThat(c.sha256()).as(name).isEqualTo(want.get("sha256").asText());
      assertThat(c.sha1()).as(name).isEqualTo(want.get("sha1").asText());
      assertThat(c.s3Etag()).as(name).isEqualTo(want.get("s3_etag").asText());
      assertThat(c.crc32c()).as(name).isEqualTo(want.get("crc32c").asText());
      assertThat(c.wellFormed()).isTrue();
      checked++;
    }
    assertThat(checked).isEqualTo(14);
  }

  @Test
  void s3EtagFollowsTheMultipartRuleAroundSixtyFourMebibytes(@TempDir Path dir) throws Exception {
    JsonNode vectors = vectors().get("synthetic_s3_etag_vectors").get("vectors");
    for (Iterator<Map.Entry<String, JsonNode>> it = vectors.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      long size = Long.parseLong(e.getKey());
      Path file = dir.resolve("f" + size);
      byte[] block = new byte[251 * 4096];
      for (int i = 0; i < block.length; i++) {
        block[i] = (byte) (i % 251);
      }
      try (var out = Files.newOutputStream(file)) {
        long left = size;
        while (left > 0) {
          int n = (int) Math.min(left, block.length);
          out.write(block, 0, n);
          left -= n;
        }
      }
      Checksums fromFile = Checksummer.of(file);
      assertThat(fromFile.s3Etag()).as("size " + size).isEqualTo(e.getValue().get("s3_etag").asText());
      assertThat(fromFile.sha256()).as("size " + size).isEqualTo(e.getValue().get("sha256").asText());
      try (InputStream in = Files.newInputStream(file)) {
        // an odd read size crosses part boundaries mid-buffer
        Checksummer c = new Checksummer(size);
        byte[] buf = new byte[100_003];
        int n;
        while ((n = in.read(buf)) >= 0) {
          c.update(buf, 0, n);
        }
        assertThat(c.finish()).isEqualTo(fromFile);
      }
      Files.delete(file);
    }
  }

  @Test
  void partSizeGrowsForObjectsBeyondTenThousandParts() {
    long mib = 1024L * 1024;
    assertThat(Checksummer.partSize(1)).isEqualTo(64 * mib);
    assertThat(Checksummer.partSize(10_000 * 64 * mib)).isEqualTo(64 * mib);
    assertThat(Checksummer.partSize(10_000 * 64 * mib + 1)).isEqualTo(65 * mib);
  }
}
