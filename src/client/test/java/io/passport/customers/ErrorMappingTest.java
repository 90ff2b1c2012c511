package io.passport.customers;

import static io.passport.customers.ClientTestSupport.clientFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.passport.customers.PassportException.Kind;
import io.passport.customers.internal.ErrorDecoder;
import java.io.IOException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every non-2xx answer becomes one PassportException with what the server said, whatever the body. */
class ErrorMappingTest {
  private final MockWebServer server = ClientTestSupport.newServer();
  private PassportCustomersClient client;

  @BeforeEach
  void start() throws IOException {
    server.start();
    client = clientFor(server).retryPolicy(RetryPolicy.none()).build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private PassportException getFails(MockResponse response) {
    server.enqueue(response);
    return catchThrowableOfType(PassportException.class, () -> client.get("c-1"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "400, BAD_REQUEST", "401, UNAUTHORIZED", "403, FORBIDDEN", "404, NOT_FOUND", "409, BAD_REQUEST",
    "429, RATE_LIMITED", "500, SERVER_ERROR", "502, SERVER_ERROR", "503, SERVER_ERROR", "504, SERVER_ERROR",
  })
  void eachStatusHasItsKind(int status, Kind kind) {
    PassportException e = getFails(new MockResponse.Builder().code(status).body("{}").build());

    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.httpStatus()).isEqualTo(status);
    assertThat(e.isRetryable()).isEqualTo(kind == Kind.RATE_LIMITED || kind == Kind.SERVER_ERROR);
  }

  @Test
  void a401WithAFixedTokenIsNotRetriedSinceNoOtherTokenCanBeHad() {
    PassportException e = getFails(new MockResponse.Builder().code(401).body("{\"code\":16}").build());

    assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(e.errorCode()).isEqualTo("16");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void providerStyleBodyGivesCodeMessageAndTraceId() {
    PassportException e = getFails(new MockResponse.Builder().code(404).body(
        "{\"message\":\"customer not found\",\"code\":\"NOT_FOUND\",\"http_code\":404,\"type\":\"x\","
            + "\"trace_id\":\"trace-77\",\"resource\":\"customers\",\"url\":\"/v1/customers/c-1\"}").build());

    assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
    assertThat(e.errorCode()).isEqualTo("NOT_FOUND");
    assertThat(e.errorMessage()).isEqualTo("customer not found");
    assertThat(e.traceId()).isEqualTo("trace-77");
    assertThat(e.bodyExcerpt()).isNull();
    assertThat(e).hasMessage("HTTP 404 NOT_FOUND [NOT_FOUND]: customer not found (trace_id trace-77)");
  }

  @Test
  void gatewayStyleBodyGivesTheNumericCodeAsText() {
    PassportException e = getFails(new MockResponse.Builder().code(400).body(
        "{\"code\":3,\"message\":\"invalid page size\",\"details\":[{\"@type\":\"t\"}]}").build());

    assertThat(e.errorCode()).isEqualTo("3");
    assertThat(e.errorMessage()).isEqualTo("invalid page size");
    assertThat(e.traceId()).isNull();
  }

  @Test
  void htmlFromAProxyGivesAShortOneLineExcerpt() {
    String html = "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>" + "x".repeat(5000) + "</body></html>";
    PassportException e = getFails(new MockResponse.Builder().code(502).body(html).build());

    assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
    assertThat(e.errorCode()).isNull();
    assertThat(e.bodyExcerpt()).startsWith("<html> <head><title>502 Bad Gateway</title></head>")
        .hasSizeLessThanOrEqualTo(ErrorDecoder.EXCERPT_CHARS + 3).doesNotContain("\n");
    assertThat(e.getMessage()).doesNotContain("\n");
  }

  @Test
  void anEmptyErrorBodyStillGivesStatusAndKind() {
    PassportException e = getFails(new MockResponse.Builder().code(403).build());

    assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN);
    assertThat(e.errorMessage()).isNull();
    assertThat(e.bodyExcerpt()).isNull();
    assertThat(e).hasMessage("HTTP 403 FORBIDDEN");
  }

  @Test
  void aTruncatedJsonErrorBodyFallsBackToTheExcerpt() {
    PassportException e = getFails(new MockResponse.Builder().code(400).body("{\"message\":\"page si").build());

    assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST);
    assertThat(e.errorMessage()).isNull();
    assertThat(e.bodyExcerpt()).isEqualTo("{\"message\":\"page si");
  }

  @Test
  void anErrorObjectWithWrongTypesFallsBackToTheExcerpt() {
    PassportException e = getFails(new MockResponse.Builder().code(500).body("{\"message\":{\"nested\":true}}").build());

    assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
    assertThat(e.bodyExcerpt()).isEqualTo("{\"message\":{\"nested\":true}}");
  }

  @Test
  void aSuccessfulAnswerThatIsNotJsonIsAnInvalidResponse() {
    PassportException e = getFails(new MockResponse.Builder().code(200).body("<html>maintenance</html>").build());

    assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
    assertThat(e.getCause()).isNotNull();
  }

  @Test
  void aSuccessfulAnswerWithTheWrongShapeIsAnInvalidResponse() {
    server.enqueue(new MockResponse.Builder().body("{\"customers\":{\"id\":\"c-1\"}}").build());

    PassportException e = catchThrowableOfType(PassportException.class, () -> client.list(CustomerQuery.all()));
    assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
    assertThat(e.getMessage()).contains("customers");
  }

  @Test
  void aRefusedConnectionIsATransportFailure() throws IOException {
    String url = server.url("/").toString();
    server.close();
    try (PassportCustomersClient closed = PassportCustomersClient.builder().baseUrl(url).accessToken("t")
        .retryPolicy(RetryPolicy.none()).build()) {
      PassportException e = catchThrowableOfType(PassportException.class, () -> closed.get("c-1"));
      assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
      assertThat(e.httpStatus()).isZero();
      assertThat(e.isRetryable()).isTrue();
    }
  }

  @Test
  void getOfAnUnknownCustomerIsNotFoundButListOfNoCustomersIsEmpty() {
    server.enqueue(new MockResponse.Builder().code(404).body("{\"code\":\"NOT_FOUND\"}").build());
    assertThat(client.list(CustomerQuery.all()).getCustomers()).isEmpty();

    PassportException e = getFails(new MockResponse.Builder().code(404).body("{\"code\":\"NOT_FOUND\"}").build());
    assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
  }
}
