package hca.localdss.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.dss.DssVersion;
import hca.localdss.records.BundleRecords;
import hca.localdss.records.Replicas;
import hca.localdss.store.Keys;
import hca.localdss.store.Replica;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** PUT, PATCH, GET and DELETE /bundles/{uuid}, and GET /bundles/all. */
final class BundlesApi {

  private final Replicas replicas;
  private final BundleRecords bundles;
  private final Checkout checkout;
  private final Set<String> admins;

  BundlesApi(Replicas replicas, BundleRecords bundles, Checkout checkout, Set<String> admins) {
    this.replicas = replicas;
    this.bundles = bundles;
    this.checkout = checkout;
    this.admins = admins;
  }

  void register(Routes routes) {
    routes.add("GET", "/bundles/all", Routes.Access.ANONYMOUS, this::all);
    routes.add("PUT", "/bundles/{uuid}", Routes.Access.AUTHENTICATED, this::put);
    routes.add("PATCH", "/bundles/{uuid}", Routes.Access.AUTHENTICATED, this::patch);
    routes.add("GET", "/bundles/{uuid}", Routes.Access.ANONYMOUS, this::get);
    routes.add("DELETE", "/bundles/{uuid}", Routes.Access.AUTHENTICATED, this::delete);
  }

  private ApiReply put(ApiRequest r) {
    Replica replica = replicas.get(r.requiredQuery("replica"));
    String version = Callers.dssVersion(r, "version");
    ObjectNode body = r.jsonObject();
    BundleRecords.Outcome o =
        bundles.put(
            replica, Callers.uuid(r), version, body.withArray("files"), body.path("creator_uid").asLong());
    return ApiReply.json(o.status(), o.body());
  }

  private ApiReply patch(ApiRequest r) {
    Replica replica = replicas.get(r.requiredQuery("replica"));
    String version = Callers.dssVersion(r, "version");
    ObjectNode body = r.jsonObject();
    for (String k : List.of("add_files", "remove_files")) {
      if (body.has(k) && body.get(k).size() > 1000) {
        throw DssException.illegalArguments(k + " may hold at most 1000 items");
      }
    }
    BundleRecords.Outcome o =
        bundles.patch(replica, Callers.uuid(r), version, body.get("add_files"), body.get("remove_files"));
    return ApiReply.json(o.status(), o.body());
  }

  private ApiReply get(ApiRequest r) {
    Replica replica = replicas.get(r.requiredQuery("replica"));
    boolean direct = r.boolQuery("directurls");
    boolean presigned = r.boolQuery("presignedurls");
    if (direct && presigned) {
      throw DssException.badRequest("only_one_urltype", "only one of directurls and presignedurls may be set");
    }
    int perPage = r.intQuery("per_page", 500, 10, 500);
    int startAt = r.intQuery("start_at", 0, 0, Integer.MAX_VALUE);
    String requested = r.pathParam("uuid");
    BundleRecords.Stored b =
        bundles
            .resolve(replica, Callers.uuid(r), r.query("version").orElse(null))
            .orElseThrow(() -> DssException.notFound("Cannot find bundle!"));
    if (direct || presigned) {
      ApiReply wait = checkout.redirectIfInProgress(r);
      if (wait != null) {
        return wait;
      }
    }
    ArrayNode all = b.manifest().withArray("files");
    ArrayNode page = Json.array();
    for (int i = startAt; i < Math.min(all.size(), startAt + perPage); i++) {
      page.add(responseEntry(replica, all.get(i), direct, presigned));
    }
    ObjectNode bundle = Json.object();
    bundle.put("uuid", requested);
    bundle.put("version", b.version());
    bundle.set("creator_uid", b.manifest().get("creator_uid"));
    bundle.set("files", page);
    ObjectNode body = Json.object();
    body.set("bundle", bundle);
    boolean more = all.size() - startAt > perPage;
    ApiReply reply =
        ApiReply.json(more ? 206 : 200, body)
            .header("X-OpenAPI-Pagination", Boolean.toString(more))
            .header("X-OpenAPI-Paginated-Content-Key", "bundle.files");
    if (more) {
      Map<String, String> next = new HashMap<>();
      next.put("start_at", Integer.toString(startAt + perPage));
      next.put("version", b.version());
      next.put("per_page", Integer.toString(perPage));
      reply.header("Link", "<" + r.selfUrl(next) + ">; rel='next'");
    }
    return reply;
  }

  private ObjectNode responseEntry(Replica replica, JsonNode e, boolean direct, boolean presigned) {
    ObjectNode f = Json.object();
    f.set("name", e.get("name"));
    f.set("content-type", e.get("content-type"));
    f.set("size", e.get("size"));
    f.set("uuid", e.get("uuid"));
    f.set("version", e.get("version"));
    f.set("crc32c", e.get("crc32c"));
    f.set("s3_etag", e.get("s3-etag"));
    f.set("sha1", e.get("sha1"));
    f.set("sha256", e.get("sha256"));
    f.set("indexed", e.get("indexed"));
    if (direct || presigned) {
      String blobKey =
          "blobs/" + e.path("sha256").asText() + "." + e.path("sha1").asText() + "."
              + e.path("s3-etag").asText() + "." + e.path("crc32c").asText();
      f.put(
          "url",
          direct
              ? replica.nativeUrl(blobKey)
              : replica.urls().download(replica.main().bucket(), blobKey, FilesApi.URL_TTL, null));
    }
    return f;
  }

  private ApiReply delete(ApiRequest r) {
    Replica replica = replicas.get(r.requiredQuery("replica"));
    // a browser sign-in names any email it is given, so only a key holder's own token is an admin
    if (!admins.contains(r.principal().email())
        || hca.localdss.auth.SignInProvider.ISSUER.equals(r.principal().issuer())) {
      throw new DssException(403, "Forbidden", "You can't delete bundles with these credentials!");
    }
    String version = r.query("version").orElse(null);
    String reason = r.jsonObject().path("reason").asText();
    BundleRecords.Outcome o =
        bundles.delete(replica, Callers.uuid(r), version, reason, r.principal().email());
    return ApiReply.json(o.status(), o.body());
  }

  private ApiReply all(ApiRequest r) {
    Replica replica = replicas.get(r.requiredQuery("replica"));
    String prefix = r.query("prefix").orElse("").toLowerCase(java.util.Locale.ROOT);
    if (!prefix.isEmpty() && !prefix.matches("^[a-z0-9][a-z0-9-]*$")) {
      throw DssException.illegalArguments("prefix '" + prefix + "' is not a UUID prefix");
    }
    int perPage = r.intQuery("per_page", 100, 10, 500);
    String after = r.query("search_after").orElse(null);
    if (after != null && !after.startsWith("bundles/")) {
      throw DssException.illegalArguments("search_after '" + after + "' did not come from this API");
    }
    BundleRecords.Enumeration page = bundles.enumerate(replica, prefix, perPage, after);
    ObjectNode body = Json.object();
    body.put("dss_api", r.origin());
    body.put("object", "list");
    body.put("per_page", perPage);
    body.put("search_prefix", "bundles/" + prefix);
    body.put("event_timestamp", DssVersion.now());
    ArrayNode list = body.putArray("bundles");
    for (String[] b : page.bundles()) {
      ObjectNode o = list.addObject();
      o.put("uuid", b[0]);
      o.put("version", b[1]);
    }
    body.put("page_count", page.bundles().size());
    body.put("has_more", page.full());
    ApiReply reply;
    if (page.full()) {
      String next = r.selfUrl(Map.of("search_after", page.lastKey(), "token", page.lastKey(), "per_page", Integer.toString(perPage)));
      body.put("token", page.lastKey());
      body.put("search_after", page.lastKey());
      body.put("link", next);
      reply = ApiReply.json(206, body).header("Link", "<" + next + ">; rel='next'");
    } else {
      reply = ApiReply.json(200, body);
    }
    return reply
        .header("X-OpenAPI-Pagination", Boolean.toString(page.full()))
        .header("X-OpenAPI-Paginated-Content-Key", "bundles");
  }

  static boolean isBundleKey(String k) {
    return Keys.BUNDLE.matcher(k).matches();
  }
}
