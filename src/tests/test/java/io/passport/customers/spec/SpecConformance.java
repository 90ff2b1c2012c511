package io.passport.customers.spec;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Checks one HTTP exchange against an OpenAPI spec with swagger-request-validator: the request's
 * path, method, parameters, headers and body, and the response's status, headers and body.
 */
final class SpecConformance {
  static final Path SPEC = Path.of("openapi", "customers.yaml");

  /** One exchange, as it was on the wire. */
  record Exchange(String method, String path, Map<String, List<String>> query, Map<String, List<String>> headers,
      String requestBody, int status, Map<String, List<String>> responseHeaders, String responseBody) {}

  private final OpenApiInteractionValidator validator;

  SpecConformance(Path spec) {
    this.validator = OpenApiInteractionValidator.createForSpecificationUrl(spec.toUri().toString()).build();
  }

  /**
   * The validator's messages at ERROR level for this exchange, each as "key: message". Of an exchange answered
   * 400, the request's own faults are left out: a request the spec does not allow (an order key outside its
   * enum) answered 400 is what the spec promises; its response is still checked.
   */
  List<String> errors(Exchange exchange) {
    SimpleRequest.Builder request = new SimpleRequest.Builder(exchange.method(), exchange.path());
    exchange.query().forEach(request::withQueryParam);
    exchange.headers().forEach(request::withHeader);
    if (exchange.requestBody() != null) {
      request.withBody(exchange.requestBody());
    }
    SimpleResponse.Builder response = new SimpleResponse.Builder(exchange.status());
    exchange.responseHeaders().forEach(response::withHeader);
    if (exchange.responseBody() != null) {
      response.withBody(exchange.responseBody());
    }
    return validator.validate(request.build(), response.build()).getMessages().stream()
        .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
        .filter(m -> exchange.status() != 400 || !m.getKey().startsWith("validation.request."))
        .map(m -> m.getKey() + ": " + m.getMessage())
        .toList();
  }
}
