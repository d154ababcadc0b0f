package hca.transfer;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Uploads a file to S3 in parts, with its content type and user metadata set when the upload is
 * created (camel-aws2-s3 4.17.0 drops the user metadata of its multipart uploads, and the DSS reads
 * the checksums from there). Each part is read straight from the file, again on a retry.
 */
public final class S3MultipartUpload {

  /** S3 refuses parts smaller than this, except the last. */
  public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

  private S3MultipartUpload() {}

  /**
   * Uploads {@code size} bytes of {@code file} in parts of {@code partSize} bytes (at least
   * {@link #MIN_PART_SIZE}).
   *
   * @param onPart told the size of each part once it is uploaded
   * @return the ETag S3 gave the object, without quotes
   */
  public static String upload(S3Client s3, String bucket, String key, Path file, long size,
      long partSize, String contentType, Map<String, String> metadata, LongConsumer onPart) {
    long step = Math.max(partSize, MIN_PART_SIZE);
    String uploadId = s3.createMultipartUpload(
        b -> b.bucket(bucket).key(key).contentType(contentType).metadata(metadata)).uploadId();
    try {
      List<CompletedPart> parts = new ArrayList<>();
      long offset = 0;
      for (int n = 1; offset < size || n == 1; n++) {
        long length = Math.min(step, size - offset);
        long from = offset;
        int number = n;
        String etag = s3.uploadPart(
                b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number).contentLength(length),
                RequestBody.fromContentProvider(() -> range(file, from, length), length, contentType))
            .eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        offset += length;
        onPart.accept(length);
      }
      String etag = s3.completeMultipartUpload(
              b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)))
          .eTag();
      return etag == null ? null : etag.replace("\"", "");
    } catch (RuntimeException e) {
      try {
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** {@code length} bytes of the file from {@code offset}, as a stream that closes the file. */
  private static InputStream range(Path file, long offset, long length) {
    try {
      FileChannel ch = FileChannel.open(file, StandardOpenOption.READ).position(offset);
      // the HTTP client reads 4 KiB at a time: one file read per 4 KiB cost more than the upload
      InputStream buffered = new BufferedInputStream(Channels.newInputStream(ch), (int) Math.min(length, 1 << 20));
      return new FilterInputStream(buffered) {
        private long left = length;

        @Override
        public int read() throws IOException {
          if (left <= 0) {
            return -1;
          }
          int b = super.read();
          if (b >= 0) {
            left--;
          }
          return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
          if (left <= 0) {
            return -1;
          }
          int n = super.read(buf, off, (int) Math.min(len, left));
          if (n > 0) {
            left -= n;
          }
          return n;
        }
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
