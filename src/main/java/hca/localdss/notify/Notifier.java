package hca.localdss.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.dss.DssVersion;
import hca.localdss.api.Json;
import hca.localdss.records.BundleDocuments;
import hca.localdss.records.BundleEvents;
import hca.localdss.records.Replicas;
import hca.localdss.records.SubscriptionRecords;
import hca.localdss.search.EsQuery;
import hca.localdss.search.SearchIndex;
import hca.localdss.store.Replica;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Decides which subscriptions a bundle change concerns and hands each notification to the
 * {@link Deliveries}: elasticsearch subscriptions match the bundle's index document, JMESPath
 * ones its event document (no query matches every event).
 */
public final class Notifier implements BundleEvents {

  private final Replicas replicas;
  private final SubscriptionRecords subscriptions;
  private final Function<Replica, SearchIndex> indexes;
  private final Supplier<String> apiOrigin;
  private final Deliveries deliveries;

  public Notifier(
      Replicas replicas,
      SubscriptionRecords subscriptions,
      Function<Replica, SearchIndex> indexes,
      Supplier<String> apiOrigin,
      Deliveries deliveries) {
    this.replicas = replicas;
    this.subscriptions = subscriptions;
    this.indexes = indexes;
    this.apiOrigin = apiOrigin;
    this.deliveries = deliveries;
  }

  @Override
  public void stored(Replica origin, String uuid, String version, ObjectNode manifest) {
    String fqid = uuid + "." + version;
    for (Replica r : replicas.all()) {
      List<ObjectNode> subs = subscriptions.all(r);
      if (subs.isEmpty()) {
        continue;
      }
      ObjectNode indexDoc = indexes.apply(r).get(fqid).orElse(null);
      ObjectNode eventDoc = null;
      for (ObjectNode s : subs) {
        if (SubscriptionRecords.type(s).equals(SubscriptionRecords.ELASTICSEARCH)) {
          if (indexDoc != null && matches(s, fqid, indexDoc)) {
            deliveries.send(s, v1(s, uuid, version, Attachments.evaluate(s.get("attachments"), indexDoc)));
          }
        } else {
          if (eventDoc == null) {
            eventDoc = BundleDocuments.event(r, uuid, version, manifest);
          }
          if (jmesMatches(s, eventDoc)) {
            deliveries.send(s, v2(s, r, "CREATE", uuid, version, Attachments.evaluate(s.get("attachments"), eventDoc)));
          }
        }
      }
    }
  }

  @Override
  public void tombstoned(Replica origin, String uuid, List<String> versions, ObjectNode tombstone) {
    for (Replica r : replicas.all()) {
      for (ObjectNode s : subscriptions.all(r)) {
        for (String v : versions) {
          String fqid = uuid + "." + v;
          if (SubscriptionRecords.type(s).equals(SubscriptionRecords.ELASTICSEARCH)) {
            ObjectNode doc = indexes.apply(r).get(fqid).orElse(null);
            if (doc != null && matches(s, fqid, doc)) {
              deliveries.send(s, v1(s, uuid, v, null));
            }
          } else {
            ObjectNode event = tombstone.deepCopy();
            event.put("event_type", "TOMBSTONE");
            event.putObject("bundle_info").put("uuid", uuid).put("version", v);
            if (jmesMatches(s, event)) {
              deliveries.send(s, v2(s, r, "TOMBSTONE", uuid, v, null));
            }
          }
        }
      }
    }
  }

  private static boolean matches(ObjectNode sub, String fqid, ObjectNode doc) {
    try {
      return EsQuery.compile(sub.get("es_query")).matches(fqid, doc);
    } catch (RuntimeException e) {
      return false; // a query that cannot evaluate against this document does not match it
    }
  }

  private static boolean jmesMatches(ObjectNode sub, JsonNode eventDoc) {
    JsonNode q = sub.get("jmespath_query");
    if (q == null || q.isNull() || q.asText().isEmpty()) {
      return true;
    }
    return Attachments.truthy(Attachments.search(q.asText(), eventDoc));
  }

  private static ObjectNode v1(ObjectNode sub, String uuid, String version, JsonNode attachments) {
    ObjectNode p = Json.object();
    p.put("transaction_id", UUID.randomUUID().toString());
    p.put("subscription_id", sub.path("uuid").asText());
    p.set("es_query", sub.get("es_query"));
    p.putObject("match").put("bundle_uuid", uuid).put("bundle_version", version);
    if (attachments != null) {
      p.set("attachments", attachments);
    }
    return p;
  }

  private ObjectNode v2(
      ObjectNode sub, Replica r, String eventType, String uuid, String version, JsonNode attachments) {
    ObjectNode p = Json.object();
    p.put("transaction_id", UUID.randomUUID().toString());
    p.put("subscription_id", sub.path("uuid").asText());
    p.put("event_type", eventType);
    p.putObject("match").put("bundle_uuid", uuid).put("bundle_version", version);
    p.put("bundle_url", apiOrigin.get() + "/v1/bundles/" + uuid + "?version=" + version + "&replica=" + r.name());
    p.put("dss_api", apiOrigin.get());
    p.put("event_timestamp", DssVersion.now());
    if (sub.hasNonNull("jmespath_query")) {
      p.set("jmespath_query", sub.get("jmespath_query"));
    }
    if (attachments != null) {
      p.set("attachments", attachments);
    }
    return p;
  }

  /** Retry delays from a comma-separated list of seconds, e.g. {@code 0,1,5,30}. */
  public static List<Duration> delays(String spec) {
    return java.util.Arrays.stream(spec.split(","))
        .map(String::trim)
        .map(s -> Duration.ofMillis((long) (Double.parseDouble(s) * 1000)))
        .toList();
  }
}
