package hca.pipeline.service;

import com.fasterxml.jackson.databind.JsonNode;
import hca.dss.DssClient;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the subscriptions of the configuration ({@code hca.subscribe.<name>.query-file},
 * {@code .replica}) with the DSS, pointing at this pipeline's callback with its HMAC key. A
 * subscription the DSS already has for the same query and callback is kept, not made again.
 */
final class Subscriptions {

  private static final Logger LOG = LoggerFactory.getLogger(Subscriptions.class);

  private Subscriptions() {}

  static void register(DssClient client, PipelineSettings s) throws IOException {
    for (PipelineSettings.Subscribe sub : s.subscriptions()) {
      if (s.callbackSecret() == null) {
        throw new IllegalArgumentException("hca.subscribe." + sub.name() + " needs hca.callbacks.secret");
      }
      if (s.publicUrl() == null) {
        throw new IllegalArgumentException("hca.subscribe." + sub.name() + " needs hca.public-url");
      }
      JsonNode query = Jobs.readQuery(sub.queryFile());
      String callback = s.publicUrl().replaceAll("/+$", "") + "/callbacks/dss";
      JsonNode existing = client.getSubscriptions(sub.replica(), "elasticsearch");
      String found = null;
      for (JsonNode e : existing.path("subscriptions")) {
        if (callback.equals(e.path("callback_url").asText()) && query.equals(e.path("es_query"))
            && s.callbackKeyId().equals(e.path("hmac_key_id").asText(s.callbackKeyId()))) {
          found = e.path("uuid").asText();
        }
      }
      if (found != null) {
        LOG.info("subscription {}: the DSS has it already ({})", sub.name(), found);
        continue;
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("es_query", query);
      body.put("callback_url", callback);
      body.put("hmac_key_id", s.callbackKeyId());
      body.put("hmac_secret_key", s.callbackSecret());
      JsonNode made = client.putSubscription(sub.replica(), body);
      LOG.info("subscription {}: registered as {} on {}, calling {}", sub.name(), made.path("uuid").asText(),
          sub.replica(), callback);
    }
  }
}
