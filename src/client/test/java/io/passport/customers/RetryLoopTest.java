package io.passport.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.passport.customers.internal.TestHooks;
import java.io.IOException;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The retry loop on a fake clock and sleeper ({@link SimClock}): how long it waits before each retry,
 * when the deadline leaves no room for one, that a token renewal is not counted as an attempt, and
 * which statuses are answers, redirects or errors. No test here waits in real time.
 */
class RetryLoopTest {
  private static final String CUSTOMER = "{\"id\":\"c-1\"}";
  private static final String TOKEN = "{\"access_token\":\"%s\",\"token_type\":\"Bearer\",\"expires_in\":3600}";

  private final MockWebServer server = ClientTestSupport.newServer();
  private final SimClock time = new SimClock();

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private PassportCustomersClient.Builder client(RetryPolicy policy) {
    return TestHooks.clock(TestHooks.timing(PassportCustomersClient.builder().baseUrl(server.url("/").toString())
        .accessToken("t").retryPolicy(policy), time), time);
  }

  private static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).body("{\"message\":\"status " + code + "\"}").build();
  }

  @Test
  void eachRetryWaitsHalfToAllOfTheDoubledStep() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(status(500));
    }
    server.enqueue(new MockResponse.Builder().body(CUSTOMER).build());
    RetryPolicy policy = RetryPolicy.builder().maxAttempts(4).initialBackoff(Duration.ofMillis(100))
        .maxBackoff(Duration.ofSeconds(10)).build();

    try (PassportCustomersClient client = client(policy).build()) {
      assertThat(client.get("c-1").getId()).isEqualTo("c-1");
    }

    assertThat(time.slept).hasSize(3);
    assertThat(time.slept.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
    assertThat(time.slept.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
    assertThat(time.slept.get(2)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
  }

  @Test
  void aRetryAfterThatReachesTheDeadlineIsNotWaitedFor() {
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "2").build());
    server.enqueue(new MockResponse.Builder().body(CUSTOMER).build());

    try (PassportCustomersClient client = client(RetryPolicy.builder().deadline(Duration.ofSeconds(2)).build()).build()) {
      PassportException e = catchThrowableOfType(PassportException.class, () -> client.get("c-1"));
      assertThat(e.httpStatus()).isEqualTo(503);
    }
    assertThat(time.slept).as("a wait that would end at the deadline exactly").isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aRetryAfterWithinTheDeadlineIsWaitedForExactly() {
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "2").build());
    server.enqueue(new MockResponse.Builder().body(CUSTOMER).build());

    try (PassportCustomersClient client = client(RetryPolicy.builder()
        .deadline(Duration.ofSeconds(30)).build()).build()) {
      assertThat(client.get("c-1").getId()).isEqualTo("c-1");
    }
    assertThat(time.slept).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void aTokenRenewalAfterA401DoesNotUseUpAnAttempt() {
    server.enqueue(new MockResponse.Builder().body(String.format(TOKEN, "token-1")).build());
    server.enqueue(status(401));
    server.enqueue(new MockResponse.Builder().body(String.format(TOKEN, "token-2")).build());
    server.enqueue(status(500));
    server.enqueue(new MockResponse.Builder().body(CUSTOMER).build());
    RetryPolicy twoAttempts = RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(1))
        .maxBackoff(Duration.ofMillis(1)).build();

    try (PassportCustomersClient client = TestHooks.clock(TestHooks.timing(PassportCustomersClient.builder()
        .baseUrl(server.url("/").toString()).clientCredentials("client-1", "secret-1").retryPolicy(twoAttempts), time), time)
        .build()) {
      // 401 (renewal, free), then 500 (attempt 1 of 2), then 200 (attempt 2 of 2).
      assertThat(client.get("c-1").getId()).isEqualTo("c-1");
    }
    assertThat(server.getRequestCount()).isEqualTo(5);
  }

  @Test
  void statusesFrom200To299AreAnswersAndFrom300To399Redirects() {
    server.enqueue(new MockResponse.Builder().code(299).body(CUSTOMER).build());
    server.enqueue(new MockResponse.Builder().code(300).addHeader("Location", "/elsewhere").build());
    server.enqueue(new MockResponse.Builder().code(399).build());
    server.enqueue(status(400));

    try (PassportCustomersClient client = client(RetryPolicy.none()).build()) {
      assertThat(client.get("c-1").getId()).isEqualTo("c-1");
      PassportException redirect = catchThrowableOfType(PassportException.class, () -> client.get("c-1"));
      assertThat(redirect.kind()).isEqualTo(PassportException.Kind.REDIRECT);
      assertThat(redirect.getMessage()).contains("the server redirects GET /v1/customers/c-1 to \"/elsewhere\"");
      assertThat(catchThrowableOfType(PassportException.class, () -> client.get("c-1")).kind())
          .isEqualTo(PassportException.Kind.REDIRECT);
      assertThat(catchThrowableOfType(PassportException.class, () -> client.get("c-1")).httpStatus()).isEqualTo(400);
    }
  }

  @Test
  void aTransportFailureNamesTheRequest() {
    server.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());

    try (PassportCustomersClient client = client(RetryPolicy.none()).build()) {
      PassportException e = catchThrowableOfType(PassportException.class, () -> client.get("c-1"));
      assertThat(e.kind()).isEqualTo(PassportException.Kind.TRANSPORT);
      assertThat(e.getMessage()).startsWith("TRANSPORT: GET /v1/customers/c-1: ");
    }
  }

  @Test
  void aBodyOfExactlyMaxBodyBytesIsReadAndOneByteMoreIsRefused() {
    int cap = 64 * 1024;
    String exact = CUSTOMER + " ".repeat(cap - CUSTOMER.length());
    server.enqueue(new MockResponse.Builder().body(exact).build());
    server.enqueue(new MockResponse.Builder().body(exact + " ").build());

    try (PassportCustomersClient client = client(RetryPolicy.none()).maxBodyBytes(cap).build()) {
      assertThat(client.get("c-1").getId()).isEqualTo("c-1");
      assertThat(catchThrowableOfType(PassportException.class, () -> client.get("c-1")).kind())
          .isEqualTo(PassportException.Kind.INVALID_RESPONSE);
    }
  }
}
