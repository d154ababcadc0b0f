package hca.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import hca.localdss.api.ServedSpec;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validates responses of the local DSS against {@code dss-api.yml} with an independent OpenAPI
 * validator. Where the real server differed from its own spec, a test names the deviation it
 * expects, and only that deviation is tolerated.
 */
public final class SpecConformance {

  /** A documented way in which the real DSS (and so this one) departs from its spec. */
  public enum Deviation {
    /** HEAD/GET /files and others answer 404 or 422, which the spec does not list. */
    UNLISTED_STATUS("validation.response.status.unknown"),
    /** GET /collections/{uuid} and GET /subscriptions/{uuid} return the bare object. */
    UNWRAPPED_OBJECT("validation.response.body.schema.required"),
    /** DELETE /collections/{uuid} answers {} where the spec documents no body. */
    EMPTY_OBJECT_BODY("validation.response.body.unexpected");

    final Set<String> keys;

    Deviation(String... keys) {
      this.keys = Set.of(keys);
    }
  }

  private static OpenApiInteractionValidator validator;

  private SpecConformance() {}

  private static synchronized OpenApiInteractionValidator validator() {
    if (validator == null) {
      validator =
          OpenApiInteractionValidator.createForInlineApiSpecification(typed(new ServedSpec().yaml("localhost")))
              .withLevelResolver(
                  LevelResolver.create()
                      .withLevel("validation.response.contentType.notAllowed", ValidationReport.Level.IGNORE)
                      // JSON Schema allows properties a schema does not list unless it says
                      // additionalProperties: false, which no response schema of the spec does;
                      // this validator would otherwise refuse any unlisted property.
                      .withLevel(
                          "validation.response.body.schema.additionalProperties", ValidationReport.Level.IGNORE)
                      .build())
              .build();
    }
    return validator;
  }

  /**
   * The validator's Swagger 2 converter turns the one schema without a type
   * (BundleEnumerationResult.search_prefix, documented as a string) into an object schema; say
   * what the description says so that the check does not fail on the converter's guess.
   */
  private static String typed(String yaml) {
    String untyped =
        "      search_prefix:\n        description: The prefix used for enumeration, in the format \"bundles/{prefix}\"\n";
    if (!yaml.contains(untyped)) {
      throw new IllegalStateException("dss-api.yml changed: search_prefix is no longer as expected");
    }
    return yaml.replace(untyped, untyped + "        type: string\n");
  }

  /**
   * Asserts that a response conforms to the spec, apart from the named deviations.
   *
   * @param path the request path below {@code /v1}, without query
   */
  public static void assertConforms(String method, String path, Http.Response r, Deviation... allowed) {
    SimpleResponse.Builder b = new SimpleResponse.Builder(r.status());
    for (Map.Entry<String, List<String>> h : r.headers().entrySet()) {
      b.withHeader(h.getKey(), h.getValue());
    }
    if (r.body().length > 0) {
      b.withBody(r.body());
      String ct = r.header("Content-Type");
      if (ct != null) {
        b.withContentType(ct);
      }
    }
    ValidationReport report =
        validator()
            .validateResponse(
                "/v1" + path, Request.Method.valueOf(method.toUpperCase(Locale.ROOT)), b.build());
    Set<String> ok =
        Set.of(allowed).stream().flatMap(d -> d.keys.stream()).collect(Collectors.toSet());
    List<String> errors =
        report.getMessages().stream()
            .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
            .filter(m -> !ok.contains(m.getKey()))
            .map(m -> m.getKey() + ": " + m.getMessage())
            .toList();
    assertThat(errors).as(method + " " + path + " -> " + r.status() + " " + r.text()).isEmpty();
  }
}
