package hca.localdss.api;

import com.fasterxml.jackson.databind.JsonNode;
import hca.dss.spec.ApiSpec;
import hca.dss.spec.Operation;
import hca.dss.spec.Param;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks each request against the API spec before a handler sees it, as the real server's
 * framework did: a violation is a 400 {@code illegal_arguments} (or {@code illegal_version} for a
 * malformed DSS_VERSION) naming the parameter. Ranges such as per_page are checked by the
 * handlers, which know the DSS's messages.
 */
final class RequestValidation {

  private final Map<String, Operation> operations = new HashMap<>();
  private final Map<String, JsonNode> bodySchemas = new HashMap<>();

  RequestValidation(ServedSpec served) {
    ApiSpec spec = ApiSpec.parse(served.yaml("localhost").getBytes(StandardCharsets.UTF_8), "dss-api.yml");
    for (Operation op : spec.operations()) {
      for (Operation.PathTemplate t : op.pathTemplates()) {
        String key = op.httpMethod().toUpperCase(Locale.ROOT) + " " + t.template();
        operations.put(key, op);
        JsonNode params =
            spec.document().path("paths").path(t.template()).path(op.httpMethod().toLowerCase(Locale.ROOT)).path("parameters");
        for (JsonNode p : params) {
          if ("body".equals(p.path("in").asText())) {
            bodySchemas.put(key, p.path("schema"));
          }
        }
      }
    }
  }

  /** Validates a request routed to the spec path {@code template}. */
  void check(ApiRequest r, String template) {
    String key = r.method() + " " + template;
    Operation op = operations.get(key);
    if (op == null) {
      return;
    }
    for (Param p : op.params()) {
      switch (p.location()) {
        case PATH -> checkScalar(p, r.pathParam(p.name()), "path parameter");
        case QUERY -> {
          Optional<String> v = r.query(p.name());
          if (v.isEmpty() || v.get().isEmpty()) {
            if (p.required()) {
              throw DssException.illegalArguments("Missing query parameter '" + p.name() + "'");
            }
          } else {
            checkScalar(p, v.get(), "query parameter");
          }
        }
        default -> {}
      }
    }
    JsonNode schema = bodySchemas.get(key);
    if (schema != null) {
      boolean required = op.params().stream().anyMatch(p -> p.location() == Param.Location.BODY && p.required());
      if (r.rawBody() == null || r.rawBody().length == 0) {
        if (required || schema.has("required")) {
          throw DssException.illegalArguments("Request body is missing");
        }
        return;
      }
      SchemaCheck.check(r.json(), schema, "body");
    }
  }

  private static void checkScalar(Param p, String value, String what) {
    String name = what + " '" + p.name() + "'";
    if (!p.enumValues().isEmpty() && !p.enumValues().contains(value)) {
      throw DssException.illegalArguments(
          name + " should be one of " + String.join(", ", p.enumValues()) + ", not '" + value + "'");
    }
    switch (p.type()) {
      case "integer" -> {
        try {
          Long.parseLong(value);
        } catch (NumberFormatException e) {
          throw DssException.illegalArguments(name + " should be an integer, not '" + value + "'");
        }
      }
      case "boolean" -> {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
          throw DssException.illegalArguments(name + " should be true or false, not '" + value + "'");
        }
      }
      default -> {}
    }
    if (p.pattern() != null && !SchemaCheck.pattern(p.pattern()).matcher(value).find()) {
      throw DssException.illegalArguments(name + " '" + value + "' does not match the pattern " + p.pattern());
    }
  }
}
