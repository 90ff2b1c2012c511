package io.passport.customers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What docs/client.md ("Threads and connections") says a clone made with {@code newBuilder()}
 * authenticates with: the original's very token source while it keeps credentials and base URL; with
 * another base URL, a token of its own from the new host with client credentials, but the same
 * {@link TokenSource} object (or the same fixed token) otherwise.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class CloneCredentialsTest {
  private static final String CUSTOMER = "{\"id\":\"c-1\"}";
  private static final String TOKEN = "{\"access_token\":\"%s\",\"expires_in\":3600}";
  private final MockWebServer first = new MockWebServer();
  private final MockWebServer second = new MockWebServer();

  @BeforeEach
  void start() throws IOException {
    first.start();
    second.start();
  }

  @AfterEach
  void stop() {
    first.close();
    second.close();
  }

  /** The next request {@code server} got, as METHOD PATH [AUTHORIZATION], or "none" within 2 s. */
  private static String next(MockWebServer server) throws InterruptedException {
    RecordedRequest request = server.takeRequest(2, TimeUnit.SECONDS);
    if (request == null) {
      return "none";
    }
    String authorization = request.getHeaders().get("Authorization");
    return request.getMethod() + " " + request.getUrl().encodedPath() + (authorization == null ? "" : " " + authorization);
  }

  @Test
  void aCloneWithTheSameCredentialsAndBaseUrlUsesTheOriginalsTokenAndOneTokenRequestServesBoth()
      throws InterruptedException {
    first.enqueue(new MockResponse.Builder().body(TOKEN.formatted("t-1")).build());
    first.enqueue(new MockResponse.Builder().body(CUSTOMER).build());
    first.enqueue(new MockResponse.Builder().body(CUSTOMER).build());

    try (PassportCustomersClient original = PassportCustomersClient.builder().baseUrl(first.url("/").toString())
            .clientCredentials("id", "secret").build();
        PassportCustomersClient clone = original.newBuilder().build()) {
      original.get("c-1");
      clone.get("c-1");
    }

    assertThat(List.of(next(first), next(first), next(first)))
        .containsExactly("POST /v1/iam/oauth/tokens", "GET /v1/customers/c-1 Bearer t-1", "GET /v1/customers/c-1 Bearer t-1");
  }

  @Test
  void aCloneForAnotherHostWithClientCredentialsFetchesItsOwnTokenThere() throws InterruptedException {
    first.enqueue(new MockResponse.Builder().body(TOKEN.formatted("t-first")).build());
    first.enqueue(new MockResponse.Builder().body(CUSTOMER).build());
    second.enqueue(new MockResponse.Builder().body(TOKEN.formatted("t-second")).build());
    second.enqueue(new MockResponse.Builder().body(CUSTOMER).build());

    try (PassportCustomersClient original = PassportCustomersClient.builder().baseUrl(first.url("/").toString())
            .clientCredentials("id", "secret").build();
        PassportCustomersClient clone = original.newBuilder().baseUrl(second.url("/").toString()).build()) {
      original.get("c-1");
      clone.get("c-1");
    }

    assertThat(List.of(next(second), next(second)))
        .containsExactly("POST /v1/iam/oauth/tokens", "GET /v1/customers/c-1 Bearer t-second");
    assertThat(first.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aCloneForAnotherHostKeepingATokenSourceAsksTheVerySameSource() throws InterruptedException {
    List<String> asked = new CopyOnWriteArrayList<>();
    TokenSource source = () -> {
      asked.add("asked");
      return "shared-" + asked.size();
    };
    first.enqueue(new MockResponse.Builder().body(CUSTOMER).build());
    second.enqueue(new MockResponse.Builder().body(CUSTOMER).build());

    try (PassportCustomersClient original = PassportCustomersClient.builder().baseUrl(first.url("/").toString())
            .tokenSource(source).build();
        PassportCustomersClient clone = original.newBuilder().baseUrl(second.url("/").toString()).build()) {
      original.get("c-1");
      clone.get("c-1");
    }

    assertThat(asked).hasSize(2);
    assertThat(next(first)).isEqualTo("GET /v1/customers/c-1 Bearer shared-1");
    assertThat(next(second)).isEqualTo("GET /v1/customers/c-1 Bearer shared-2");
  }
}
