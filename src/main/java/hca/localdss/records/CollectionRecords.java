package hca.localdss.records;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.dss.DssVersion;
import hca.localdss.api.DssException;
import hca.localdss.api.Json;
import hca.localdss.store.Keys;
import hca.localdss.store.Replica;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;

/**
 * Collections: named lists of links to files, bundles, other collections and metadata
 * fragments, owned by the caller who created them.
 */
public final class CollectionRecords {

  private static final int MAX_LINKED_SIZE = 1024 * 1024;

  private final Replicas replicas;
  private final FileRecords files;
  private final Map<String, String> ownerByUuid = new ConcurrentHashMap<>();

  public CollectionRecords(Replicas replicas, FileRecords files) {
    this.replicas = replicas;
    this.files = files;
  }

  /** PUT /collections: stores a version (silently replacing one with the same version). */
  public ObjectNode put(Replica r, String uuid, String version, String owner, ObjectNode body) {
    Optional<String> existingOwner = owner(r, uuid);
    if (existingOwner.isPresent() && !existingOwner.get().equals(owner)) {
      throw new DssException(403, "forbidden", "Collection " + uuid + " belongs to another user");
    }
    ObjectNode doc = Json.object();
    doc.set("name", body.get("name"));
    doc.set("description", body.get("description"));
    doc.set("details", body.get("details"));
    doc.set("contents", verified(r, body.withArray("contents"), "contents"));
    doc.put("owner", owner);
    replicas.writeMirrored(r, Keys.collection(uuid, version), Json.bytes(doc));
    ownerByUuid.put(uuid, owner);
    return ids(uuid, version);
  }

  /** GET /collections/{uuid}: the collection itself (the real server did not wrap it). */
  public ObjectNode get(Replica r, String uuid, String versionOrNull, String caller) {
    ObjectNode doc = load(r, uuid, versionOrNull);
    if (!caller.equals(doc.path("owner").asText())) {
      throw new DssException(403, "forbidden", "Collection " + uuid + " belongs to another user");
    }
    return doc;
  }

  /** PATCH /collections/{uuid}: a new version from a base version. */
  public ObjectNode patch(Replica r, String uuid, String baseVersion, String caller, ObjectNode body) {
    ObjectNode doc = get(r, uuid, baseVersion, caller).deepCopy();
    for (String k : List.of("name", "description", "details")) {
      if (body.has(k)) {
        doc.set(k, body.get(k));
      }
    }
    ArrayNode contents = doc.withArray("contents");
    if (body.has("remove_contents")) {
      ArrayNode kept = Json.array();
      for (JsonNode item : contents) {
        boolean removed = false;
        for (JsonNode x : body.get("remove_contents")) {
          removed |= x.equals(item);
        }
        if (!removed) {
          kept.add(item);
        }
      }
      contents = kept;
    }
    if (body.has("add_contents")) {
      contents.addAll(verified(r, (ArrayNode) body.get("add_contents"), "add_contents"));
    }
    doc.set("contents", dedup(contents));
    String version = DssVersion.now();
    replicas.writeMirrored(r, Keys.collection(uuid, version), Json.bytes(doc));
    return ids(uuid, version);
  }

  /** DELETE /collections/{uuid}: tombstones every version. */
  public void delete(Replica r, String uuid, String caller) {
    ObjectNode doc = load(r, uuid, null);
    if (!caller.equals(doc.path("owner").asText())) {
      throw new DssException(403, "forbidden", "Collection " + uuid + " belongs to another user");
    }
    ObjectNode t = Json.object();
    t.put("email", caller);
    replicas.writeMirrored(r, Keys.collectionTombstone(uuid), Json.bytes(t));
  }

  /** The caller's collection versions, in key order (GET /collections). */
  public List<String[]> ownedBy(String email) {
    Replica r = replicas.all().get(0);
    List<String[]> out = new ArrayList<>();
    for (String k : r.catalog().withPrefix("collections/")) {
      Matcher m = Keys.COLLECTION.matcher(k);
      if (m.matches()
          && !r.catalog().contains(Keys.collectionTombstone(m.group(1)))
          && owner(r, m.group(1)).map(email::equals).orElse(false)) {
        out.add(new String[] {m.group(1), m.group(2)});
      }
    }
    return out;
  }

  private Optional<String> owner(Replica r, String uuid) {
    String known = ownerByUuid.get(uuid);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<String> latest = r.catalog().last("collections/" + uuid + ".", k -> Keys.COLLECTION.matcher(k).matches());
    Optional<String> owner =
        latest.flatMap(k -> replicas.read(r, k)).map(b -> Json.parse(b).path("owner").asText());
    owner.ifPresent(o -> ownerByUuid.put(uuid, o));
    return owner;
  }

  private ObjectNode load(Replica r, String uuid, String versionOrNull) {
    if (r.catalog().contains(Keys.collectionTombstone(uuid))) {
      throw DssException.notFound("Could not find collection for UUID " + uuid);
    }
    String key =
        versionOrNull != null
            ? Keys.collection(uuid, versionOrNull)
            : r.catalog()
                .last("collections/" + uuid + ".", k -> Keys.COLLECTION.matcher(k).matches())
                .orElse(null);
    return Optional.ofNullable(key)
        .flatMap(k -> replicas.read(r, k))
        .map(Json::parseObject)
        .orElseThrow(() -> DssException.notFound("Could not find collection for UUID " + uuid));
  }

  /** Checks that every link points at something, then drops duplicates keeping first occurrences. */
  private ArrayNode verified(Replica r, ArrayNode items, String where) {
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      String type = item.path("type").asText();
      String uuid = item.path("uuid").asText().toLowerCase(Locale.ROOT);
      String version = item.path("version").asText();
      String at = where + "[" + i + "]";
      switch (type) {
        case "file", "bundle", "collection" -> {
          if (!r.catalog().contains(type + "s/" + uuid + "." + version)) {
            throw invalidLink(at, "no " + type + " " + uuid + "." + version + " in replica " + r.name());
          }
        }
        default -> checkFragment(r, item, uuid, version, at);
      }
    }
    return dedup(items);
  }

  private void checkFragment(Replica r, JsonNode item, String uuid, String version, String at) {
    String pointer = item.path("fragment").asText(null);
    if (pointer == null) {
      throw invalidLink(at, "a metadata fragment link needs a 'fragment' JSON pointer");
    }
    FileRecords.FileMeta meta =
        files.get(r, uuid, version).orElseThrow(() -> invalidLink(at, "no file " + uuid + "." + version));
    if (meta.size() > MAX_LINKED_SIZE) {
      throw invalidLink(at, "file " + uuid + "." + version + " is too large to hold a fragment");
    }
    JsonNode content;
    try {
      content = Json.parse(r.main().read(meta.blobKey()).orElseThrow());
      JsonPointer p = JsonPointer.compile(pointer);
      if (content.at(p).isMissingNode()) {
        throw invalidLink(at, "fragment " + pointer + " is not in file " + uuid + "." + version);
      }
    } catch (DssException e) {
      throw e;
    } catch (RuntimeException e) {
      throw invalidLink(at, "file " + uuid + "." + version + " is not JSON or the pointer is malformed");
    }
  }

  private static DssException invalidLink(String at, String why) {
    return new DssException(422, "invalid_link", "Invalid link at " + at + ": " + why);
  }

  private static ArrayNode dedup(ArrayNode items) {
    Set<JsonNode> seen = new LinkedHashSet<>();
    items.forEach(seen::add);
    ArrayNode out = Json.array();
    seen.forEach(out::add);
    return out;
  }

  private static ObjectNode ids(String uuid, String version) {
    ObjectNode b = Json.object();
    b.put("uuid", uuid);
    b.put("version", version);
    return b;
  }
}
