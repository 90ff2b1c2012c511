package io.passport.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.passport.customers.PassportException.Kind;
import io.passport.customers.internal.CallScope;
import io.passport.customers.internal.RetryLoop;
import io.passport.customers.internal.TestHooks;
import io.passport.customers.internal.Timing;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client against a server that redirects, floods, lies and stalls: one nested class per behaviour
 * that keeps the caller safe (more on a closed client and interrupts in {@link LifecycleTest}; the memory
 * bound at -Xmx64m in {@link MemoryCapTest}). Every wait is bounded and every test has a timeout.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HostileServerTest {
  static final String PAGE_1 = LifecycleTest.page(1).replace("\"total_pages\":10,\"total_elements\":30",
      "\"total_pages\":1,\"total_elements\":3");
  static final String TOKEN_OK = "{\"access_token\":\"good-token\",\"token_type\":\"Bearer\",\"expires_in\":3600}";

  final MockWebServer server = ClientTestSupport.newServer();
  final List<AutoCloseable> toClose = new ArrayList<>();
  final ExecutorService threads = Executors.newCachedThreadPool();
  final AtomicInteger calls = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    threads.shutdownNow();
    for (AutoCloseable c : toClose) {
      c.close();
    }
    server.close();
  }

  PassportCustomersClient.Builder tokenClient() {
    return ClientTestSupport.clientFor(server);
  }

  PassportCustomersClient.Builder credentialsClient() {
    return PassportCustomersClient.builder().baseUrl(server.url("/").toString())
        .clientCredentials("client-1", "secret-51be20").retryPolicy(ClientTestSupport.FAST_RETRIES);
  }

  PassportCustomersClient built(PassportCustomersClient.Builder builder) {
    PassportCustomersClient client = builder.build();
    toClose.add(client);
    return client;
  }

  void answer(Function<RecordedRequest, MockResponse> dispatch) {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return dispatch.apply(request);
      }
    });
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
  }

  static boolean isToken(RecordedRequest request) {
    return request.getUrl().encodedPath().equals("/v1/iam/oauth/tokens");
  }

  static PassportException failure(Runnable call) {
    Throwable thrown = LifecycleTest.failureOf(call::run);
    assertThat(thrown).isInstanceOf(PassportException.class);
    return (PassportException) thrown;
  }

  /** A redirect is not followed: the client secret never goes to another host, and a redirect costs one request. */
  @Nested
  class RedirectsAreNotFollowed {
    @Test
    void aTokenEndpointRedirectToAnotherOriginIsAnErrorNamingStatusAndLocationAndSendsNothingThere()
        throws IOException {
      try (MockWebServer elsewhere = ClientTestSupport.newServer()) {
        elsewhere.start();
        elsewhere.enqueue(json(200, TOKEN_OK));
        String location = elsewhere.url("/v1/iam/oauth/tokens").toString();
        answer(r -> new MockResponse.Builder().code(307).setHeader("Location", location).build());
        PassportCustomersClient client = built(credentialsClient());

        PassportException e = failure(() -> client.list(CustomerQuery.all()));

        assertThat(e.kind()).isEqualTo(Kind.REDIRECT);
        assertThat(e.httpStatus()).isEqualTo(307);
        assertThat(e.getMessage()).contains(location).doesNotContain("secret-51be20");
        assertThat(elsewhere.getRequestCount()).as("requests at the other origin").isZero();
        assertThat(server.getRequestCount()).as("one token request, no retry").isEqualTo(1);
      }
    }

    @Test
    void aRedirectLoopOnAGetCostsOneRequest() {
      answer(r -> new MockResponse.Builder().code(302).setHeader("Location", r.getUrl().toString()).build());
      PassportCustomersClient client = built(tokenClient());

      PassportException e = failure(() -> client.get("c-1"));

      assertThat(e.kind()).isEqualTo(Kind.REDIRECT);
      assertThat(e.isRetryable()).isFalse();
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }

  /** OkHttp resends nothing by itself: the retry policy alone decides what is sent again. */
  @Nested
  class OnlyTheRetryPolicyResends {
    @Test
    void a503WithRetryAfterZeroIsSentOnceUnderRetryPolicyNone() {
      answer(r -> new MockResponse.Builder().code(503).setHeader("Retry-After", "0").build());
      PassportCustomersClient client = built(tokenClient().retryPolicy(RetryPolicy.none()));

      assertThat(failure(() -> client.get("c-1")).httpStatus()).isEqualTo(503);
      assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void a503WithRetryAfterZeroIsSentExactlyMaxAttemptsTimes() {
      answer(r -> new MockResponse.Builder().code(503).setHeader("Retry-After", "0").build());
      PassportCustomersClient client = built(tokenClient());

      assertThat(failure(() -> client.get("c-1")).kind()).isEqualTo(Kind.SERVER_ERROR);
      assertThat(server.getRequestCount()).isEqualTo(ClientTestSupport.FAST_RETRIES.maxAttempts());
    }

    @Test
    void a408IsNotResentByOkHttp() {
      answer(r -> new MockResponse.Builder().code(408).build());
      PassportCustomersClient client = built(tokenClient().retryPolicy(RetryPolicy.none()));

      assertThat(failure(() -> client.get("c-1")).httpStatus()).isEqualTo(408);
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }

  /** Absurd Retry-After values are capped, never a raw NumberFormatException. */
  @Nested
  class AbsurdRetryAfterIsCapped {
    @ParameterizedTest
    @ValueSource(strings = {"99999999999", "99999999999999999999999999", "301"})
    void aRetryAfterPastFiveMinutesIsCappedAtFiveMinutes(String value) {
      assertThat(RetryLoop.retryAfter(Headers.of("Retry-After", value))).isEqualTo(Duration.ofMinutes(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.5", "soon", ""})
    void anUnreadableRetryAfterIsIgnored(String value) {
      assertThat(RetryLoop.retryAfter(Headers.of("Retry-After", value))).isNull();
    }

    @Test
    void aHugeRetryAfterEndsTheCallWithTheServersErrorWhenItDoesNotFitTheDeadline() {
      answer(r -> new MockResponse.Builder().code(503).setHeader("Retry-After", "99999999999").build());
      PassportCustomersClient client = built(tokenClient());

      PassportException e = failure(() -> client.get("c-1"));

      assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
      assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aRetryAfterThatFitsTheDeadlineIsWaitedForThroughTheSleeper() {
      SimClock timing = new SimClock();
      answer(r -> calls.getAndIncrement() == 0
          ? new MockResponse.Builder().code(429).setHeader("Retry-After", "120").build()
          : json(200, "{\"id\":\"c-1\"}"));
      PassportCustomersClient client = built(TestHooks.timing(tokenClient(), timing)
          .retryPolicy(RetryPolicy.builder().deadline(Duration.ofMinutes(10)).build()));

      assertThat(client.get("c-1").getId()).isEqualTo("c-1");
      assertThat(timing.slept).containsExactly(Duration.ofSeconds(120));
    }
  }

  /** One deadline bounds every attempt, and token fetches do not nest retries. */
  @Nested
  class OneDeadlineBoundsEveryAttempt {
    @Test
    void aThreeSecondDeadlineAgainstSlow503sEndsByThreePointSixSeconds() {
      answer(r -> new MockResponse.Builder().code(503).headersDelay(2500, TimeUnit.MILLISECONDS).build());
      PassportCustomersClient client = built(tokenClient().retryPolicy(RetryPolicy.builder()
          .deadline(Duration.ofSeconds(3)).initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(10))
          .build()));

      long start = System.nanoTime();
      PassportException e = failure(() -> client.get("c-1"));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(took).isLessThan(Duration.ofMillis(3600)).isGreaterThan(Duration.ofMillis(2900));
      assertThat(e.kind()).as(e.getMessage()).isIn(Kind.SERVER_ERROR, Kind.TRANSPORT);
      assertThat(server.getRequestCount()).as(e.getMessage()).isBetween(1, 2);
    }

    @Test
    void anAttemptStartedNearTheDeadlineGetsOnlyWhatIsLeftNotTheCallTimeout() {
      answer(r -> new MockResponse.Builder().body("{}").headersDelay(5, TimeUnit.SECONDS).build());
      PassportCustomersClient client = built(tokenClient().callTimeout(Duration.ofSeconds(20))
          .retryPolicy(RetryPolicy.builder().deadline(Duration.ofMillis(800)).build()));

      long start = System.nanoTime();
      PassportException e = failure(() -> client.get("c-1"));

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1400));
      assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
      assertThat(e.getMessage()).contains("deadline");
    }

    @Test
    void aFailingTokenEndpointIsAskedAtMostOncePerAttemptOfTheCall() {
      AtomicInteger tokenRequests = new AtomicInteger();
      AtomicInteger customerRequests = new AtomicInteger();
      answer(r -> {
        (isToken(r) ? tokenRequests : customerRequests).incrementAndGet();
        return json(500, "{\"code\":\"INTERNAL\",\"message\":\"down\"}");
      });
      PassportCustomersClient client = built(credentialsClient());

      PassportException e = failure(() -> client.get("c-1"));

      assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
      assertThat(tokenRequests.get()).isBetween(1, ClientTestSupport.FAST_RETRIES.maxAttempts());
      assertThat(customerRequests.get()).isZero();
    }

    @Test
    void aHangingTokenEndpointEndsAtTheCallsDeadline() {
      answer(r -> isToken(r) ? new MockResponse.Builder().body(TOKEN_OK).headersDelay(10, TimeUnit.SECONDS).build()
          : json(200, "{\"id\":\"c-1\"}"));
      PassportCustomersClient client = built(credentialsClient()
          .retryPolicy(RetryPolicy.builder().deadline(Duration.ofSeconds(1)).build()));

      long start = System.nanoTime();
      PassportException e = failure(() -> client.get("c-1"));

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1600));
      assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
    }
  }

  /** Success bodies and single strings are capped (the -Xmx64m proof is in {@link MemoryCapTest}). */
  @Nested
  class BodiesAndStringsAreCapped {
    @Test
    void aBodyPastTheCapIsAnInvalidResponse() {
      String huge = "{\"id\":\"c-1\",\"notes\":\"" + "x".repeat(300_000) + "\"}";
      answer(r -> json(200, huge));
      PassportCustomersClient client = built(tokenClient().maxBodyBytes(64 * 1024).maxStringChars(1_000_000));

      PassportException e = failure(() -> client.get("c-1"));

      assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
      assertThat(e.getMessage()).contains("maxBodyBytes");
      assertThat(server.getRequestCount()).as("not retried").isEqualTo(1);
    }

    @Test
    void aDecompressedBodyPastTheCapIsAnInvalidResponseWhateverItsCompressedSize() throws IOException {
      okio.Buffer gzipped = MemoryCapTest.gzippedWhitespace(64L * 1024 * 1024);
      answer(r -> new MockResponse.Builder().setHeader("Content-Encoding", "gzip").body(gzipped.copy()).build());
      PassportCustomersClient client = built(tokenClient());

      PassportException e = failure(() -> client.get("c-1"));

      assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
      assertThat(e.getMessage()).contains("maxBodyBytes");
    }

    @Test
    void aStringPastItsCapIsAnInvalidResponseNamingTheField() {
      answer(r -> json(200, "{\"id\":\"c-1\",\"business_name\":\"" + "y".repeat(70_000) + "\"}"));
      PassportCustomersClient client = built(tokenClient());

      PassportException e = failure(() -> client.get("c-1"));

      assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
      assertThat(e.getMessage()).contains("business_name").contains("maxStringChars");
    }

    @Test
    void theCapsAreCheckedOnTheBuilder() {
      assertThatThrownBy(() -> tokenClient().maxBodyBytes(1000)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("maxBodyBytes");
      assertThatThrownBy(() -> tokenClient().maxStringChars(10)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("maxStringChars");
    }
  }

  /** After close, calls fail with CANCELLED rather than RejectedExecutionException (more in LifecycleTest). */
  @Nested
  class AClosedClientsCallsAreCancelled {
    @Test
    void everyCallAfterCloseIsCancelledAndSendsNothing() {
      PassportCustomersClient client = tokenClient().parallelism(4).build();
      client.close();

      assertThat(failure(() -> client.list(CustomerQuery.all())).kind()).isEqualTo(Kind.CANCELLED);
      assertThat(failure(() -> client.get("c-1")).kind()).isEqualTo(Kind.CANCELLED);
      assertThat(failure(() -> client.listAll(CustomerQuery.all()).stream().count()).kind())
          .isEqualTo(Kind.CANCELLED);
      assertThat(server.getRequestCount()).isZero();
    }
  }

  /** Interrupts end waits at once with the flag kept (listing interrupts in LifecycleTest). */
  @Nested
  class InterruptsEndWaitsAtOnce {
    @Test
    void anInterruptDuringABackoffWaitEndsItAtOnceCancelledWithTheFlagKept() throws Exception {
      answer(r -> new MockResponse.Builder().code(503).setHeader("Retry-After", "30").build());
      PassportCustomersClient client = built(tokenClient().retryPolicy(RetryPolicy.defaults()));
      CompletableFuture<Thread> caller = new CompletableFuture<>();
      Future<Boolean> flagKept = threads.submit(() -> {
        caller.complete(Thread.currentThread());
        PassportException e = failure(() -> client.get("c-1"));
        assertThat(e.kind()).isEqualTo(Kind.CANCELLED);
        return Thread.currentThread().isInterrupted();
      });
      LifecycleTest.awaitTrue(() -> server.getRequestCount() == 1, Duration.ofSeconds(5));
      Thread.sleep(100); // into the 30 s wait

      caller.get().interrupt();

      assertThat(flagKept.get(1, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** The token source is single-flight for failures too, and never caches an unusable token. */
  @Nested
  class TokenFetchesAreSingleFlightAndCheck {
    @Test
    void eightThreadsAgainstAFailingTokenEndpointShareItsFailures() throws Exception {
      AtomicInteger tokenRequests = new AtomicInteger();
      answer(r -> {
        tokenRequests.incrementAndGet();
        return new MockResponse.Builder().code(500).headersDelay(20, TimeUnit.MILLISECONDS).build();
      });
      PassportCustomersClient client = built(credentialsClient().retryPolicy(RetryPolicy.builder()
          .initialBackoff(Duration.ofMillis(200)).maxBackoff(Duration.ofMillis(200)).build()));

      List<Future<PassportException>> results = new ArrayList<>();
      CountDownLatch go = new CountDownLatch(1);
      for (int i = 0; i < 8; i++) {
        results.add(threads.submit(() -> {
          go.await();
          return failure(() -> client.get("c-1"));
        }));
      }
      go.countDown();
      for (Future<PassportException> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS).kind()).isEqualTo(Kind.SERVER_ERROR);
      }
      // Before: every thread's every attempt sent its own 4 tries, up to 8 x 4 x 4 = 128 (96 seen).
      assertThat(tokenRequests.get()).isLessThanOrEqualTo(6);
    }

    @Test
    void eightThreadsAgainstAHangingTokenEndpointSendOneRequestAndAllEndAtTheDeadline() throws Exception {
      AtomicInteger tokenRequests = new AtomicInteger();
      answer(r -> {
        tokenRequests.incrementAndGet();
        return new MockResponse.Builder().body(TOKEN_OK).headersDelay(20, TimeUnit.SECONDS).build();
      });
      PassportCustomersClient client = built(credentialsClient()
          .retryPolicy(RetryPolicy.builder().deadline(Duration.ofSeconds(2)).build()));

      long start = System.nanoTime();
      List<Future<PassportException>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(threads.submit(() -> failure(() -> client.get("c-1"))));
      }
      for (Future<PassportException> result : results) {
        assertThat(result.get(5, TimeUnit.SECONDS).kind()).isEqualTo(Kind.TRANSPORT);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2800));
      assertThat(tokenRequests.get()).isEqualTo(1);
    }

    @Test
    void aThreadWaitingForAnotherThreadsTokenFetchCanBeInterrupted() throws Exception {
      answer(r -> new MockResponse.Builder().body(TOKEN_OK).headersDelay(20, TimeUnit.SECONDS).build());
      PassportCustomersClient client = built(credentialsClient());
      threads.submit(() -> failure(() -> client.get("c-1"))); // the fetching thread
      LifecycleTest.awaitTrue(() -> server.getRequestCount() == 1, Duration.ofSeconds(5));
      CompletableFuture<Thread> waiter = new CompletableFuture<>();
      Future<Boolean> flagKept = threads.submit(() -> {
        waiter.complete(Thread.currentThread());
        assertThat(failure(() -> client.get("c-2")).kind()).isEqualTo(Kind.CANCELLED);
        return Thread.currentThread().isInterrupted();
      });
      Thread.sleep(100);

      waiter.get().interrupt();

      assertThat(flagKept.get(1, TimeUnit.SECONDS)).isTrue();
      assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad\\r\\ntoken", "caf\\u00e9", "", "   "})
    void aTokenThatCannotBeSentInAHeaderIsAnInvalidResponseAndIsNotKept(String token) {
      AtomicInteger tokenRequests = new AtomicInteger();
      answer(r -> {
        if (isToken(r)) {
          tokenRequests.incrementAndGet();
          return json(200, "{\"access_token\":\"" + token + "\",\"expires_in\":3600}");
        }
        return json(200, "{\"id\":\"c-1\"}");
      });
      // No backoff, so no shared failure is held between the two calls.
      PassportCustomersClient client = built(credentialsClient().retryPolicy(RetryPolicy.builder().maxAttempts(1)
          .initialBackoff(Duration.ZERO).maxBackoff(Duration.ZERO).build()));

      assertThat(failure(() -> client.get("c-1")).kind()).isEqualTo(Kind.INVALID_RESPONSE);
      assertThat(failure(() -> client.get("c-1")).kind()).isEqualTo(Kind.INVALID_RESPONSE);
      assertThat(tokenRequests.get()).as("not cached: asked again").isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"100000000000000000", "9223372036854775807", "1"})
    void anyExpiresInIsClampedToASaneLifetime(String expiresIn) {
      AtomicInteger tokenRequests = new AtomicInteger();
      answer(r -> {
        if (isToken(r)) {
          tokenRequests.incrementAndGet();
          return json(200, "{\"access_token\":\"tok\",\"expires_in\":" + expiresIn + "}");
        }
        return json(200, "{\"id\":\"c-1\"}");
      });
      PassportCustomersClient client = built(credentialsClient());

      assertThat(client.get("c-1").getId()).isEqualTo("c-1");
      assertThat(client.get("c-1").getId()).isEqualTo("c-1");
      assertThat(tokenRequests.get()).isBetween(1, 2);
    }

    @Test
    void aCustomTokenSourceReportsARetryableFailureWithPassportExceptionOf() {
      AtomicInteger asked = new AtomicInteger();
      answer(r -> json(200, "{\"id\":\"c-1\"}"));
      PassportCustomersClient client = built(tokenClient().tokenSource(() -> {
        if (asked.incrementAndGet() == 1) {
          throw PassportException.of(Kind.TRANSPORT, "vault unreachable", null);
        }
        return "from-vault";
      }));

      assertThat(client.get("c-1").getId()).isEqualTo("c-1");
      assertThat(asked.get()).isEqualTo(2);
    }

    @Test
    void anythingElseACustomTokenSourceThrowsIsWrappedAndNothingIsSent() {
      IllegalStateException bug = new IllegalStateException("no key");
      PassportCustomersClient client = built(tokenClient().tokenSource(() -> {
        throw bug;
      }));

      PassportException e = failure(() -> client.get("c-1"));

      assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
      assertThat(e.getCause()).isSameAs(bug);
      assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void aCustomTokenThatCannotBeSentInAHeaderIsRefusedBeforeAnyRequest() {
      PassportCustomersClient client = built(tokenClient().tokenSource(() -> "a\r\nX-Injected: 1"));

      assertThat(failure(() -> client.get("c-1")).kind()).isEqualTo(Kind.UNAUTHORIZED);
      assertThat(server.getRequestCount()).isZero();
    }
  }

  /** Null lists and entries, out-of-range snapshots and foreign 404s are typed failures, never raw or silent. */
  @Nested
  class OddPagesAreTypedNotRaw {
    @ParameterizedTest
    @ValueSource(strings = {"{\"customers\":null}", "{}"})
    void absentOrNullCustomersAreAnEmptyPage(String body) {
      answer(r -> json(200, body));
      PassportCustomersClient client = built(tokenClient());

      assertThat(client.list(CustomerQuery.all()).getCustomers()).isEmpty();
      assertThat(client.listAll(CustomerQuery.all()).stream().count()).isZero();
    }

    @Test
    void aNullCustomerIsAnInvalidResponseNotANullCustomer() {
      answer(r -> json(200, "{\"customers\":[null],\"pagination_info\":{\"total_pages\":1,\"total_elements\":1}}"));
      PassportCustomersClient client = built(tokenClient());

      assertThat(failure(() -> client.list(CustomerQuery.all())).kind()).isEqualTo(Kind.INVALID_RESPONSE);
      assertThat(failure(() -> client.listAll(CustomerQuery.all()).stream().count()).kind())
          .isEqualTo(Kind.INVALID_RESPONSE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+10000-01-01T00:00:00Z", "0000-06-01T00:00:00Z"})
    void aSnapshotOutsideTheApisRangeIsAnInvalidResponse(String timestamp) {
      answer(r -> json(200, PAGE_1.replace("2025-10-09T17:35:17Z", timestamp)));
      PassportCustomersClient client = built(tokenClient());

      assertThat(failure(() -> client.listAll(CustomerQuery.all()).stream().count()).kind())
          .isEqualTo(Kind.INVALID_RESPONSE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"code\":\"NOT_FOUND\",\"message\":\"no customers\"}", "{\"code\":5,\"message\":\"x\"}"})
    void theApisOwnNotFoundErrorIsAnEmptyListing(String body) {
      answer(r -> json(404, body));
      PassportCustomersClient client = built(tokenClient());

      assertThat(client.list(CustomerQuery.all()).getCustomers()).isEmpty();
      assertThat(client.listAll(CustomerQuery.all()).stream().count()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"<html><body>Not Found</body></html>", "", "not json", "{\"code\":\"PERMISSION_DENIED\"}"})
    void anyOther404OnListIsANotFoundError(String body) {
      answer(r -> new MockResponse.Builder().code(404).body(body).build());
      PassportCustomersClient client = built(tokenClient());

      assertThat(failure(() -> client.list(CustomerQuery.all())).kind()).isEqualTo(Kind.NOT_FOUND);
      assertThat(failure(() -> client.listAll(CustomerQuery.all()).stream().count()).kind())
          .isEqualTo(Kind.NOT_FOUND);
    }
  }

  /** One retry rule: what isRetryable() says is what the retry loop does. */
  @Nested
  class IsRetryableIsWhatTheLoopDoes {
    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 409, 429, 500, 501, 502, 503, 504, 505, 511})
    void isRetryableAgreesWithTheRetryLoopForEveryStatus(int status) {
      answer(r -> json(status, "{\"code\":\"X\",\"message\":\"m\"}"));
      PassportCustomersClient client = built(tokenClient());

      PassportException e = failure(() -> client.get("c-1"));

      int attempts = server.getRequestCount();
      assertThat(attempts).isEqualTo(e.isRetryable() ? ClientTestSupport.FAST_RETRIES.maxAttempts() : 1);
    }

    @Test
    void a501IsNotRetryableAndAnInvalidResponseIsNot() {
      answer(r -> json(501, "{}"));
      PassportCustomersClient client = built(tokenClient());
      assertThat(failure(() -> client.get("c-1")).isRetryable()).isFalse();
      assertThat(server.getRequestCount()).isEqualTo(1);

      answer(r -> json(200, "[]"));
      PassportException invalid = failure(() -> client.get("c-1"));
      assertThat(invalid.kind()).isEqualTo(Kind.INVALID_RESPONSE);
      assertThat(invalid.isRetryable()).isFalse();
      assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aDroppedConnectionIsRetryableAndRetried() {
      server.enqueue(new MockResponse.Builder().onRequestStart(new mockwebserver3.SocketEffect.CloseSocket()).build());
      server.enqueue(json(200, "{\"id\":\"c-1\"}"));
      PassportCustomersClient client = built(tokenClient());

      assertThat(client.get("c-1").getId()).isEqualTo("c-1");
      assertThat(server.getRequestCount()).isEqualTo(2);
    }
  }

  /** What the server says reaches the user as one line, escaped and capped. */
  @Nested
  class ServerTextIsOneLine {
    @Test
    void controlCharactersInServerTextAreEscapedAndTheMessageIsOneLine() {
      answer(r -> json(400, "{\"code\":\"BAD\\r\\n\",\"message\":\"line one\\nline two\\u001b[31mred\\u0007\","
          + "\"trace_id\":\"t\\r\\n\\u009bX\"}"));
      PassportCustomersClient client = built(tokenClient());

      PassportException e = failure(() -> client.get("c-1"));

      assertThat(e.getMessage()).doesNotContainPattern("[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029]")
          .contains("line one\\nline two\\u001b[31mred\\u0007").contains("\\u009bX");
      assertThat(e.errorMessage()).isEqualTo("line one\\nline two\\u001b[31mred\\u0007");
    }

    @Test
    void aLongServerMessageIsCapped() {
      answer(r -> json(500, "{\"message\":\"" + "m".repeat(20_000) + "\",\"trace_id\":\"" + "t".repeat(10_000) + "\"}"));
      PassportCustomersClient client = built(tokenClient().retryPolicy(RetryPolicy.none()));

      PassportException e = failure(() -> client.get("c-1"));

      assertThat(e.getMessage().length()).isLessThan(4 * (PassportException.MAX_PART_CHARS + 10) + 100);
      assertThat(e.errorMessage()).endsWith("...");
    }

    @Test
    void anHtmlExcerptWithEscapeSequencesIsEscaped() {
      answer(r -> new MockResponse.Builder().code(502).body("<h1>\u001b]0;pwned\u0007</h1>").build());
      PassportCustomersClient client = built(tokenClient().retryPolicy(RetryPolicy.none()));

      assertThat(failure(() -> client.get("c-1")).getMessage()).doesNotContainPattern("[\\x00-\\x1f]")
          .contains("\\u001b]0;pwned\\u0007");
    }
  }
}
