package hca.localdss.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.dss.DssVersion;
import hca.localdss.records.BundleDocuments;
import hca.localdss.records.BundleRecords;
import hca.localdss.records.Replicas;
import hca.localdss.store.Replica;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GET /events/{uuid} (one bundle version's event document) and GET /events (the replica's events
 * in journals of {@value #JOURNAL_EVENTS}, each readable at its {@code stream_url}). An event's
 * timestamp is its bundle version.
 */
final class EventsApi {

  static final int JOURNAL_EVENTS = 100;

  private final Replicas replicas;
  private final BundleRecords bundles;

  EventsApi(Replicas replicas, BundleRecords bundles) {
    this.replicas = replicas;
    this.bundles = bundles;
  }

  void register(Routes routes, Routes internal) {
    routes.add("GET", "/events", Routes.Access.ANONYMOUS, this::list);
    routes.add("GET", "/events/{uuid}", Routes.Access.ANONYMOUS, this::one);
    internal.add("GET", "/internal/events/stream", Routes.Access.ANONYMOUS, this::stream);
  }

  private ApiReply one(ApiRequest r) {
    Replica replica = replicas.get(r.requiredQuery("replica"));
    String version = r.requiredQuery("version");
    BundleRecords.Stored b =
        bundles
            .resolve(replica, Callers.uuid(r), version)
            .orElseThrow(() -> DssException.notFound("Cannot find event for " + Callers.uuid(r) + "." + version));
    return ApiReply.json(200, BundleDocuments.event(replica, b.uuid(), b.version(), b.manifest()));
  }

  /** Events from {@code from} to {@code to} (inclusive, either may be null), oldest first. */
  private List<String[]> events(Replica r, String from, String to) {
    List<String[]> all = new ArrayList<>();
    for (String[] b : bundles.allVisible(r)) {
      if ((from == null || b[1].compareTo(from) >= 0) && (to == null || b[1].compareTo(to) <= 0)) {
        all.add(b);
      }
    }
    all.sort(Comparator.<String[], String>comparing(b -> b[1]).thenComparing(b -> b[0]));
    return all;
  }

  private static String date(ApiRequest r, String name) {
    Optional<String> v = r.query(name);
    if (v.isPresent() && !DssVersion.isValid(v.get())) {
      throw DssException.badRequest("bad_request", name + " '" + v.get() + "' is not a DSS_VERSION timestamp");
    }
    return v.orElse(null);
  }

  private ApiReply list(ApiRequest r) {
    Replica replica = replicas.get(r.requiredQuery("replica"));
    String from = r.query("token").orElse(date(r, "from_date"));
    String to = date(r, "to_date");
    if (from != null && to != null && from.compareTo(to) > 0) {
      throw DssException.badRequest("bad_request", "from_date is after to_date");
    }
    int perPage = r.intQuery("per_page", 1, 1, 10);
    List<String[]> events = events(replica, from, to);
    ObjectNode body = Json.object();
    ArrayNode streams = body.putArray("event_streams");
    int journals = (events.size() + JOURNAL_EVENTS - 1) / JOURNAL_EVENTS;
    for (int j = 0; j < Math.min(journals, perPage); j++) {
      List<String[]> journal = events.subList(j * JOURNAL_EVENTS, Math.min(events.size(), (j + 1) * JOURNAL_EVENTS));
      String jFrom = journal.get(0)[1];
      String jTo = journal.get(journal.size() - 1)[1];
      ObjectNode s = streams.addObject();
      s.put("journal_id", jFrom + "--" + jTo);
      s.put("from_date", jFrom);
      s.put("to_date", jTo);
      ArrayNode list = Json.array();
      long offset = 0;
      for (String[] e : journal) {
        int size = eventBytes(replica, e).length;
        list.addObject().put("event_id", e[0] + "." + e[1]).put("timestamp", e[1]).put("offset", offset).put("size", size);
        offset += size;
      }
      s.put("size", offset);
      s.set("events", list);
      s.put("stream_url", r.origin() + "/internal/events/stream" + UrlQuery.of(Map.of(
          "replica", replica.name(), "from_date", jFrom, "to_date", jTo)));
    }
    boolean more = journals > perPage;
    ApiReply reply =
        ApiReply.json(more ? 206 : 200, body)
            .header("X-OpenAPI-Pagination", Boolean.toString(more))
            .header("X-OpenAPI-Paginated-Content-Key", "event_streams");
    if (more) {
      String nextFrom = events.get(perPage * JOURNAL_EVENTS)[1];
      reply.header("Link", "<" + r.selfUrl(Map.of("token", nextFrom)) + ">; rel='next'");
    }
    return reply;
  }

  private byte[] eventBytes(Replica r, String[] e) {
    return bundles
        .resolve(r, e[0], e[1])
        .map(b -> Json.bytes(BundleDocuments.event(r, b.uuid(), b.version(), b.manifest())))
        .orElse(new byte[0]);
  }

  /** The concatenated event documents of one journal, as its stream_url serves them. */
  private ApiReply stream(ApiRequest r) {
    Replica replica = replicas.get(r.requiredQuery("replica"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String[] e : events(replica, r.requiredQuery("from_date"), r.requiredQuery("to_date"))) {
      out.writeBytes(eventBytes(replica, e));
    }
    return ApiReply.raw(200, "application/octet-stream", out.toByteArray());
  }
}
