package hca.localdss.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.localdss.records.BundleIndexer;
import hca.localdss.records.Replicas;
import hca.localdss.search.EsQuery;
import hca.localdss.search.SearchIndex;
import hca.localdss.search.UnsupportedQueryException;
import hca.localdss.store.Replica;
import java.util.LinkedHashMap;
import java.util.Map;

/** POST /search: an Elasticsearch query over the replica's index documents, in pages. */
final class SearchApi {

  private final Replicas replicas;
  private final BundleIndexer indexer;

  SearchApi(Replicas replicas, BundleIndexer indexer) {
    this.replicas = replicas;
    this.indexer = indexer;
  }

  void register(Routes routes) {
    routes.add("POST", "/search", Routes.Access.ANONYMOUS, this::search);
  }

  private ApiReply search(ApiRequest r) {
    Replica replica = replicas.get(r.requiredQuery("replica"));
    String format = r.query("output_format").orElse("summary");
    int perPage = r.intQuery("per_page", 100, 10, 500);
    if (format.equals("raw")) {
      perPage = 10; // the real server always paged raw results by ten
    }
    JsonNode query = r.jsonObject().get("es_query");
    SearchIndex.Page page;
    try {
      EsQuery q = EsQuery.compile(query == null ? Json.object() : query);
      page = indexer.index(replica).search(q, perPage, r.query("search_after").orElse(null));
    } catch (UnsupportedQueryException e) {
      throw DssException.badRequest("elasticsearch_bad_request", e.getMessage());
    } catch (IllegalArgumentException e) {
      throw DssException.illegalArguments(e.getMessage());
    }
    ObjectNode body = Json.object();
    body.set("es_query", query);
    ArrayNode results = body.putArray("results");
    for (SearchIndex.Hit h : page.hits()) {
      ObjectNode o = results.addObject();
      o.put("bundle_fqid", h.fqid());
      int dot = h.fqid().indexOf('.');
      o.put(
          "bundle_url",
          r.origin() + "/v1/bundles/" + h.fqid().substring(0, dot) + "?version="
              + h.fqid().substring(dot + 1) + "&replica=" + replica.name());
      o.putNull("search_score");
      if (format.equals("raw")) {
        o.set("metadata", h.doc());
      }
    }
    body.put("total_hits", page.totalHits());
    boolean more = page.nextSearchAfterOrNull() != null;
    ApiReply reply =
        ApiReply.json(more ? 206 : 200, body)
            .header("X-OpenAPI-Pagination", Boolean.toString(more))
            .header("X-OpenAPI-Paginated-Content-Key", "results");
    if (more) {
      Map<String, String> q = new LinkedHashMap<>();
      q.put("per_page", Integer.toString(perPage));
      q.put("replica", replica.name());
      q.put("search_after", page.nextSearchAfterOrNull());
      q.put("output_format", format);
      reply.header("Link", "<" + r.origin() + "/v1/search" + UrlQuery.of(q) + ">; rel=\"next\"");
    }
    return reply;
  }
}
