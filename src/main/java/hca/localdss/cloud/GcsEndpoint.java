package hca.localdss.cloud;

import hca.localdss.Faults;
import hca.localdss.HttpServers;
import hca.localdss.store.KeyLocks;
import hca.localdss.store.ObjectStore;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * The local GCS endpoint: the parts of the GCS JSON API that the Google Java client, rclone and
 * {@code gcloud storage} use (buckets; object get, list, patch, copy, rewrite, compose, delete;
 * media, multipart and resumable uploads; ranged media downloads), over a blob store with one
 * container per bucket. Anonymous, like {@code anonymous=true} in rclone; it also serves signed
 * download URLs, and media downloads pass through the blob fault switches.
 */
public final class GcsEndpoint implements AutoCloseable {

  private final HttpServers.Running running;
  private final String host;
  private final BlobStore blobs;
  private final UrlSigner signer;
  private final ResumableUploads sessions;

  private GcsEndpoint(HttpServers.Running running, String host, BlobStore blobs, UrlSigner signer,
      ResumableUploads sessions) {
    this.running = running;
    this.host = host;
    this.blobs = blobs;
    this.signer = signer;
    this.sessions = sessions;
  }

  /** Starts the endpoint on {@code host:port} (0 picks a free port). */
  public static GcsEndpoint start(String host, int port, BlobStore blobs, Faults faults,
      String urlSigningKey) throws Exception {
    UrlSigner signer = new UrlSigner(urlSigningKey);
    ResumableUploads sessions = new ResumableUploads();
    KeyLocks locks = new KeyLocks();
    GcsBuckets buckets = new GcsBuckets(blobs);
    // The port is known once the server runs; links only need it for requests without a Host.
    AtomicReference<String> baseUrl = new AtomicReference<>();
    GcsServlet servlet = new GcsServlet(
        baseUrl::get,
        buckets,
        new GcsObjects(buckets, locks),
        new GcsUploads(buckets, locks, sessions),
        new GcsDownloads(buckets, faults, signer));
    HttpServers.Running running = HttpServers.start("gcs-endpoint", "the GCS endpoint", host, port, servlet);
    GcsEndpoint endpoint = new GcsEndpoint(running, host, blobs, signer, sessions);
    baseUrl.set(endpoint.url());
    return endpoint;
  }

  public int port() {
    return running.port();
  }

  /** The endpoint URL, e.g. {@code http://127.0.0.1:9002}. */
  public String url() {
    return "http://" + HostNames.forUrl(connectHost(host)) + ":" + port();
  }

  /** The view of a bucket that the DSS server uses for its GCP replica. */
  public ObjectStore bucket(String name) {
    return new ObjectStore(blobs, name, true);
  }

  /**
   * A time-limited signed download URL on this endpoint for bucket/key (HMAC-SHA256 with the URL
   * signing key over method, bucket, object and expiry).
   */
  public String signedUrl(String bucket, String key, Duration ttl) {
    return url() + "/" + GcsResources.encode(bucket) + "/" + encodeKey(key) + "?"
        + signer.query("GET", bucket, key, Instant.now(), ttl);
  }

  /** Keeps '/' readable in object paths; everything else outside unreserved is encoded. */
  static String encodeKey(String key) {
    return GcsResources.encode(key).replace("%2F", "/");
  }

  /** Where clients connect when the server listens on every interface. */
  private static String connectHost(String host) {
    return host == null || host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")
        ? "127.0.0.1" : host;
  }

  @Override
  public void close() throws Exception {
    try {
      running.close();
    } finally {
      sessions.close();
    }
  }
}
