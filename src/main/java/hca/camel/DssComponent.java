package hca.camel;

import hca.config.HcaConfig;
import hca.dss.DssClient;
import hca.dss.DssClientBuilder;
import hca.dss.spec.Operation;
import hca.dss.spec.Param;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code hca-dss} Camel component: every operation of the DSS API by its name
 * ({@code hca-dss:get_bundle?replica=aws}), the download and upload flows
 * ({@code hca-dss:download-bundle}, {@code download-manifest}, {@code upload}), and a consumer that
 * polls a saved search ({@code from("hca-dss:search?query=...")}). The DSS client is the one in the
 * registry, else one made from {@link #setDssUrl dssUrl} and the user's configuration.
 */
public final class DssComponent extends DefaultComponent {

  private DssClient client;
  private String dssUrl;

  public DssClient getClient() {
    return client;
  }

  /** The DSS client every endpoint of this component uses. */
  public void setClient(DssClient client) {
    this.client = client;
  }

  public String getDssUrl() {
    return dssUrl;
  }

  /** The DSS API's base URL (e.g. {@code http://127.0.0.1:5000/v1}) when no client is set. */
  public void setDssUrl(String dssUrl) {
    this.dssUrl = dssUrl;
  }

  /** The client: the one set, else the registry's, else one from the configuration. */
  synchronized DssClient client() {
    if (client == null) {
      client = getCamelContext().getRegistry().findSingleByType(DssClient.class);
    }
    if (client == null) {
      DssClientBuilder b = DssClient.builder().config(HcaConfig.load());
      if (dssUrl != null && !dssUrl.isBlank()) {
        b.baseUrl(dssUrl.replaceAll("/+$", ""));
      }
      client = b.build();
    }
    return client;
  }

  @Override
  protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
    DssEndpoint endpoint = new DssEndpoint(uri, this, remaining);
    if (!DssEndpoint.FLOWS.contains(remaining)) {
      Operation op = client().spec().operation(remaining).orElseThrow(() -> new IllegalArgumentException(
          uri + ": the DSS has no operation '" + remaining + "' and hca-dss no flow of that name; operations: "
              + client().spec().operations().stream().map(Operation::name).collect(Collectors.joining(", "))
              + "; flows: " + String.join(", ", DssEndpoint.FLOWS)));
      // the operation's own parameters given as options; the rest are the endpoint's options
      Map<String, Object> args = new LinkedHashMap<>();
      for (Param p : op.params()) {
        Object v = parameters.remove(p.name());
        if (v != null) {
          args.put(p.name(), v);
        }
      }
      endpoint.operation(op, args);
    }
    return endpoint;
  }
}
