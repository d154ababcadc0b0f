package hca.localdss.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.localdss.records.CheckoutJobs;
import hca.localdss.records.Replicas;
import hca.localdss.store.Replica;

/** POST /bundles/{uuid}/checkout and GET /bundles/checkout/{checkout_job_id}. */
final class CheckoutApi {

  private final Replicas replicas;
  private final CheckoutJobs jobs;

  CheckoutApi(Replicas replicas, CheckoutJobs jobs) {
    this.replicas = replicas;
    this.jobs = jobs;
  }

  void register(Routes routes) {
    routes.add("POST", "/bundles/{uuid}/checkout", Routes.Access.ANONYMOUS, this::start);
    routes.add("GET", "/bundles/checkout/{checkout_job_id}", Routes.Access.ANONYMOUS, this::status);
  }

  private ApiReply start(ApiRequest r) {
    Replica replica = replicas.get(r.requiredQuery("replica"));
    String destination = null;
    if (r.rawBody() != null && r.rawBody().length > 0) {
      destination = r.jsonObject().path("destination").asText(null);
    }
    String id = jobs.start(replica, Callers.uuid(r), r.query("version").orElse(null), destination);
    ObjectNode b = Json.object();
    b.put("checkout_job_id", id);
    return ApiReply.json(200, b);
  }

  private ApiReply status(ApiRequest r) {
    Replica replica = replicas.get(r.requiredQuery("replica"));
    String id = r.pathParam("checkout_job_id");
    return ApiReply.json(
        200,
        jobs.status(replica, id)
            .orElseThrow(() -> DssException.notFound("Cannot find checkout job " + id)));
  }
}
