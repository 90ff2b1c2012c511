package io.passport.customers.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.passport.customers.model.ErrorResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The provider-style error body: every field the spec names, a fresh trace id each time. */
@Timeout(value = 5, unit = TimeUnit.SECONDS)
class ErrorBodiesTest {
  private final ErrorBodies errors = new ErrorBodies();

  @Test
  void aClientErrorIsAnInvalidRequestWithTheStatusCodeMessageResourceAndPath() {
    ErrorResponse body = errors.body(400, "INVALID_ARGUMENT", "page_params.page_size must be ...", "customers",
        "/v1/customers");
    assertThat(body.getHttpCode()).isEqualTo(400);
    assertThat(body.getCode()).isEqualTo("INVALID_ARGUMENT");
    assertThat(body.getMessage()).isEqualTo("page_params.page_size must be ...");
    assertThat(body.getType()).isEqualTo("invalid_request");
    assertThat(body.getResource()).isEqualTo("customers");
    assertThat(body.getUrl()).isEqualTo("/v1/customers");
    assertThat(body.getDetails()).isNull();
    assertThat(SandboxJson.ERROR.toJson(body)).doesNotContain("details");
  }

  @Test
  void aServerErrorIsAServerErrorAndTheResourceMayBeLeftOut() {
    ErrorResponse body = errors.body(503, "UNAVAILABLE", "injected unavailability", null, "/v1/customers/x");
    assertThat(body.getType()).isEqualTo("server_error");
    assertThat(body.getResource()).isNull();
    assertThat(errors.body(499, "X", "m", null, "/").getType()).isEqualTo("invalid_request");
  }

  @Test
  void everyBodyHasItsOwnTraceIdOfTheSameShape() {
    String first = errors.body(404, "NOT_FOUND", "m", null, "/").getTraceId();
    String second = errors.body(404, "NOT_FOUND", "m", null, "/").getTraceId();
    assertThat(first).matches("sbx[0-9a-f]{13}").isNotEqualTo(second);
    assertThat(second).matches("sbx[0-9a-f]{13}");
  }
}
