package hca.localdss.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.dss.DssVersion;
import hca.localdss.api.DssException;
import hca.localdss.api.Json;
import hca.localdss.store.KeyLocks;
import hca.localdss.store.Keys;
import hca.localdss.store.Replica;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Bundles: manifests under {@code bundles/{uuid}.{version}}, tombstones beside them, and the
 * rules for which version is visible.
 */
public final class BundleRecords {

  /** The outcome of a write: status and body. */
  public record Outcome(int status, ObjectNode body) {}

  /** A stored, visible bundle version. */
  public record Stored(String uuid, String version, ObjectNode manifest) {}

  private final Replicas replicas;
  private final FileRecords files;
  private volatile BundleEvents events = BundleEvents.NONE;

  public BundleRecords(Replicas replicas, FileRecords files) {
    this.replicas = replicas;
    this.files = files;
  }

  public void listen(BundleEvents e) {
    this.events = e;
  }

  /** PUT /bundles/{uuid}: stores a new version made of registered files. */
  public Outcome put(Replica r, String uuid, String version, JsonNode fileList, long creatorUid) {
    ArrayNode entries = Json.array();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < fileList.size(); i++) {
      JsonNode f = fileList.get(i);
      entries.add(entry(r, f, "files[" + i + "]", names));
    }
    ObjectNode manifest = Json.object();
    manifest.put("format", "0.0.1");
    manifest.put("version", version);
    manifest.set("files", entries);
    manifest.put("creator_uid", creatorUid);
    String key = Keys.bundle(uuid, version);
    byte[] bytes = Json.bytes(manifest);
    int status;
    try (KeyLocks.Held h = replicas.locks().lock(key)) {
      Optional<byte[]> existing = replicas.read(r, key);
      if (existing.isPresent()) {
        if (!Arrays.equals(existing.get(), bytes)) {
          throw new DssException(
              409, "bundle_already_exists", "bundle with UUID " + uuid + " and version " + version + " already exists");
        }
        status = 200;
      } else {
        replicas.writeMirrored(r, key, bytes);
        status = 201;
      }
    }
    if (status == 201) {
      events.stored(r, uuid, version, manifest);
    }
    ObjectNode body = Json.object();
    body.put("version", version);
    body.set("manifest", manifest);
    return new Outcome(status, body);
  }

  /** Resolves one {@code {uuid, version, name, indexed}} into a manifest entry. */
  private ObjectNode entry(Replica r, JsonNode f, String where, Set<String> names) {
    String name = f.path("name").asText(null);
    BundleNames.check(name, where);
    if (!names.add(name)) {
      throw new DssException(400, "duplicate_filename", "Duplicate file name '" + name + "' in the bundle");
    }
    String fileUuid = f.path("uuid").asText();
    String fileVersion = f.path("version").asText();
    if (!DssVersion.isValid(fileVersion)) {
      throw new DssException(
          400, "illegal_version", where + ".version '" + fileVersion + "' should be an RFC3339 compliant timestamp");
    }
    FileRecords.FileMeta meta =
        files
            .get(r, fileUuid.toLowerCase(Locale.ROOT), fileVersion)
            .orElseThrow(
                () ->
                    new DssException(
                        400, "file_missing", "Could not find file " + fileUuid + "/" + fileVersion + "."));
    ObjectNode m = meta.json();
    ObjectNode e = Json.object();
    e.put("name", name);
    e.put("uuid", fileUuid);
    e.put("version", fileVersion);
    e.set("content-type", m.get("content-type"));
    e.set("size", m.get("size"));
    e.put("indexed", f.path("indexed").asBoolean(false));
    e.set("crc32c", m.get("crc32c"));
    e.set("s3-etag", m.get("s3-etag"));
    e.set("sha1", m.get("sha1"));
    e.set("sha256", m.get("sha256"));
    return e;
  }

  /** PATCH /bundles/{uuid}: a new version from a base version, with files added and removed. */
  public Outcome patch(Replica r, String uuid, String baseVersion, JsonNode add, JsonNode remove) {
    Stored base =
        resolve(r, uuid, baseVersion)
            .orElseThrow(() -> DssException.notFound("Cannot find bundle " + uuid + "." + baseVersion));
    ArrayNode kept = Json.array();
    Set<String> names = new HashSet<>();
    for (JsonNode e : base.manifest().withArray("files")) {
      if (!matchesAny(e, remove)) {
        kept.add(e);
        names.add(e.path("name").asText());
      }
    }
    if (add != null) {
      for (int i = 0; i < add.size(); i++) {
        kept.add(entry(r, add.get(i), "add_files[" + i + "]", names));
      }
    }
    String version = DssVersion.now();
    ObjectNode manifest = base.manifest().deepCopy();
    manifest.put("version", version);
    manifest.set("files", kept);
    String key = Keys.bundle(uuid, version);
    try (KeyLocks.Held h = replicas.locks().lock(key)) {
      replicas.writeMirrored(r, key, Json.bytes(manifest));
    }
    events.stored(r, uuid, version, manifest);
    ObjectNode body = Json.object();
    body.put("uuid", uuid);
    body.put("version", version);
    return new Outcome(200, body);
  }

  private static boolean matchesAny(JsonNode entry, JsonNode remove) {
    if (remove == null) {
      return false;
    }
    for (JsonNode x : remove) {
      if (x.path("name").asText().equals(entry.path("name").asText())
          && x.path("uuid").asText().equals(entry.path("uuid").asText())
          && x.path("version").asText().equals(entry.path("version").asText())) {
        return true;
      }
    }
    return false;
  }

  /** The visible version (the latest visible one when version is null), if any. */
  public Optional<Stored> resolve(Replica r, String uuid, String versionOrNull) {
    if (r.catalog().contains(Keys.bundleTombstone(uuid, null))) {
      return Optional.empty();
    }
    String key;
    if (versionOrNull != null) {
      key = Keys.bundle(uuid, versionOrNull);
      if (!r.catalog().contains(key) || isTombstoned(r, uuid, versionOrNull)) {
        return Optional.empty();
      }
    } else {
      Optional<String> latest =
          r.catalog()
              .last(
                  "bundles/" + uuid + ".",
                  k -> {
                    Matcher m = Keys.BUNDLE.matcher(k);
                    return m.matches() && !isTombstoned(r, uuid, m.group(2));
                  });
      if (latest.isEmpty()) {
        return Optional.empty();
      }
      key = latest.get();
    }
    String version = key.substring(key.lastIndexOf('/') + 1 + uuid.length() + 1);
    return replicas.read(r, key).map(b -> new Stored(uuid, version, Json.parseObject(b)));
  }

  /** Whether this version is hidden by a versioned or an all-versions tombstone. */
  public boolean isTombstoned(Replica r, String uuid, String version) {
    return r.catalog().contains(Keys.bundleTombstone(uuid, version))
        || r.catalog().contains(Keys.bundleTombstone(uuid, null));
  }

  /** DELETE /bundles/{uuid}: tombstones one version, or all of them. */
  public Outcome delete(Replica r, String uuid, String versionOrNull, String reason, String email) {
    String prefix = "bundles/" + uuid + "." + (versionOrNull == null ? "" : versionOrNull);
    List<String> versions = new ArrayList<>();
    for (String k : r.catalog().withPrefix(prefix)) {
      Matcher m = Keys.BUNDLE.matcher(k);
      if (m.matches() && (versionOrNull == null || m.group(2).equals(versionOrNull))) {
        versions.add(m.group(2));
      }
    }
    if (versions.isEmpty()) {
      throw DssException.notFound("Cannot find bundle " + uuid + (versionOrNull == null ? "" : "." + versionOrNull));
    }
    ObjectNode tombstone = Json.object();
    tombstone.put("email", email);
    tombstone.put("reason", reason);
    tombstone.put("admin_deleted", true);
    if (versionOrNull != null) {
      tombstone.put("version", versionOrNull);
    }
    String key = Keys.bundleTombstone(uuid, versionOrNull);
    byte[] bytes = Json.bytes(tombstone);
    boolean created = false;
    try (KeyLocks.Held h = replicas.locks().lock(key)) {
      Optional<byte[]> existing = replicas.read(r, key);
      if (existing.isPresent()) {
        if (!Arrays.equals(existing.get(), bytes)) {
          throw new DssException(
              409, "bundle_tombstone_already_exists", "A tombstone already exists for " + key);
        }
      } else {
        replicas.writeMirrored(r, key, bytes);
        created = true;
      }
    }
    if (created) {
      events.tombstoned(r, uuid, versions, tombstone);
    }
    return new Outcome(200, Json.object());
  }

  /** One page of GET /bundles/all. */
  public record Enumeration(List<String[]> bundles, String lastKey, boolean full) {}

  /** Visible bundle versions whose key follows {@code bundles/<prefix>}, after {@code searchAfter}. */
  public Enumeration enumerate(Replica r, String prefix, int perPage, String searchAfter) {
    List<String[]> out = new ArrayList<>();
    String last = null;
    for (String k : r.catalog().withPrefixAfter("bundles/" + prefix, searchAfter)) {
      Matcher m = Keys.BUNDLE.matcher(k);
      if (!m.matches() || isTombstoned(r, m.group(1), m.group(2))) {
        continue;
      }
      out.add(new String[] {m.group(1), m.group(2)});
      last = k;
      if (out.size() == perPage) {
        break;
      }
    }
    return new Enumeration(out, last, out.size() == perPage);
  }

  /** Every visible bundle version of a replica, for rebuilding the search index. */
  public List<String[]> allVisible(Replica r) {
    return enumerate(r, "", Integer.MAX_VALUE, null).bundles();
  }
}
