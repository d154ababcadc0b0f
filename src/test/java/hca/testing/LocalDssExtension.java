package hca.testing;

import hca.localdss.LocalDss;
import hca.localdss.LocalDssOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Runs a local DSS on loopback for one test class (register as a static field with
 * {@code @RegisterExtension}). Its data live in a temporary folder removed afterwards.
 */
public final class LocalDssExtension implements BeforeAllCallback, AfterAllCallback {

  private final UnaryOperator<LocalDssOptions> configure;
  private LocalDss dss;
  private Path dir;
  private S3Client s3;

  public LocalDssExtension() {
    this(o -> o);
  }

  public LocalDssExtension(UnaryOperator<LocalDssOptions> configure) {
    this.configure = configure;
  }

  /** A local DSS seeded with the example bundle. */
  public static LocalDssExtension seededWithExample() {
    return new LocalDssExtension(o -> o.withSeeds(List.of("example")));
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory("local-dss-test");
    dss = LocalDss.start(configure.apply(LocalDssOptions.forTests(dir)));
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (s3 != null) {
      s3.close();
    }
    if (dss != null) {
      dss.close();
    }
    if (dir != null) {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  public LocalDss dss() {
    return dss;
  }

  public Path dataDir() {
    return dir;
  }

  /** The API base URL, {@code http://127.0.0.1:P/v1}. */
  public String api() {
    return dss.apiUrl();
  }

  /** An S3 client for the local S3 endpoint, closed with the server. */
  public synchronized S3Client s3() {
    if (s3 == null) {
      s3 = Staging.s3(dss);
    }
    return s3;
  }

  /** Shortcuts for registering files and bundles in this server. */
  public DssCalls calls() {
    return new DssCalls(this, s3());
  }

  /** A valid token of the local user (group hca, an admin). */
  public String token() {
    return Tokens.mint(dss.userKey());
  }
}
