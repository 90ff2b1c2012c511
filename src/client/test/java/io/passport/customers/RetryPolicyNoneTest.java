package io.passport.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.passport.customers.PassportException.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What docs/client.md ("Retries: one layer, one rule") says {@link RetryPolicy#none()} sends: one attempt,
 * which is exactly one request only with a fixed access token and adaptive concurrency off; with client
 * credentials a token request comes first and a 401 costs a new token and one resend; with adaptive
 * concurrency a 429 after the server admitted the client's requests is sent once more, alone at most once.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RetryPolicyNoneTest {
  private static final String CUSTOMER = "{\"id\":\"c-1\"}";
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private PassportCustomersClient.Builder builder() {
    return PassportCustomersClient.builder().baseUrl(server.url("/").toString()).retryPolicy(RetryPolicy.none());
  }

  private List<String> requests() throws InterruptedException {
    List<String> requests = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      String authorization = request.getHeaders().get("Authorization");
      requests.add(request.getMethod() + " " + request.getUrl().encodedPath()
          + (authorization == null ? "" : " " + authorization));
    }
    return requests;
  }

  @Test
  void withAFixedTokenAndNoAdaptationEveryFailureCostsExactlyOneRequest() throws InterruptedException {
    try (PassportCustomersClient client = builder().accessToken("fixed").adaptiveConcurrency(false).build()) {
      for (int status : new int[] {429, 401, 503}) {
        server.enqueue(new MockResponse.Builder().code(status).body("{}").build());

        PassportException e = catchThrowableOfType(PassportException.class, () -> client.get("c-1"));

        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(requests()).as("requests for a " + status).containsExactly("GET /v1/customers/c-1 Bearer fixed");
      }
    }
  }

  @Test
  void withClientCredentialsA401CostsANewTokenAndOneResendOfTheCall() throws InterruptedException {
    server.enqueue(new MockResponse.Builder().body("{\"access_token\":\"t-1\",\"expires_in\":3600}").build());
    server.enqueue(new MockResponse.Builder().code(401).body("{}").build());
    server.enqueue(new MockResponse.Builder().body("{\"access_token\":\"t-2\",\"expires_in\":3600}").build());
    server.enqueue(new MockResponse.Builder().body(CUSTOMER).build());

    try (PassportCustomersClient client = builder().clientCredentials("id", "secret").adaptiveConcurrency(false).build()) {
      assertThat(client.get("c-1").getId()).isEqualTo("c-1");
    }

    assertThat(requests()).containsExactly("POST /v1/iam/oauth/tokens", "GET /v1/customers/c-1 Bearer t-1",
        "POST /v1/iam/oauth/tokens", "GET /v1/customers/c-1 Bearer t-2");
  }

  @Test
  void withAdaptationACallAloneGetsOneResendOfA429AfterTheServerAdmittedItsRequests() throws InterruptedException {
    MockResponse refused = new MockResponse.Builder().code(429).addHeader("Retry-After", "0").body("{}").build();
    server.enqueue(new MockResponse.Builder().body(CUSTOMER).build());
    server.enqueue(refused);
    server.enqueue(refused);
    server.enqueue(refused);

    try (PassportCustomersClient client = builder().accessToken("fixed").build()) {
      client.get("c-1");
      assertThat(requests()).hasSize(1);

      PassportException e = catchThrowableOfType(PassportException.class, () -> client.get("c-1"));

      assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
      assertThat(requests()).as("the 429 after an admitted request is sent again once; the second is thrown")
          .hasSize(2);

      e = catchThrowableOfType(PassportException.class, () -> client.get("c-1"));

      assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
      assertThat(requests()).as("with nothing admitted since the last 429, a 429 is thrown at once").hasSize(1);
    }
  }
}
