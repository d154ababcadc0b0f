package hca.localdss.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.localdss.api.Json;
import hca.localdss.search.IndexDocuments;
import hca.localdss.store.Replica;
import java.util.Optional;

/**
 * The JSON documents derived from a stored bundle: its search-index document and its event
 * document (every JSON file, indexed or not, as the DSS's events carried them).
 */
public final class BundleDocuments {

  /** Files larger than this are not parsed into documents. */
  private static final long MAX_JSON_SIZE = 16L * 1024 * 1024;

  private BundleDocuments() {}

  /** The search-index document of a bundle version. */
  public static ObjectNode index(Replica r, String uuid, ObjectNode manifest) {
    return IndexDocuments.forBundle(uuid, manifest, e -> json(r, e));
  }

  /** The event document of a bundle version. */
  public static ObjectNode event(Replica r, String uuid, String version, ObjectNode manifest) {
    ObjectNode doc = Json.object();
    doc.put("event_type", "CREATE");
    doc.putObject("bundle_info").put("uuid", uuid).put("version", version);
    doc.set("manifest", manifest);
    ObjectNode files = doc.putObject("files");
    for (JsonNode e : manifest.withArray("files")) {
      if (!e.path("content-type").asText("").startsWith("application/json")) {
        continue;
      }
      json(r, e).ifPresent(content ->
          files.withArray(IndexDocuments.normalizedName(e.path("name").asText())).add(content));
    }
    return doc;
  }

  /** The JSON content of a manifest entry, if it parses. */
  static Optional<JsonNode> json(Replica r, JsonNode entry) {
    if (entry.path("size").asLong() > MAX_JSON_SIZE) {
      return Optional.empty();
    }
    String blobKey =
        "blobs/" + entry.path("sha256").asText() + "." + entry.path("sha1").asText() + "."
            + entry.path("s3-etag").asText() + "." + entry.path("crc32c").asText();
    try {
      return r.main().read(blobKey).map(Json::parse);
    } catch (RuntimeException e) {
      return Optional.empty(); // not JSON after all: left out, as the DSS did
    }
  }
}
