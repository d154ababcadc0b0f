package hca.localdss.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.localdss.store.KeyLocks;
import hca.localdss.store.ObjectInfo;
import hca.localdss.store.ObjectStore;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The object metadata half of the JSON API: get, list, delete, patch, copy, rewrite, compose. */
final class GcsObjects {

  private final GcsBuckets buckets;
  private final KeyLocks locks;

  GcsObjects(GcsBuckets buckets, KeyLocks locks) {
    this.buckets = buckets;
    this.locks = locks;
  }

  /**
   * Checks that a name can be stored: GCS's own rules, plus what a file-system store would
   * silently change ("a//b" and "./a" alias other names).
   */
  static void checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw GcsException.badRequest("Object name is required");
    }
    if (name.length() > 1024 || name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0
        || name.indexOf('\0') >= 0) {
      throw GcsException.badRequest("Invalid object name: too long or has CR, LF or NUL");
    }
    String inner = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    for (String segment : inner.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw GcsException.badRequest("Object name not supported by the local store"
            + " (empty, '.' or '..' path segment): " + name);
      }
    }
  }

  /** The object's current state, or 404; a {@code generation} parameter must match it. */
  static ObjectInfo require(GcsRequest r, ObjectStore store, String name) {
    ObjectInfo info =
        store.describe(name).orElseThrow(() -> GcsException.noSuchObject(store.bucket(), name));
    Long generation = r.longParam("generation");
    if (generation != null && generation != GcsResources.generation(info)) {
      throw GcsException.noSuchObject(store.bucket(), name + "#" + generation);
    }
    return info;
  }

  void get(GcsRequest r, HttpServletResponse resp, String bucket, String name) throws IOException {
    ObjectStore store = buckets.require(bucket);
    ObjectInfo info = require(r, store, name);
    GcsPreconditions.of(r).checkRead(Optional.of(info));
    GcsResources.send(resp, 200, GcsResources.object(r.baseUrl, bucket, info));
  }

  /**
   * GET /storage/v1/b/{b}/o: prefix, delimiter (to "prefixes"), includeTrailingDelimiter,
   * startOffset, endOffset, maxResults and pageToken.
   */
  void list(GcsRequest r, HttpServletResponse resp, String bucket) throws IOException {
    ObjectStore store = buckets.require(bucket);
    String prefix = r.param("prefix") == null ? "" : r.param("prefix");
    String delimiter = r.param("delimiter");
    Long maxParam = r.longParam("maxResults");
    int max = maxParam == null || maxParam <= 0 ? 1000 : (int) Math.min(maxParam, 1000);
    String start = r.param("startOffset");
    String end = r.param("endOffset");
    String token = r.param("pageToken") == null ? null
        : GcsBuckets.decodeToken(r.param("pageToken"));
    // startOffset is inclusive, the store's startAfter exclusive: start just before, filter.
    String startAfter = start == null || start.length() < 2 ? null
        : start.substring(0, start.length() - 1);
    ObjectStore.Page page = store.listPage(prefix, delimiter, startAfter, token, max);

    ObjectNode out = GcsResources.JSON.createObjectNode();
    out.put("kind", "storage#objects");
    ArrayNode items = GcsResources.JSON.createArrayNode();
    ArrayNode prefixes = GcsResources.JSON.createArrayNode();
    boolean pastEnd = false;
    for (ObjectInfo o : page.objects()) {
      if (start != null && o.key().compareTo(start) < 0) {
        continue;
      }
      if (end != null && !end.isEmpty() && o.key().compareTo(end) >= 0) {
        pastEnd = true;
        break;
      }
      store.describe(o.key())
          .ifPresent(info -> items.add(GcsResources.object(r.baseUrl, bucket, info)));
    }
    for (String p : page.prefixes()) {
      if (start != null && p.compareTo(start) < 0 && !start.startsWith(p)) {
        continue;
      }
      if (end != null && !end.isEmpty() && p.compareTo(end) >= 0) {
        pastEnd = true;
        continue;
      }
      prefixes.add(p);
      if (r.flag("includeTrailingDelimiter")) {
        store.describe(p)
            .ifPresent(info -> items.add(GcsResources.object(r.baseUrl, bucket, info)));
      }
    }
    if (!items.isEmpty()) {
      out.set("items", items);
    }
    if (!prefixes.isEmpty()) {
      out.set("prefixes", prefixes);
    }
    if (page.nextToken() != null && !pastEnd) {
      out.put("nextPageToken", GcsBuckets.encodeToken(page.nextToken()));
    }
    GcsResources.send(resp, 200, out);
  }

  void delete(GcsRequest r, HttpServletResponse resp, String bucket, String name) {
    ObjectStore store = buckets.require(bucket);
    try (KeyLocks.Held held = locks.lock(bucket + "/" + name)) {
      ObjectInfo info = require(r, store, name);
      GcsPreconditions.of(r).check(Optional.of(info));
      store.delete(name);
    }
    resp.setStatus(204);
  }

  /** PATCH merges the body's metadata into the object's; PUT replaces it. */
  void update(GcsRequest r, HttpServletResponse resp, String bucket, String name, boolean patch)
      throws IOException {
    ObjectStore store = buckets.require(bucket);
    JsonNode body = r.jsonBody();
    ObjectInfo updated;
    try (KeyLocks.Held held = locks.lock(bucket + "/" + name)) {
      ObjectInfo info = require(r, store, name);
      GcsPreconditions.of(r).check(Optional.of(info));
      Map<String, String> meta =
          GcsResources.metadataFrom(body, GcsResources.userMetadata(info), patch);
      String type = body.has("contentType") ? GcsResources.text(body, "contentType")
          : patch ? info.contentType() : null;
      updated = store.copyTo(store, name, name, type, meta);
    }
    GcsResources.send(resp, 200, GcsResources.object(r.baseUrl, bucket, updated));
  }

  /**
   * POST .../copyTo/... and .../rewriteTo/...: a server-side copy, done in one call (rewrite
   * answers done=true at once). A body resource overrides content type and metadata.
   */
  void copy(GcsRequest r, HttpServletResponse resp, String srcBucket, String srcName,
      String dstBucket, String dstName, boolean rewrite) throws IOException {
    ObjectStore src = buckets.require(srcBucket);
    ObjectStore dst = buckets.require(dstBucket);
    checkName(dstName);
    JsonNode body = r.jsonBody();
    Long sourceGeneration = r.longParam("sourceGeneration");
    ObjectInfo copied;
    try (KeyLocks.Held held = locks.lock(dstBucket + "/" + dstName)) {
      ObjectInfo from = src.describe(srcName)
          .orElseThrow(() -> GcsException.noSuchObject(srcBucket, srcName));
      if (sourceGeneration != null && sourceGeneration != GcsResources.generation(from)) {
        throw GcsException.noSuchObject(srcBucket, srcName + "#" + sourceGeneration);
      }
      GcsPreconditions.ofSource(r).check(Optional.of(from));
      GcsPreconditions.of(r).check(dst.describe(dstName));
      Map<String, String> meta = body.has("metadata")
          ? GcsResources.metadataFrom(body, Map.of(), false) : null;
      copied = src.copyTo(dst, srcName, dstName, GcsResources.text(body, "contentType"), meta);
    }
    ObjectNode resource = GcsResources.object(r.baseUrl, dstBucket, copied);
    if (!rewrite) {
      GcsResources.send(resp, 200, resource);
      return;
    }
    ObjectNode out = GcsResources.JSON.createObjectNode();
    out.put("kind", "storage#rewriteResponse");
    out.put("totalBytesRewritten", Long.toString(copied.size()));
    out.put("objectSize", Long.toString(copied.size()));
    out.put("done", true);
    out.set("resource", resource);
    GcsResources.send(resp, 200, out);
  }

  /** POST .../o/{dest}/compose: concatenates up to 32 objects of the bucket into one. */
  void compose(GcsRequest r, HttpServletResponse resp, String bucket, String name)
      throws IOException {
    ObjectStore store = buckets.require(bucket);
    checkName(name);
    JsonNode body = r.jsonBody();
    JsonNode sources = body.get("sourceObjects");
    if (sources == null || !sources.isArray() || sources.isEmpty() || sources.size() > 32) {
      throw GcsException.badRequest("compose needs 1 to 32 sourceObjects");
    }
    JsonNode destination = body.get("destination");
    ObjectInfo composed;
    try (KeyLocks.Held held = locks.lock(bucket + "/" + name)) {
      List<String> keys = new ArrayList<>();
      long total = 0;
      for (JsonNode s : sources) {
        String key = GcsResources.text(s, "name");
        if (key == null) {
          throw GcsException.badRequest("sourceObjects[].name is required");
        }
        ObjectInfo info = store.describe(key)
            .orElseThrow(() -> GcsException.noSuchObject(bucket, key));
        long generation = GcsResources.generation(info);
        if (s.hasNonNull("generation") && s.get("generation").asLong() != generation) {
          throw GcsException.noSuchObject(bucket, key);
        }
        JsonNode pre = s.path("objectPreconditions").path("ifGenerationMatch");
        if (!pre.isMissingNode() && !pre.isNull() && pre.asLong() != generation) {
          throw GcsException.preconditionFailed();
        }
        keys.add(key);
        total += info.size();
      }
      GcsPreconditions.of(r).check(store.describe(name));
      Iterator<String> it = keys.iterator();
      // Sources are opened one after another, as the concatenation reaches them.
      InputStream joined = new SequenceInputStream(new Enumeration<InputStream>() {
        @Override
        public boolean hasMoreElements() {
          return it.hasNext();
        }

        @Override
        public InputStream nextElement() {
          return store.open(it.next(), 0, -1);
        }
      });
      try (joined) {
        store.write(name, joined, total, GcsResources.text(destination, "contentType"),
            GcsResources.metadataFrom(destination, Map.of(), false), null);
      }
      composed = store.describe(name).orElseThrow(() -> GcsException.noSuchObject(bucket, name));
    }
    GcsResources.send(resp, 200, GcsResources.object(r.baseUrl, bucket, composed));
  }
}
