package hca.camel;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.ScheduledPollConsumer;
import org.apache.camel.support.service.ServiceHelper;

/**
 * {@code from("hca-dss:search?query=...")}: runs the query on every poll, following its pages one
 * at a time, and emits one message per bundle version not emitted before (the idempotent
 * repository, keyed on the bundle's {@code uuid.version}). A message whose route fails is forgotten,
 * so the next poll offers it again. The body is the search hit; headers carry the bundle's ids.
 */
final class SearchConsumer extends ScheduledPollConsumer {

  private final DssEndpoint endpoint;

  SearchConsumer(DssEndpoint endpoint, Processor processor) {
    super(endpoint, processor);
    this.endpoint = endpoint;
  }

  @Override
  protected void doStart() throws Exception {
    // a repository from the registry is not started by anyone else
    ServiceHelper.startService(endpoint.getIdempotentRepository());
    super.doStart();
  }

  @Override
  protected int poll() throws Exception {
    IdempotentRepository seen = endpoint.getIdempotentRepository();
    int emitted = 0;
    Iterator<JsonNode> hits = endpoint.getComponent().client().searchAll(endpoint.esQuery(),
        endpoint.getReplica());
    while (hits.hasNext() && isRunAllowed()) {
      JsonNode hit = hits.next();
      String fqid = hit.path("bundle_fqid").asText("");
      if (fqid.isEmpty() || !seen.add(fqid)) {
        continue;
      }
      Exchange exchange = createExchange(false);
      try {
        exchange.getMessage().setBody(hit);
        BundleIds.set(exchange.getMessage(), fqid);
        getProcessor().process(exchange);
      } catch (Exception e) {
        exchange.setException(e);
      }
      if (exchange.getException() != null) {
        seen.remove(fqid);
        getExceptionHandler().handleException("hca-dss:search: bundle " + fqid, exchange, exchange.getException());
      } else {
        seen.confirm(fqid);
        emitted++;
      }
      releaseExchange(exchange, false);
    }
    return emitted;
  }
}
