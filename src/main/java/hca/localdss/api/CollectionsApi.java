package hca.localdss.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.localdss.records.CollectionRecords;
import hca.localdss.records.Replicas;
import hca.localdss.store.Replica;
import java.util.List;
import java.util.Map;

/** /collections and /collections/{uuid}. */
final class CollectionsApi {

  private final Replicas replicas;
  private final CollectionRecords collections;

  CollectionsApi(Replicas replicas, CollectionRecords collections) {
    this.replicas = replicas;
    this.collections = collections;
  }

  void register(Routes routes) {
    routes.add("GET", "/collections", Routes.Access.AUTHENTICATED, this::list);
    routes.add("PUT", "/collections", Routes.Access.AUTHENTICATED, this::put);
    routes.add("GET", "/collections/{uuid}", Routes.Access.AUTHENTICATED, this::get);
    routes.add("PATCH", "/collections/{uuid}", Routes.Access.AUTHENTICATED, this::patch);
    routes.add("DELETE", "/collections/{uuid}", Routes.Access.AUTHENTICATED, this::delete);
  }

  private ApiReply put(ApiRequest r) {
    Callers.requireGroup(r, "Forbidden", "hca");
    Replica replica = replicas.get(r.requiredQuery("replica"));
    String uuid = r.requiredQuery("uuid").toLowerCase(java.util.Locale.ROOT);
    String version = Callers.dssVersion(r, "version");
    return ApiReply.json(201, collections.put(replica, uuid, version, r.principal().email(), r.jsonObject()));
  }

  private ApiReply get(ApiRequest r) {
    Callers.requireGroup(r, "Forbidden", "hca");
    Replica replica = replicas.get(r.requiredQuery("replica"));
    return ApiReply.json(
        200,
        collections.get(replica, Callers.uuid(r), r.query("version").orElse(null), r.principal().email()));
  }

  private ApiReply patch(ApiRequest r) {
    Callers.requireGroup(r, "Forbidden", "hca");
    Replica replica = replicas.get(r.requiredQuery("replica"));
    String version = Callers.dssVersion(r, "version");
    ObjectNode body = r.jsonObject();
    for (String k : List.of("add_contents", "remove_contents")) {
      if (body.has(k) && body.get(k).size() > 1000) {
        throw DssException.illegalArguments(k + " may hold at most 1000 items");
      }
    }
    return ApiReply.json(
        200, collections.patch(replica, Callers.uuid(r), version, r.principal().email(), body));
  }

  private ApiReply delete(ApiRequest r) {
    Callers.requireGroup(r, "Forbidden", "hca");
    Replica replica = replicas.get(r.requiredQuery("replica"));
    collections.delete(replica, Callers.uuid(r), r.principal().email());
    return ApiReply.json(200, Json.object());
  }

  private ApiReply list(ApiRequest r) {
    Callers.requireGroup(r, "Forbidden", "hca");
    int perPage = r.intQuery("per_page", 500, 10, 500);
    int startAt = r.intQuery("start_at", 0, 0, Integer.MAX_VALUE);
    List<String[]> all = collections.ownedBy(r.principal().email());
    ObjectNode body = Json.object();
    ArrayNode page = body.putArray("collections");
    for (int i = startAt; i < Math.min(all.size(), startAt + perPage); i++) {
      page.addObject().put("uuid", all.get(i)[0]).put("version", all.get(i)[1]);
    }
    boolean more = all.size() - startAt > perPage;
    ApiReply reply =
        ApiReply.json(more ? 206 : 200, body)
            .header("X-OpenAPI-Pagination", Boolean.toString(more))
            .header("X-OpenAPI-Paginated-Content-Key", "collections");
    if (more) {
      reply.header(
          "Link",
          "<" + r.selfUrl(Map.of("start_at", Integer.toString(startAt + perPage), "per_page", Integer.toString(perPage)))
              + ">; rel='next'");
    }
    return reply;
  }
}
