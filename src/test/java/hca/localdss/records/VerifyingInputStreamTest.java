package hca.localdss.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import org.junit.jupiter.api.Test;

class VerifyingInputStreamTest {

  /** Byte i is i % 251, as in the sample data's s3_etag vectors. */
  private static InputStream pattern(long size) {
    return new InputStream() {
      long i;

      @Override
      public int read() {
        return i < size ? (int) (i++ % 251) : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (i >= size) {
          return -1;
        }
        int n = (int) Math.min(len, size - i);
        for (int k = 0; k < n; k++) {
          b[off + k] = (byte) (i++ % 251);
        }
        return n;
      }
    };
  }

  private static VerifyingInputStream drained(long size) throws Exception {
    VerifyingInputStream v = new VerifyingInputStream(pattern(size), size);
    byte[] buf = new byte[1 << 20];
    while (v.read(buf, 7, buf.length - 7) >= 0) {
      // reading is the point
    }
    return v;
  }

  @Test
  void computesTheMultipartEtagOfObjectsAboveSixtyFourMebibytes() throws Exception {
    assertThat(drained(67_108_865L).multipartEtag()).isEqualTo("20bdc908908d883f8b200eabbf76b386-2");
    assertThat(drained(136_314_880L).multipartEtag()).isEqualTo("0e54a673c0af8078d39f45c77b12bbd5-3");
  }

  @Test
  void theMultipartEtagIsTheSameWhenAskedTwice() throws Exception {
    VerifyingInputStream v = drained(67_108_865L);
    assertThat(v.multipartEtag()).isEqualTo("20bdc908908d883f8b200eabbf76b386-2");
    assertThat(v.multipartEtag()).isEqualTo("20bdc908908d883f8b200eabbf76b386-2");
  }

  @Test
  void leavesSinglePartEtagsToTheStore() throws Exception {
    assertThat(drained(67_108_864L).multipartEtag()).isNull();
    assertThat(drained(10).crc32c()).hasSize(8);
  }
}
