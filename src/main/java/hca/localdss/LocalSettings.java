package hca.localdss;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Secrets a data folder keeps across restarts: the S3 credentials and the key that signs GCS
 * download URLs. Generated on first start, stored 0600.
 */
public record LocalSettings(String s3AccessKey, String s3SecretKey, String urlSigningKey) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Loads {@code DIR/settings.json}, creating it on first use. */
  public static LocalSettings loadOrCreate(Path dataDir) throws IOException {
    Path file = dataDir.resolve("settings.json");
    if (Files.exists(file)) {
      ObjectNode n = (ObjectNode) JSON.readTree(file.toFile());
      return new LocalSettings(
          n.path("s3_access_key").asText(),
          n.path("s3_secret_key").asText(),
          n.path("url_signing_key").asText());
    }
    LocalSettings s = new LocalSettings("hca-local", random(20), random(32));
    ObjectNode n = JSON.createObjectNode();
    n.put("s3_access_key", s.s3AccessKey);
    n.put("s3_secret_key", s.s3SecretKey);
    n.put("url_signing_key", s.urlSigningKey);
    writePrivate(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
    return s;
  }

  /** Writes a file readable by its owner only, atomically. */
  public static void writePrivate(Path file, byte[] content) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.write(tmp, content);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
