package io.passport.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.passport.customers.PassportException.Kind;
import io.passport.customers.internal.TestHooks;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Bearer tokens: fixed ones, client-credentials ones fetched single-flight, renewal on 401, redaction. */
class AuthTest {
  private static final String CANARY_TOKEN = "canary-token-7f3a9c";
  private static final String CANARY_SECRET = "canary-secret-51be20";

  private final MockWebServer server = ClientTestSupport.newServer();
  private final TokenServer api = new TokenServer();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger clientLogger = (Logger) LoggerFactory.getLogger("io.passport.customers");

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(api);
    server.start();
    logs.start();
    clientLogger.addAppender(logs);
    clientLogger.setLevel(Level.DEBUG);
  }

  @AfterEach
  void stop() {
    clientLogger.detachAppender(logs);
    server.close();
  }

  private PassportCustomersClient.Builder credentialsClient() {
    return PassportCustomersClient.builder()
        .baseUrl(server.url("/").toString())
        .clientCredentials("client-1", CANARY_SECRET)
        .retryPolicy(ClientTestSupport.FAST_RETRIES);
  }

  @Test
  void aFixedTokenIsSentAsBearerWithTheUserAgent() throws Exception {
    try (PassportCustomersClient client = PassportCustomersClient.builder()
        .baseUrl(server.url("/").toString()).accessToken("fixed-token").userAgent("my-app/1.0").build()) {
      api.acceptedToken = "fixed-token";
      client.get("c-1");
    }
    RecordedRequest request = api.requests.get(0);
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer fixed-token");
    assertThat(request.getHeaders().get("User-Agent")).isEqualTo("my-app/1.0");
  }

  @Test
  void theDefaultUserAgentNamesTheClientAndItsVersion() {
    assertThat(PassportCustomersClient.DEFAULT_USER_AGENT).matches("passport-customers-java/\\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void clientCredentialsAreExchangedOnceAndTheTokenIsReused() {
    try (PassportCustomersClient client = credentialsClient().build()) {
      client.get("c-1");
      client.get("c-2");
      client.list(CustomerQuery.all());
    }
    assertThat(api.tokenRequests.get()).isEqualTo(1);
    assertThat(api.customerRequests()).allSatisfy(r ->
        assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + CANARY_TOKEN + "-1"));
  }

  @Test
  void thirtyTwoThreadsAskingAtOnceCauseOneTokenRequest() throws Exception {
    api.tokenDelayMillis = 200;
    int threads = 32;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (PassportCustomersClient client = credentialsClient().build()) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          go.await();
          return client.get("c-1").getId();
        }));
      }
      go.countDown();
      for (Future<String> result : results) {
        assertThat(result.get()).isEqualTo("c-1");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(api.tokenRequests.get()).isEqualTo(1);
    assertThat(api.customerRequests()).hasSize(threads);
  }

  @Test
  void aTokenIsRenewedShortlyBeforeItExpires() {
    api.expiresIn = 1; // shorter than twice the margin: renewed after half its life
    SimClock time = new SimClock();
    try (PassportCustomersClient client = TestHooks.timing(TestHooks.clock(credentialsClient(), time), time).build()) {
      client.get("c-1");
      time.advance(Duration.ofMillis(499));
      client.get("c-1");
      assertThat(api.tokenRequests.get()).as("kept for just under half its life").isEqualTo(1);
      time.advance(Duration.ofMillis(1));
      client.get("c-1");
    }
    assertThat(api.tokenRequests.get()).isEqualTo(2);
  }

  @Test
  void a401RenewsTheTokenOnceAndRetriesOnce() {
    try (PassportCustomersClient client = credentialsClient().build()) {
      client.get("c-1");
      api.acceptedToken = CANARY_TOKEN + "-2"; // the server has revoked token 1

      assertThat(client.get("c-1").getId()).isEqualTo("c-1");
    }
    assertThat(api.tokenRequests.get()).isEqualTo(2);
    assertThat(api.customerRequests()).extracting(r -> r.getHeaders().get("Authorization"))
        .containsExactly("Bearer " + CANARY_TOKEN + "-1", "Bearer " + CANARY_TOKEN + "-1", "Bearer " + CANARY_TOKEN + "-2");
  }

  @Test
  void a401AfterRenewalIsThrownAsUnauthorized() {
    api.acceptedToken = "nothing-is-accepted";
    try (PassportCustomersClient client = credentialsClient().build()) {
      PassportException e = catchThrowableOfType(PassportException.class, () -> client.get("c-1"));
      assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
    }
    assertThat(api.tokenRequests.get()).isEqualTo(2);
    assertThat(api.customerRequests()).hasSize(2);
  }

  @Test
  void refusedClientCredentialsAreUnauthorizedAndDoNotLeakTheSecret() {
    api.refuseCredentials = true;
    try (PassportCustomersClient client = credentialsClient().build()) {
      PassportException e = catchThrowableOfType(PassportException.class, () -> client.get("c-1"));
      assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
      assertThat(e.errorMessage()).isEqualTo("invalid client credentials");
      assertNoSecretIn(e);
    }
    assertThat(api.customerRequests()).isEmpty();
  }

  @Test
  void theTokenIsFetchedWithTheClientIdAndSecretAsJson() {
    try (PassportCustomersClient client = credentialsClient().build()) {
      client.get("c-1");
    }
    RecordedRequest tokenRequest = api.requests.stream()
        .filter(r -> r.getUrl().encodedPath().equals("/v1/iam/oauth/tokens")).findFirst().orElseThrow();
    assertThat(tokenRequest.getBody().utf8()).isEqualTo(
        "{\"client_id\":\"client-1\",\"client_secret\":\"" + CANARY_SECRET + "\",\"grant_type\":\"client_credentials\"}");
    assertThat(tokenRequest.getHeaders().get("Authorization")).isNull();
  }

  @Test
  void canaryTokenAndSecretAppearInNoLogNoExceptionAndNoToString() {
    List<Throwable> thrown = new ArrayList<>();
    try (PassportCustomersClient client = credentialsClient().build()) {
      client.get("c-1");
      for (int status : new int[] {400, 401, 403, 404, 429, 500, 503, -1}) { // -1: a dropped connection
        api.failNextWith = status;
        api.failuresLeft.set(10); // more than the retries and the token renewal can use up
        thrown.add(catchThrowableOfType(PassportException.class, () -> client.get("c-1")));
      }
      assertThat(client.toString()).contains("client-1");
      assertNoSecretIn(client.toString());
    }
    assertThat(thrown).hasSize(8).doesNotContainNull().allSatisfy(t -> assertNoSecretIn(t));
    assertThat(logs.list).isNotEmpty().allSatisfy(event -> assertNoSecretIn(event.getFormattedMessage()));
    assertNoSecretIn(TokenSource.of(CANARY_TOKEN).toString());
  }

  @Test
  void aTokenSourceThatFailsFailsTheCallWithItsOwnException() {
    PassportException refusal = PassportException.transport("vault unreachable", null);
    try (PassportCustomersClient client = PassportCustomersClient.builder().baseUrl(server.url("/").toString())
        .tokenSource(() -> { throw refusal; }).build()) {
      assertThat(catchThrowableOfType(PassportException.class, () -> client.get("c-1"))).isSameAs(refusal);
    }
    assertThat(api.customerRequests()).isEmpty();
  }

  private static void assertNoSecretIn(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      assertNoSecretIn(String.valueOf(c.getMessage()));
      assertNoSecretIn(c.toString());
    }
  }

  private static void assertNoSecretIn(String text) {
    assertThat(text).doesNotContain(CANARY_TOKEN).doesNotContain(CANARY_SECRET);
  }

  /** Issues numbered tokens and serves one customer to callers with the accepted token. */
  private static final class TokenServer extends Dispatcher {
    final List<RecordedRequest> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
    final AtomicInteger tokenRequests = new AtomicInteger();
    volatile String acceptedToken; // null: the latest issued token
    volatile long tokenDelayMillis;
    volatile long expiresIn = 3600;
    volatile boolean refuseCredentials;
    volatile int failNextWith;
    final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile String latest;

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
      requests.add(request);
      if (request.getUrl().encodedPath().equals("/v1/iam/oauth/tokens")) {
        if (refuseCredentials) {
          return new MockResponse.Builder().code(401)
              .body("{\"message\":\"invalid client credentials\",\"code\":\"UNAUTHENTICATED\",\"http_code\":401}").build();
        }
        Thread.sleep(tokenDelayMillis);
        latest = CANARY_TOKEN + "-" + tokenRequests.incrementAndGet();
        return new MockResponse.Builder().body("{\"access_token\":\"" + latest
            + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + "}").build();
      }
      int fail = failNextWith;
      if (fail != 0 && failuresLeft.getAndDecrement() > 0) {
        if (fail < 0) {
          return new MockResponse.Builder().onRequestStart(new mockwebserver3.SocketEffect.CloseSocket()).build();
        }
        return new MockResponse.Builder().code(fail).body("{\"message\":\"failure " + fail + "\"}").build();
      }
      String expected = acceptedToken != null ? acceptedToken : latest;
      if (!("Bearer " + expected).equals(request.getHeaders().get("Authorization"))) {
        return new MockResponse.Builder().code(401).body("{\"code\":16,\"message\":\"token expired\"}").build();
      }
      return new MockResponse.Builder().body("{\"id\":\"c-1\"}").build();
    }

    List<RecordedRequest> customerRequests() {
      return requests.stream().filter(r -> r.getUrl().encodedPath().startsWith("/v1/customers")).toList();
    }
  }
}
