package io.passport.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client built on the application's own OkHttp client keeps that client's timeouts unless the
 * builder sets them: the application's short timeouts end a slow answer that the client's own
 * defaults (30 s read, 60 s call) would have waited for.
 */
class OwnOkHttpClientTest {
  private static final String CUSTOMER = "{\"id\":\"c-1\"}";
  private final MockWebServer server = ClientTestSupport.newServer();

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private PassportCustomersClient.Builder on(OkHttpClient own) {
    return PassportCustomersClient.builder().baseUrl(server.url("/").toString()).accessToken("t")
        .retryPolicy(RetryPolicy.none()).okHttpClient(own);
  }

  @Test
  void theApplicationsReadTimeoutIsKept() {
    server.enqueue(new MockResponse.Builder().body(CUSTOMER).headersDelay(2, TimeUnit.SECONDS).build());
    OkHttpClient own = new OkHttpClient.Builder().readTimeout(Duration.ofMillis(200)).build();

    try (PassportCustomersClient client = on(own).build()) {
      PassportException e = catchThrowableOfType(PassportException.class, () -> client.get("c-1"));
      assertThat(e.kind()).isEqualTo(PassportException.Kind.TRANSPORT);
    }
  }

  @Test
  void theApplicationsCallTimeoutIsKept() {
    server.enqueue(new MockResponse.Builder().body(CUSTOMER).bodyDelay(2, TimeUnit.SECONDS).build());
    OkHttpClient own = new OkHttpClient.Builder().callTimeout(Duration.ofMillis(300)).build();

    try (PassportCustomersClient client = on(own).build()) {
      PassportException e = catchThrowableOfType(PassportException.class, () -> client.get("c-1"));
      assertThat(e.kind()).isEqualTo(PassportException.Kind.TRANSPORT);
    }
  }

  @Test
  void aTimeoutSetOnTheBuilderWinsOverTheApplications() {
    server.enqueue(new MockResponse.Builder().body(CUSTOMER).headersDelay(1, TimeUnit.SECONDS).build());
    OkHttpClient own = new OkHttpClient.Builder().readTimeout(Duration.ofMillis(100)).build();

    try (PassportCustomersClient client = on(own).readTimeout(Duration.ofSeconds(5)).build()) {
      assertThat(client.get("c-1").getId()).isEqualTo("c-1");
    }
  }
}
