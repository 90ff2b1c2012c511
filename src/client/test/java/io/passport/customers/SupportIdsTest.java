package io.passport.customers;

import static io.passport.customers.ClientTestSupport.clientFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.passport.customers.internal.SupportIds;
import java.io.IOException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the provider's support desk needs to find a request reaches the exception and the listener. */
class SupportIdsTest {
  private static final String PROVIDER_ERROR =
      "{\"message\":\"bad filter\",\"code\":\"INVALID_ARGUMENT\",\"http_code\":400,\"trace_id\":\"trace-7\"}";
  private final MockWebServer server = ClientTestSupport.newServer();
  private final RecordingListener listener = new RecordingListener();
  private PassportCustomersClient client;

  @BeforeEach
  void start() throws IOException {
    server.start();
    client = clientFor(server).retryPolicy(RetryPolicy.none()).listener(listener).build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private static MockResponse answer(int code, String body, String... headers) {
    MockResponse.Builder response = new MockResponse.Builder().code(code).body(body);
    for (int i = 0; i < headers.length; i += 2) {
      response.addHeader(headers[i], headers[i + 1]);
    }
    return response.build();
  }

  @Test
  void anErrorCarriesTheBodysTraceIdAndTheRequestIdHeader() {
    server.enqueue(answer(400, PROVIDER_ERROR, "X-Request-Id", "req-42"));

    PassportException e = catchThrowableOfType(PassportException.class, () -> client.get("c-1"));

    assertThat(e.traceId()).isEqualTo("trace-7");
    assertThat(e.requestId()).isEqualTo("req-42");
    assertThat(e.supportIds()).isEqualTo("trace_id trace-7, request id req-42");
    assertThat(e.getMessage())
        .isEqualTo("HTTP 400 BAD_REQUEST [INVALID_ARGUMENT]: bad filter (trace_id trace-7, request id req-42)");
    assertThat(listener.lines()).containsExactly(
        "callStarted c1 GET_CUSTOMER GET /v1/customers/c-1 page=0 listing=-",
        "attemptStarted c1 #1",
        "attemptEnded c1 #1 400 BAD_REQUEST request=req-42 trace=trace-7",
        "callEnded c1 GET_CUSTOMER 400 attempts=1 BAD_REQUEST request=req-42 trace=trace-7");
  }

  @Test
  void aProxysHtmlErrorKeepsItsRequestId() {
    server.enqueue(answer(502, "<html><body>Bad gateway</body></html>", "Request-Id", "edge-1"));

    PassportException e = catchThrowableOfType(PassportException.class, () -> client.get("c-1"));

    assertThat(e.requestId()).isEqualTo("edge-1");
    assertThat(e.traceId()).isNull();
    assertThat(e.supportIds()).isEqualTo("request id edge-1");
    assertThat(e.getMessage()).isEqualTo("HTTP 502 SERVER_ERROR (request id edge-1) body: <html><body>Bad gateway</body></html>");
  }

  @Test
  void aSuccessfulAnswersRequestIdReachesTheListener() {
    server.enqueue(answer(200, "{\"id\":\"c-1\"}", "X-Amzn-RequestId", "aws-9"));

    client.get("c-1");

    assertThat(listener.lines()).contains("attemptEnded c1 #1 200 ok request=aws-9",
        "callEnded c1 GET_CUSTOMER 200 attempts=1 ok request=aws-9");
  }

  @Test
  void aFailedPageOfAListingGivesTheConsumerItsSupportIds() {
    server.enqueue(answer(400, PROVIDER_ERROR, "X-Correlation-Id", "corr-3"));

    PassportException e = catchThrowableOfType(PassportException.class,
        () -> client.listAll(CustomerQuery.all()).iterator().hasNext());

    assertThat(e.supportIds()).isEqualTo("trace_id trace-7, request id corr-3");
  }

  @Test
  void withoutEitherIdThereIsNothingToQuote() {
    server.enqueue(answer(500, ""));

    PassportException e = catchThrowableOfType(PassportException.class, () -> client.get("c-1"));

    assertThat(e.requestId()).isNull();
    assertThat(e.supportIds()).isNull();
    assertThat(e.getMessage()).isEqualTo("HTTP 500 SERVER_ERROR");
  }

  @Test
  void theFirstRequestIdHeaderThatIsNotBlankWins() {
    assertThat(SupportIds.requestId(Headers.of("Request-Id", "second", "X-Request-Id", "first"))).isEqualTo("first");
    assertThat(SupportIds.requestId(Headers.of("X-Request-Id", "  ", "X-Correlation-Id", " last "))).isEqualTo("last");
    assertThat(SupportIds.requestId(Headers.of("Content-Type", "text/plain"))).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"X-Request-Id", "Request-Id", "X-Amzn-RequestId", "X-Correlation-Id"})
  void eachKnownHeaderIsRead(String name) {
    assertThat(SupportIds.requestId(Headers.of(name, "id-1"))).isEqualTo("id-1");
  }

  @Test
  void aHostileRequestIdIsMadeOneLineAndCapped() {
    String id = SupportIds.requestId(
        new Headers.Builder().addUnsafeNonAscii("X-Request-Id", "a\u001bb" + "x".repeat(600)).build());

    assertThat(id).startsWith("a\\u001bb").endsWith("...").hasSize(PassportException.MAX_PART_CHARS + 3);
  }

  @Test
  void aCopyForAnotherThreadKeepsTheRequestId() {
    PassportException e = new PassportException(PassportException.Kind.SERVER_ERROR, 500, null, null, "t", "r", null, null);

    assertThat(e.shared().requestId()).isEqualTo("r");
    assertThat(e.shared().supportIds()).isEqualTo("trace_id t, request id r");
  }
}
