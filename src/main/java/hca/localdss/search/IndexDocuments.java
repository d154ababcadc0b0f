package hca.localdss.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds the search-index documents the DSS indexed: one per bundle version, replaced by a
 * tombstone document when the bundle is deleted.
 *
 * <p>Unlike the DSS, file JSON is not scrubbed against its metadata schema (the DSS fetched each
 * {@code describedBy} schema, removed properties its {@code additionalProperties} forbade and
 * dropped files without schema information); files are indexed as stored. The DSS's {@code
 * shape_descriptor} field is not added either.
 */
public final class IndexDocuments {

  /** The DSS left out manifests listing more files than this (DSS_BUNDLE_MANIFEST_INDEX_LIMIT). */
  static final int MANIFEST_FILES_LIMIT = 20_000;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private IndexDocuments() {}

  /**
   * The document for a bundle: {@code {"manifest", "state": "new", "files": {"<normalized
   * name>": [<json>, ...]}, "uuid"}}.
   *
   * @param storedManifest the bundle manifest as stored (copied, not modified)
   * @param jsonContent loads the content of a manifest file entry; empty when it does not parse
   *     as JSON. Called only for entries with {@code indexed == true} and a content type starting
   *     with {@code application/json}.
   */
  public static ObjectNode forBundle(
      String bundleUuid,
      ObjectNode storedManifest,
      Function<JsonNode, Optional<JsonNode>> jsonContent) {
    ObjectNode manifest = storedManifest.deepCopy();
    JsonNode entries = storedManifest.path("files");
    if (entries.size() > MANIFEST_FILES_LIMIT) {
      manifest.set("files", JSON.arrayNode());
    }
    ObjectNode files = JSON.objectNode();
    for (JsonNode entry : entries) {
      if (!entry.path("indexed").booleanValue()
          || !entry.path("content-type").asText("").startsWith("application/json")) {
        continue;
      }
      Optional<JsonNode> content = jsonContent.apply(entry);
      if (content.isPresent()) {
        String name = normalizedName(entry.path("name").asText(""));
        JsonNode list = files.get(name);
        if (list == null) {
          list = files.putArray(name);
        }
        ((ArrayNode) list).add(content.get());
      }
    }
    ObjectNode doc = JSON.objectNode();
    doc.set("manifest", manifest);
    doc.put("state", "new");
    doc.set("files", files);
    doc.put("uuid", bundleUuid);
    return doc;
  }

  /**
   * The document that replaces a bundle's document once it is tombstoned: the tombstone JSON
   * plus {@code "uuid"} and {@code "manifest": {"version": <versionOrNull>}} (null when the
   * tombstone covers all versions).
   */
  public static ObjectNode forTombstone(
      String uuid, String versionOrNull, ObjectNode tombstoneJson) {
    ObjectNode doc = tombstoneJson.deepCopy();
    doc.put("uuid", uuid);
    ObjectNode manifest = JSON.objectNode();
    manifest.put("version", versionOrNull);
    doc.set("manifest", manifest);
    return doc;
  }

  /**
   * The key under {@code files} for a file name: dots become underscores (Elasticsearch reads
   * them as object paths) and, for JSON files, the last {@code _<token>} before {@code _json} is
   * dropped so that {@code process_0.json} and {@code process_1.json} share {@code process_json}.
   * As in the DSS, a name such as {@code cell_suspension.json} loses its last word too ({@code
   * cell_json}).
   */
  public static String normalizedName(String fileName) {
    String name = fileName.replace('.', '_');
    if (!name.endsWith("_json")) {
      return name;
    }
    name = name.substring(0, name.length() - "_json".length());
    int underscore = name.lastIndexOf('_');
    if (underscore >= 0) {
      name = name.substring(0, underscore);
    }
    return name + "_json";
  }
}
