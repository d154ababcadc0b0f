package hca.localdss.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.localdss.api.DssException;
import hca.localdss.api.Json;
import hca.localdss.store.ObjectInfo;
import hca.localdss.store.ObjectStore;
import hca.localdss.store.Replica;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bundle checkouts: copies of a bundle's files, by name, into a bucket of the replica's cloud
 * ({@code bundles/{uuid}.{version}/{name}}), with the job's status kept in the checkout bucket.
 */
public final class CheckoutJobs {

  private static final Logger LOG = LoggerFactory.getLogger(CheckoutJobs.class);

  private final BundleRecords bundles;
  private final ExecutorService workers;

  public CheckoutJobs(BundleRecords bundles, ExecutorService workers) {
    this.bundles = bundles;
    this.workers = workers;
  }

  /** Starts a checkout and returns its job id. */
  public String start(Replica r, String uuid, String versionOrNull, String destinationOrNull) {
    if (destinationOrNull != null && destinationOrNull.contains("/")) {
      throw DssException.illegalArguments("destination must be a bucket name, not '" + destinationOrNull + "'");
    }
    BundleRecords.Stored b =
        bundles
            .resolve(r, uuid, versionOrNull)
            .orElseThrow(() -> DssException.notFound("Cannot find bundle!"));
    String id = UUID.randomUUID().toString();
    String destination = destinationOrNull == null ? r.checkout().bucket() : destinationOrNull;
    writeStatus(r, id, status("RUNNING"));
    workers.execute(() -> run(r, id, b, destination));
    return id;
  }

  private void run(Replica r, String id, BundleRecords.Stored b, String destination) {
    try {
      ObjectStore dest = r.sources().apply(destination);
      if (!dest.blobStore().containerExists(destination)) {
        writeStatus(r, id, failed("destination bucket " + destination + " does not exist"));
        return;
      }
      String prefix = "bundles/" + b.uuid() + "." + b.version() + "/";
      for (JsonNode f : b.manifest().withArray("files")) {
        String blobKey =
            "blobs/" + f.path("sha256").asText() + "." + f.path("sha1").asText() + "."
                + f.path("s3-etag").asText() + "." + f.path("crc32c").asText();
        ObjectInfo info = r.main().head(blobKey).orElseThrow(() -> new IllegalStateException("missing " + blobKey));
        try (InputStream in = r.main().open(blobKey, 0, -1)) {
          dest.write(prefix + f.path("name").asText(), in, info.size(), f.path("content-type").asText(), Map.of(),
              f.path("crc32c").asText());
        }
      }
      ObjectNode done = status("SUCCEEDED");
      done.put("location", r.scheme() + "://" + destination + "/" + prefix.substring(0, prefix.length() - 1));
      writeStatus(r, id, done);
    } catch (IOException | RuntimeException e) {
      LOG.warn("checkout {} failed", id, e);
      writeStatus(r, id, failed(String.valueOf(e.getMessage())));
    }
  }

  /** The job's status document, if the job exists. */
  public Optional<ObjectNode> status(Replica r, String id) {
    return r.checkout().read(statusKey(id)).map(Json::parseObject);
  }

  private static String statusKey(String id) {
    return "checkout/status/" + id + ".json";
  }

  private static void writeStatus(Replica r, String id, ObjectNode s) {
    r.checkout().write(statusKey(id), Json.bytes(s), "application/json", Map.of());
  }

  private static ObjectNode status(String s) {
    ObjectNode n = Json.object();
    n.put("status", s);
    return n;
  }

  private static ObjectNode failed(String cause) {
    ObjectNode n = status("FAILED");
    n.put("cause", cause);
    return n;
  }
}
