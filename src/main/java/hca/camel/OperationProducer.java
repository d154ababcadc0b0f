package hca.camel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hca.dss.DssClient;
import hca.dss.DssResponse;
import hca.dss.HttpReply;
import hca.dss.spec.Operation;
import hca.dss.spec.Param;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * Calls one DSS operation per message. Its parameters come from the endpoint's options, then from
 * {@code HcaDss.<param>} headers, then, for an operation with a JSON body, from the fields of the
 * message body (a JSON object as text, a {@link JsonNode} or a {@link Map}). The answer's JSON
 * (every page of a listing unless {@code paginate=false}) becomes the body, as a {@link JsonNode};
 * a file's content ({@code get_file}) as a stream to read once.
 */
final class OperationProducer extends DefaultProducer {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DssEndpoint endpoint;
  private final Operation op;

  OperationProducer(DssEndpoint endpoint) {
    super(endpoint);
    this.endpoint = endpoint;
    this.op = endpoint.operation();
  }

  @Override
  public void process(Exchange exchange) throws Exception {
    Map<String, Object> args = new HashMap<>(endpoint.args());
    for (Map.Entry<String, Object> h : exchange.getMessage().getHeaders().entrySet()) {
      if (h.getKey().startsWith(DssHeaders.PARAM_PREFIX) && h.getValue() != null) {
        String name = h.getKey().substring(DssHeaders.PARAM_PREFIX.length());
        if (op.param(name).isEmpty()) {
          throw new IllegalArgumentException(endpoint.getEndpointUri() + ": header " + h.getKey()
              + " names no parameter of " + op.name());
        }
        args.put(name, h.getValue());
      }
    }
    if (op.hasBody()) {
      bodyFields(exchange.getMessage().getBody(), args);
    }
    DssClient client = endpoint.getComponent().client();
    if (op.streamsRedirect()) {
      HttpReply reply = client.stream(op.name(), args);
      exchange.getMessage().setHeader(DssHeaders.STATUS, reply.status());
      exchange.getMessage().setBody(reply.body());
      return;
    }
    DssResponse r = endpoint.isPaginate() ? client.call(op.name(), args) : client.callPage(op.name(), args);
    exchange.getMessage().setHeader(DssHeaders.STATUS, r.status());
    exchange.getMessage().setBody(r.isJson() ? r.json() : r.bytes());
  }

  /** The body's fields as the operation's body parameters, where no option or header gave them. */
  private void bodyFields(Object body, Map<String, Object> args) throws Exception {
    if (body == null || (body instanceof String s && s.isBlank())) {
      return;
    }
    JsonNode node;
    if (body instanceof JsonNode n) {
      node = n;
    } else if (body instanceof Map<?, ?> m) {
      node = JSON.valueToTree(m);
    } else {
      String text = body instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8)
          : endpoint.getCamelContext().getTypeConverter().mandatoryConvertTo(String.class, body);
      try {
        node = JSON.readTree(text);
      } catch (IOException e) {
        throw new IllegalArgumentException(endpoint.getEndpointUri() + ": the message body is not JSON: "
            + e.getMessage().lines().findFirst().orElse(""));
      }
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(endpoint.getEndpointUri() + ": the message body is a JSON object of "
          + op.name() + "'s body fields, not " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      Param p = op.param(f.getKey()).filter(x -> x.location() == Param.Location.BODY).orElseThrow(() ->
          new IllegalArgumentException(endpoint.getEndpointUri() + ": the body field '" + f.getKey()
              + "' is not a body parameter of " + op.name()));
      args.putIfAbsent(p.name(), f.getValue());
    }
  }
}
