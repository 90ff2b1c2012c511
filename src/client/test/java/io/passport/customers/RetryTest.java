package io.passport.customers;

import static io.passport.customers.ClientTestSupport.clientFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.passport.customers.PassportException.Kind;
import io.passport.customers.internal.RetryLoop;
import io.passport.customers.internal.TestHooks;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryTest {
  private static final String CUSTOMER = "{\"id\":\"c-1\"}";
  private final MockWebServer server = ClientTestSupport.newServer();
  private PassportCustomersClient client;

  @BeforeEach
  void start() throws IOException {
    server.start();
    client = clientFor(server).build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).body("{\"message\":\"try later\"}").build();
  }

  private static MockResponse ok() {
    return new MockResponse.Builder().body(CUSTOMER).build();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {429, 500, 502, 503, 504})
  void retryableStatusesAreRetriedUntilSuccess(int code) {
    server.enqueue(status(code));
    server.enqueue(status(code));
    server.enqueue(ok());

    assertThat(client.get("c-1").getId()).isEqualTo("c-1");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {400, 403, 404})
  void clientErrorsAreNeverRetried(int code) {
    server.enqueue(status(code));
    server.enqueue(ok());

    PassportException e = catchThrowableOfType(PassportException.class, () -> client.get("c-1"));
    assertThat(e.httpStatus()).isEqualTo(code);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void attemptsAreBoundedByThePolicy() {
    for (int i = 0; i < 10; i++) {
      server.enqueue(status(500));
    }

    PassportException e = catchThrowableOfType(PassportException.class, () -> client.get("c-1"));
    assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
    assertThat(server.getRequestCount()).isEqualTo(ClientTestSupport.FAST_RETRIES.maxAttempts());
  }

  @Test
  void aRetried503WaitsAtLeastItsRetryAfterSeconds() {
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "1").build());
    server.enqueue(ok());
    SimClock time = new SimClock();

    try (PassportCustomersClient timed = TestHooks.timing(clientFor(server), time).build()) {
      timed.get("c-1");
    }

    // The policy's own backoff is 1 to 5 ms: the second second is the server's.
    assertThat(time.slept).containsExactly(Duration.ofSeconds(1));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
    assertThat(RetryLoop.retryAfter(Headers.of("Retry-After", "7"))).isEqualTo(Duration.ofSeconds(7));
    String inTwoMinutes = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(java.time.ZoneOffset.UTC).plusMinutes(2));
    assertThat(RetryLoop.retryAfter(Headers.of("Retry-After", inTwoMinutes)))
        .isBetween(Duration.ofSeconds(100), Duration.ofSeconds(121));
    assertThat(RetryLoop.retryAfter(Headers.of("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"))).isZero();
    assertThat(RetryLoop.retryAfter(Headers.of("Retry-After", "soon"))).isNull();
    assertThat(RetryLoop.retryAfter(Headers.of())).isNull();
    assertThat(RetryLoop.retryAfter(Headers.of("Retry-After", "86400"))).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aRetryAfterBeyondTheDeadlineIsNotWaitedFor() {
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "30").build());
    server.enqueue(ok());
    try (PassportCustomersClient quick = clientFor(server)
        .retryPolicy(RetryPolicy.builder().deadline(Duration.ofSeconds(2)).build()).build()) {
      long start = System.nanoTime();
      PassportException e = catchThrowableOfType(PassportException.class, () -> quick.get("c-1"));
      assertThat(e.httpStatus()).isEqualTo(503);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }
  }

  @Test
  void aDroppedConnectionIsRetried() {
    server.enqueue(dropped());
    server.enqueue(ok());

    assertThat(client.get("c-1").getId()).isEqualTo("c-1");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  private static MockResponse dropped() {
    return new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build();
  }

  @Test
  void aBodyCutShortByTheConnectionIsRetried() {
    server.enqueue(new MockResponse.Builder().body("{\"id\":\"c-1\",\"business_name\":\"" + "x".repeat(100_000) + "\"}")
        .onResponseBody(new SocketEffect.CloseSocket()).build());
    server.enqueue(ok());

    assertThat(client.get("c-1").getId()).isEqualTo("c-1");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void truncatedJsonInACompleteAnswerIsAnInvalidResponseAndNotRetried() {
    // The whole body arrived (Content-Length met), so asking again would bring the same bytes.
    server.enqueue(new MockResponse.Builder().body("{\"id\":\"c-1\",\"business_name\":\"cu").build());
    server.enqueue(ok());

    assertThatThrownBy(() -> client.get("c-1")).isInstanceOfSatisfying(PassportException.class, e -> {
      assertThat(e.kind()).isEqualTo(PassportException.Kind.INVALID_RESPONSE);
      assertThat(e.isRetryable()).isFalse();
    });
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aTimeoutIsRetriedAsATransportFailure() {
    // The slow answer names another customer: were the read timeout not applied, it would be accepted.
    server.enqueue(new MockResponse.Builder().body(CUSTOMER.replace("\"c-1\"", "\"c-too-late\""))
        .headersDelay(2, java.util.concurrent.TimeUnit.SECONDS).build());
    server.enqueue(ok());
    try (PassportCustomersClient impatient = clientFor(server).readTimeout(Duration.ofMillis(200)).build()) {
      long start = System.nanoTime();
      assertThat(impatient.get("c-1").getId()).isEqualTo("c-1");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void whenRetriesRunOutTheLastFailureIsThrown() {
    for (int i = 0; i < 4; i++) {
      server.enqueue(dropped());
    }

    PassportException e = catchThrowableOfType(PassportException.class, () -> client.get("c-1"));
    assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
  }

  @Test
  void backoffGrowsExponentiallyWithJitterUpToTheCap() {
    RetryPolicy policy = RetryPolicy.builder().initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofMillis(1000)).build();
    for (int i = 0; i < 50; i++) {
      assertThat(policy.backoff(2, null)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
      assertThat(policy.backoff(3, null)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
      assertThat(policy.backoff(5, null)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
      assertThat(policy.backoff(30, null)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
    }
    assertThat(policy.backoff(2, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
  }
}
