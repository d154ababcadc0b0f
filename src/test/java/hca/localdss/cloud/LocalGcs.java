package hca.localdss.cloud;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import hca.localdss.Faults;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Random;
import java.util.zip.CRC32C;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/** A GCS endpoint over a file-system blob store in a test's temporary directory. */
final class LocalGcs implements AutoCloseable {

  static final String SIGNING_KEY = "test-url-signing-key";

  final Faults faults = new Faults();
  final GcsEndpoint endpoint;

  private LocalGcs(Path dir) throws Exception {
    endpoint = GcsEndpoint.start("127.0.0.1", 0,
        new FilesystemNio2BlobStore(dir.toString()), faults, SIGNING_KEY);
  }

  static LocalGcs start(Path dir) throws Exception {
    return new LocalGcs(dir);
  }

  /** The Google Java client, configured as the local DSS configures it. */
  Storage storage() {
    return StorageOptions.newBuilder()
        .setHost(endpoint.url())
        .setProjectId("local")
        .setCredentials(NoCredentials.getInstance())
        .build()
        .getService();
  }

  static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** CRC-32C as GCS shows it: base64 of the big-endian bytes. */
  static String crc32c(byte[] data) {
    CRC32C c = new CRC32C();
    c.update(data);
    return Base64.getEncoder()
        .encodeToString(ByteBuffer.allocate(4).putInt((int) c.getValue()).array());
  }

  static String md5(byte[] data) throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
  }

  @Override
  public void close() throws Exception {
    endpoint.close();
  }
}
