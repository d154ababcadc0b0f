package hca.localdss.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The DSS API spec as this server serves it at {@code /v1/swagger.json}: {@code dss-api.yml} with
 * its deployment placeholders filled in, {@code host} set to the server as the client addressed it,
 * and {@code schemes: [http]}.
 */
public final class ServedSpec {

  private static final String RESOURCE = "/hca/dss/dss-api.yml";
  private static final Map<String, String> PLACEHOLDERS =
      Map.of(
          "OIDC_GROUP_CLAIM", "https://auth.data.humancellatlas.org/group",
          "OIDC_EMAIL_CLAIM", "https://auth.data.humancellatlas.org/email",
          "OPENID_PROVIDER", "https://humancellatlas.auth0.com/");

  private final String yamlTemplate;
  private final Map<String, byte[]> byHost = new ConcurrentHashMap<>();

  public ServedSpec() {
    try (InputStream in = ServedSpec.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      yamlTemplate = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The spec's YAML text with placeholders filled in for {@code host}. */
  public String yaml(String host) {
    String t = yamlTemplate.replace("{{API_DOMAIN_NAME}}", host);
    for (Map.Entry<String, String> e : PLACEHOLDERS.entrySet()) {
      t = t.replace("{{" + e.getKey() + "}}", e.getValue());
    }
    return t;
  }

  /** The spec as JSON bytes for clients that reach this server at {@code host} (host:port). */
  public byte[] json(String host) {
    return byHost.computeIfAbsent(host, this::render);
  }

  private byte[] render(String host) {
    try {
      JsonNode n = new ObjectMapper(new YAMLFactory()).readTree(yaml(host));
      ObjectNode o = (ObjectNode) n;
      o.put("host", host);
      o.putArray("schemes").add("http");
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
