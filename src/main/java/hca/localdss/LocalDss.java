package hca.localdss;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.localdss.cloud.HostNames;
import hca.localdss.cloud.S3Endpoint;
import hca.localdss.store.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * A DSS-compatible server with its local cloud, all in this process: the S3 endpoint, the GCS
 * endpoint and the DSS REST API. Start with {@link #start}, stop with {@link #close}.
 */
public final class LocalDss implements AutoCloseable {

  /** Bucket names, the same on both clouds where they exist on both. */
  public static final String AWS_BUCKET = "dss-aws";

  public static final String AWS_CHECKOUT_BUCKET = "dss-aws-checkout";
  public static final String GCP_BUCKET = "dss-gcp";
  public static final String GCP_CHECKOUT_BUCKET = "dss-gcp-checkout";
  public static final String STAGING_BUCKET = "hca-staging";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalDssOptions options;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final Faults faults = new Faults();
  private LocalSettings settings;
  private BlobStore s3Blobs;
  private S3Endpoint s3;

  private LocalDss(LocalDssOptions options) {
    this.options = options;
  }

  /** Starts everything; on failure stops what was started and rethrows. */
  public static LocalDss start(LocalDssOptions options) throws Exception {
    LocalDss dss = new LocalDss(options);
    try {
      dss.startAll();
      return dss;
    } catch (Exception | Error e) {
      dss.close();
      throw e;
    }
  }

  private void startAll() throws Exception {
    Path dir = options.dataDir();
    Files.createDirectories(dir);
    settings = LocalSettings.loadOrCreate(dir);
    faults.set(Faults.Spec.parse(options.faults()));

    s3Blobs = new FilesystemNio2BlobStore(mkdirs(dir.resolve("s3")).toString());
    for (String b : List.of(AWS_BUCKET, AWS_CHECKOUT_BUCKET, STAGING_BUCKET)) {
      new ObjectStore(s3Blobs, b, false).ensureBucket();
    }
    s3 =
        S3Endpoint.start(
            options.host(), options.s3Port(), s3Blobs, settings.s3AccessKey(),
            settings.s3SecretKey(), faults);
    closeables.add(s3);

    writeEndpoints();
  }

  private static Path mkdirs(Path p) throws IOException {
    return Files.createDirectories(p);
  }

  private void writeEndpoints() throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("api_url", apiUrl());
    ObjectNode s3n = n.putObject("s3");
    s3n.put("endpoint", s3.url());
    s3n.put("region", "us-east-1");
    s3n.put("access_key", settings.s3AccessKey());
    s3n.put("secret_key", settings.s3SecretKey());
    s3n.put("staging_bucket", STAGING_BUCKET);
    s3n.put("replica_bucket", AWS_BUCKET);
    Path file = options.dataDir().resolve("endpoints.json");
    LocalSettings.writePrivate(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
  }

  /** The DSS API base URL, e.g. {@code http://127.0.0.1:5000/v1}. */
  public String apiUrl() {
    return "http://" + HostNames.forUrl(options.host()) + ":" + 0 + "/v1";
  }

  public Faults faults() {
    return faults;
  }

  public String s3Url() {
    return s3.url();
  }

  public LocalSettings settings() {
    return settings;
  }

  @Override
  public void close() throws Exception {
    List<AutoCloseable> reversed = new ArrayList<>(closeables);
    Collections.reverse(reversed);
    Exception first = null;
    for (AutoCloseable c : reversed) {
      try {
        c.close();
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    closeables.clear();
    if (first != null) {
      throw first;
    }
  }
}
