package hca.localdss.api;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks each request against the API spec before a handler sees it, as the real server's
 * framework did: a violation is a 400 {@code illegal_arguments} whose title is the validator's
 * message.
 */
final class RequestValidation {

  private final OpenApiInteractionValidator validator;

  RequestValidation(ServedSpec spec) {
    this.validator =
        OpenApiInteractionValidator.createForInlineApiSpecification(spec.yaml("localhost"))
            .withLevelResolver(
                LevelResolver.create()
                    // Authentication is checked by the server itself, with the DSS's codes.
                    .withLevel("validation.request.security.missing", ValidationReport.Level.IGNORE)
                    .withLevel("validation.request.security.invalid", ValidationReport.Level.IGNORE)
                    .withLevel("validation.request.contentType.notAllowed", ValidationReport.Level.IGNORE)
                    .withLevel("validation.request.accept.notAllowed", ValidationReport.Level.IGNORE)
                    .build())
            .build();
  }

  void check(ApiRequest r, String contentType) {
    SimpleRequest.Builder b = new SimpleRequest.Builder(r.method(), "/v1" + r.path());
    for (Map.Entry<String, List<String>> e : r.queryParams().entrySet()) {
      b.withQueryParam(e.getKey(), e.getValue());
    }
    if (r.rawBody() != null && r.rawBody().length > 0) {
      b.withBody(r.rawBody());
      b.withContentType(contentType == null ? "application/json" : contentType);
    }
    ValidationReport report = validator.validateRequest(b.build());
    if (report.hasErrors()) {
      String msg =
          report.getMessages().stream()
              .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
              .map(m -> m.getMessage().replace('\n', ' '))
              .collect(Collectors.joining("; "));
      throw DssException.illegalArguments(msg);
    }
  }
}
