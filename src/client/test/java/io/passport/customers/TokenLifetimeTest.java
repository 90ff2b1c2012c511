package io.passport.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.passport.customers.internal.TestHooks;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How long a client-credentials token is kept, on a fake clock: from the moment it was asked for,
 * its {@code expires_in} (clamped to 1 s .. 1 day, 0 and negative included; 5 minutes when missing) less 60 s, or less half
 * of it when it is under 2 minutes. The expected instants are written out from those rules, not read
 * from the token source. No test here waits in real time.
 */
class TokenLifetimeTest {
  private final MockWebServer server = ClientTestSupport.newServer();
  private final SimClock time = new SimClock();
  private final AtomicInteger tokenRequests = new AtomicInteger();
  private volatile String expiresInField;
  private volatile int tokenStatus = 200;

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (request.getUrl().encodedPath().equals("/v1/iam/oauth/tokens")) {
          int n = tokenRequests.incrementAndGet();
          if (tokenStatus != 200) {
            return new MockResponse.Builder().code(tokenStatus).body("{\"message\":\"token endpoint down\"}").build();
          }
          return new MockResponse.Builder().body("{\"access_token\":\"token-" + n + "\",\"token_type\":\"Bearer\""
              + (expiresInField == null ? "" : ",\"expires_in\":" + expiresInField) + "}").build();
        }
        return new MockResponse.Builder().body("{\"id\":\"c-1\"}").build();
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private PassportCustomersClient client(RetryPolicy policy) {
    return TestHooks.timing(TestHooks.clock(PassportCustomersClient.builder().baseUrl(server.url("/").toString())
        .clientCredentials("client-1", "secret-1").retryPolicy(policy), time), time).build();
  }

  @ParameterizedTest(name = "expires_in {0}: renewed after {1} s")
  @CsvSource(nullValues = "none", value = {
    "3600, 3540",                 // an hour less the 60 s margin
    "120, 60",                    // exactly twice the margin: the margin still applies
    "119, 59.5",                  // under twice the margin: half its life
    "none, 240",                  // missing: 5 minutes assumed, less 60 s
    "0, 0.5",                     // 0: clamped to 1 s, less half of it
    "-5, 0.5",                    // negative: clamped to 1 s too
    "100000000000000000, 86340",  // clamped to 1 day, less 60 s
    "9223372036854775807, 86340",
  })
  void aTokenIsKeptUntilItsRenewalTimeAndNotAMomentLonger(String expiresIn, double renewAfterSeconds) {
    expiresInField = expiresIn;
    Duration renewAfter = Duration.ofMillis(Math.round(renewAfterSeconds * 1000));
    try (PassportCustomersClient client = client(ClientTestSupport.FAST_RETRIES)) {
      client.get("c-1");
      time.advance(renewAfter.minusNanos(1));
      client.get("c-1");
      assertThat(tokenRequests.get()).as("token requests just before its renewal time").isEqualTo(1);

      time.advance(Duration.ofNanos(1));
      client.get("c-1");
      assertThat(tokenRequests.get()).as("token requests at its renewal time").isEqualTo(2);
    }
    assertThat(server.getRequestCount()).isEqualTo(2 + 3);
  }

  @Test
  void aRenewedTokenIsKeptForItsOwnLifetimeFromWhenItWasAskedFor() {
    expiresInField = "3600";
    try (PassportCustomersClient client = client(ClientTestSupport.FAST_RETRIES)) {
      client.get("c-1");
      time.advance(Duration.ofSeconds(3540));
      client.get("c-1"); // token 2, asked for at 3540 s: kept until 7080 s
      time.advance(Duration.ofSeconds(3539));
      client.get("c-1");
      assertThat(tokenRequests.get()).isEqualTo(2);
      time.advance(Duration.ofSeconds(1));
      client.get("c-1");
    }
    assertThat(tokenRequests.get()).isEqualTo(3);
  }

  @Test
  void aCallDuringAHeldTokenFailureWaitsForTheHoldToEndAndThenAsksRatherThanFailingWithoutARequest() {
    tokenStatus = 503;
    RetryPolicy once = RetryPolicy.builder().maxAttempts(1).initialBackoff(Duration.ofSeconds(2))
        .maxBackoff(Duration.ofSeconds(2)).build();
    try (PassportCustomersClient client = client(once)) {
      PassportException first = catchThrowableOfType(PassportException.class, () -> client.get("c-1"));
      assertThat(first.httpStatus()).isEqualTo(503);
      time.advance(Duration.ofMillis(1500));
      tokenStatus = 200;
      expiresInField = "3600";
      assertThat(client.get("c-1").getId()).isEqualTo("c-1");
      assertThat(time.slept).as("the second call waited out the rest of the 2 s hold").contains(Duration.ofMillis(500));
    }
    assertThat(tokenRequests.get()).as("each call's one attempt sent its own token request").isEqualTo(2);
  }

  @Test
  void anExpiresInThatIsNotAWholeNumberIsATypedInvalidResponse() {
    expiresInField = "3600.5";
    try (PassportCustomersClient client = client(RetryPolicy.none())) {
      PassportException e = catchThrowableOfType(PassportException.class, () -> client.get("c-1"));
      assertThat(e.kind()).isEqualTo(PassportException.Kind.INVALID_RESPONSE);
      assertThat(e.getMessage()).contains("expires_in");
    }
  }
}
