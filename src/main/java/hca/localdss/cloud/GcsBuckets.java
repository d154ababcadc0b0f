package hca.localdss.cloud;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.localdss.store.ObjectStore;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.model.Bucket;

/** The bucket half of the JSON API: one blob-store container per GCS bucket. */
final class GcsBuckets {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");

  private final BlobStore blobs;

  GcsBuckets(BlobStore blobs) {
    this.blobs = blobs;
  }

  /** The store of an existing bucket; 404 when there is none. */
  ObjectStore require(String name) {
    if (!NAME.matcher(name).matches() || !blobs.containerExists(name)) {
      throw GcsException.noSuchBucket(name);
    }
    return new ObjectStore(blobs, name, true);
  }

  /** GET /storage/v1/b?project=..: every bucket, in name order, paged by name. */
  void list(GcsRequest r, HttpServletResponse resp) throws IOException {
    String prefix = r.param("prefix") == null ? "" : r.param("prefix");
    Long max = r.longParam("maxResults");
    int limit = max == null || max <= 0 ? 1000 : (int) Math.min(max, 1000);
    String after = r.param("pageToken") == null ? null : decodeToken(r.param("pageToken"));
    List<Bucket> buckets =
        blobs.list().buckets().stream()
            .filter(b -> b.name().startsWith(prefix))
            .filter(b -> after == null || b.name().compareTo(after) > 0)
            .sorted(Comparator.comparing(Bucket::name))
            .toList();
    ObjectNode out = GcsResources.JSON.createObjectNode();
    out.put("kind", "storage#buckets");
    ArrayNode items = out.putArray("items");
    for (Bucket b : buckets.subList(0, Math.min(limit, buckets.size()))) {
      items.add(GcsResources.bucket(r.baseUrl, b.name(), created(b)));
    }
    if (buckets.size() > limit) {
      out.put("nextPageToken", encodeToken(buckets.get(limit - 1).name()));
    }
    GcsResources.send(resp, 200, out);
  }

  void get(GcsRequest r, HttpServletResponse resp, String name) throws IOException {
    Instant created = find(name).orElseThrow(() -> GcsException.noSuchBucket(name));
    GcsResources.send(resp, 200, GcsResources.bucket(r.baseUrl, name, created));
  }

  /** GET /storage/v1/b/{b}/storageLayout: a flat namespace (gcloud asks before moves). */
  void layout(GcsRequest r, HttpServletResponse resp, String name) throws IOException {
    require(name);
    ObjectNode out = GcsResources.JSON.createObjectNode();
    out.put("kind", "storage#storageLayout");
    out.put("bucket", name);
    out.put("location", "US");
    out.put("locationType", "multi-region");
    out.putObject("hierarchicalNamespace").put("enabled", false);
    GcsResources.send(resp, 200, out);
  }

  /** GET .../managedFolders and .../folders: there are none (gcloud lists them on rm -r). */
  void noFolders(GcsRequest r, HttpServletResponse resp, String name, String kind)
      throws IOException {
    require(name);
    GcsResources.send(resp, 200,
        GcsResources.JSON.createObjectNode().put("kind", "storage#" + kind));
  }

  /** POST /storage/v1/b: the name comes in the JSON body. */
  void insert(GcsRequest r, HttpServletResponse resp) throws IOException {
    String name = GcsResources.text(r.jsonBody(), "name");
    if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
      throw GcsException.badRequest("Invalid bucket name: '" + name + "'");
    }
    try {
      blobs.createContainer(name);
    } catch (AwsServiceException e) {
      if (e.statusCode() == 409) {
        throw GcsException.conflict(
            "Your previous request to create the named bucket succeeded and you already own it.");
      }
      throw e;
    }
    get(r, resp, name);
  }

  void delete(HttpServletResponse resp, String name) {
    require(name);
    try {
      blobs.deleteBucket(name);
    } catch (AwsServiceException e) {
      if (e.statusCode() == 409) {
        throw GcsException.conflict("The bucket you tried to delete is not empty.");
      }
      throw e;
    }
    resp.setStatus(204);
  }

  private Optional<Instant> find(String name) {
    if (!NAME.matcher(name).matches() || !blobs.containerExists(name)) {
      return Optional.empty();
    }
    return Optional.of(
        blobs.list().buckets().stream()
            .filter(b -> b.name().equals(name))
            .findFirst()
            .map(GcsBuckets::created)
            .orElse(Instant.EPOCH));
  }

  private static Instant created(Bucket b) {
    return b.creationDate() == null ? Instant.EPOCH : b.creationDate();
  }

  static String encodeToken(String s) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static String decodeToken(String token) {
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw GcsException.badRequest("Invalid page token");
    }
  }
}
