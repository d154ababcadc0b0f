package hca.localdss.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.dss.DssVersion;
import hca.localdss.records.Replicas;
import hca.localdss.records.SubscriptionRecords;
import hca.localdss.store.Replica;

/** /subscriptions and /subscriptions/{uuid}. */
final class SubscriptionsApi {

  private final Replicas replicas;
  private final SubscriptionRecords subscriptions;

  SubscriptionsApi(Replicas replicas, SubscriptionRecords subscriptions) {
    this.replicas = replicas;
    this.subscriptions = subscriptions;
  }

  void register(Routes routes) {
    routes.add("GET", "/subscriptions", Routes.Access.AUTHENTICATED, this::list);
    routes.add("PUT", "/subscriptions", Routes.Access.AUTHENTICATED, this::put);
    routes.add("GET", "/subscriptions/{uuid}", Routes.Access.AUTHENTICATED, this::get);
    routes.add("DELETE", "/subscriptions/{uuid}", Routes.Access.AUTHENTICATED, this::delete);
  }

  private ApiReply put(ApiRequest r) {
    Callers.requireGroup(r, "Forbidden", "hca", "public");
    Replica replica = replicas.get(r.requiredQuery("replica"));
    return ApiReply.json(201, subscriptions.put(replica, r.principal().email(), r.jsonObject()));
  }

  private static String type(ApiRequest r) {
    return r.query("subscription_type").orElse(SubscriptionRecords.JMESPATH);
  }

  private ApiReply list(ApiRequest r) {
    Callers.requireGroup(r, "Forbidden", "hca", "public");
    Replica replica = replicas.get(r.requiredQuery("replica"));
    ObjectNode body = Json.object();
    subscriptions.ownedBy(replica, r.principal().email(), type(r)).forEach(body.putArray("subscriptions")::add);
    return ApiReply.json(200, body);
  }

  private ApiReply get(ApiRequest r) {
    Callers.requireGroup(r, "Forbidden", "hca", "public");
    Replica replica = replicas.get(r.requiredQuery("replica"));
    return ApiReply.json(200, subscriptions.get(replica, Callers.uuid(r), r.principal().email(), type(r)));
  }

  private ApiReply delete(ApiRequest r) {
    Callers.requireGroup(r, "Forbidden", "hca", "public");
    Replica replica = replicas.get(r.requiredQuery("replica"));
    subscriptions.delete(replica, Callers.uuid(r), r.principal().email(), type(r));
    ObjectNode body = Json.object();
    body.put("timeDeleted", DssVersion.now());
    return ApiReply.json(200, body);
  }
}
