package io.passport.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.passport.customers.internal.AdaptiveLimit;
import io.passport.customers.internal.BodyLimits;
import io.passport.customers.internal.CallScope;
import io.passport.customers.internal.PageIterator;
import io.passport.customers.internal.RateLimitHeaders;
import io.passport.customers.internal.RetryLoop;
import io.passport.customers.internal.TestHooks;
import io.passport.customers.internal.Throttle;
import io.passport.customers.internal.Timing;
import io.passport.customers.model.Customer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a client that runs for months must not do: lock itself out after a
 * burst, wrap a counter, send in a hot loop on {@code Retry-After: 0}, ignore the token endpoint's
 * {@code Retry-After}, hang at the last page number, pace clones that share a token apart, or keep
 * listings that were dropped without close. The time is fake:
 * it moves only when a test or a sleep moves it; the server records the fake time of each arrival.
 */
@Timeout(20)
class LongRunTest {
  private static final long SECOND = 1_000_000_000L;

  private final MockWebServer server = ClientTestSupport.newServer();
  private final List<Long> arrivals = new CopyOnWriteArrayList<>();
  private final SimClock time = new SimClock();
  private volatile java.util.function.Function<RecordedRequest, MockResponse> answer =
      r -> new MockResponse.Builder().body("{\"id\":\"c-1\"}").build();
  private OkHttpClient http;

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        arrivals.add(time.nanoTime());
        return answer.apply(request);
      }
    });
    server.start();
    http = new OkHttpClient();
  }

  @AfterEach
  void stop() {
    server.close();
    http.dispatcher().executorService().shutdownNow();
    http.connectionPool().evictAll();
  }

  private Customer get(RetryLoop executor) {
    Request request = new Request.Builder().url(server.url("/v1/customers/c-1")).build();
    return executor.execute(request, new BodyLimits(BodyLimits.DEFAULT_MAX_BODY_BYTES, BodyLimits.DEFAULT_MAX_STRING_CHARS).moshi().adapter(Customer.class), CallScope.root());
  }

  private RetryLoop executor(Throttle throttle, Duration deadline) {
    return new RetryLoop(http, RetryPolicy.builder().deadline(deadline).build(), null, new BodyLimits(BodyLimits.DEFAULT_MAX_BODY_BYTES, BodyLimits.DEFAULT_MAX_STRING_CHARS), time,
        throttle);
  }

  @Nested
  class ABurstLeavesNoDebt {
    @Test
    void callersThatGiveUpWhileWaitingLeaveNoDebtSoTheNextCallIsSentWithinASecondOfTheLoadStopping() {
      Throttle throttle = new Throttle();
      answer = r -> new MockResponse.Builder().addHeader("RateLimit-Policy", "\"default\";q=1;w=1")
          .body("{\"id\":\"c-1\"}").build();
      RetryLoop shortCalls = executor(throttle, Duration.ofSeconds(2));
      get(shortCalls); // the policy: 1 request per second
      assertThat(throttle.rate()).isEqualTo(1.0);

      // The burst: 1,000 callers that are interrupted while they wait for their paced turn, then 1,000
      // whose turn would come past their 500 ms deadline, all at the same instant.
      time.duringSleep = (n, scope) -> Thread.currentThread().interrupt(); // callers that give up
      for (int i = 0; i < 1000; i++) {
        try {
          get(shortCalls);
        } catch (PassportException e) {
          assertThat(e.kind()).isEqualTo(PassportException.Kind.CANCELLED);
          assertThat(Thread.interrupted()).isTrue();
        }
      }
      time.duringSleep = (n, scope) -> { };
      RetryLoop impatient = executor(throttle, Duration.ofMillis(500));
      for (int i = 0; i < 1000; i++) {
        try {
          get(impatient);
        } catch (PassportException e) {
          assertThat(e.kind()).isEqualTo(PassportException.Kind.RATE_LIMITED);
        }
      }
      int sentDuringBurst = arrivals.size();

      time.advance(Duration.ofSeconds(10)); // the load stops
      long calledAt = time.nanoTime();
      get(executor(throttle, Duration.ofMinutes(10)));
      assertThat(arrivals).hasSize(sentDuringBurst + 1);
      assertThat(arrivals.get(arrivals.size() - 1) - calledAt).as("wait before the next call went out")
          .isLessThanOrEqualTo(SECOND);
    }
  }

  @Nested
  class CountersDoNotWrap {
    @Test
    void theThrottlesCountersGoPast2To32WithoutWrappingAndItsEstimateStillCountsTheLastSecond() {
      for (long start : new long[] {Integer.MAX_VALUE - 3L, (1L << 32) - 3}) {
        Throttle throttle = new Throttle(start);
        long now = time.nanoTime();
        for (int i = 0; i < 10; i++) {
          now += SECOND / 10;
          throttle.admitted(now - 1, now, RateLimitHeaders.NONE);
        }
        throttle.wasOwnOverrun(now, now, Duration.ofSeconds(1), RateLimitHeaders.NONE);
        throttle.reserve(now + SECOND);
        assertThat(throttle.rate()).as("90%% of the 10 admitted in the second before the 429, from %d", start)
            .isEqualTo(9.0);
        Throttle.Turn turn = throttle.reserve(now + SECOND);
        assertThat(throttle.stillHolds(turn)).isTrue();
      }
    }

    @Test
    void aListingWindowInSlowStartStopsCountingOnceItReachesItsCeiling() {
      AdaptiveLimit limit = new AdaptiveLimit(32);
      for (int i = 0; i < 100; i++) {
        limit.admitted(i);
      }
      assertThat(limit.window()).isEqualTo(32);
      assertThat(limit.slowStartCount()).as("admitted pages counted in slow start: no more than the ceiling needs")
          .isLessThanOrEqualTo(2 * 32);
    }
  }

  @Nested
  class ZeroRetryAfterStillBacksOff {
    @Test
    void aRetryAfterOfZeroBacksOffExponentiallyWithJitterAsIfNoneWasGiven() {
      RetryPolicy policy = RetryPolicy.builder().initialBackoff(Duration.ofMillis(200)).build();
      for (int attempt = 2; attempt <= 4; attempt++) {
        long full = 200L << (attempt - 2);
        assertThat(policy.backoff(attempt, Duration.ZERO, bound -> 0)).isEqualTo(Duration.ofMillis(full / 2));
        assertThat(policy.backoff(attempt, Duration.ZERO, bound -> bound)).isEqualTo(Duration.ofMillis(full));
      }
      assertThat(policy.backoff(2, Duration.ofSeconds(3), bound -> 0)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void theSystemJitterSpansZeroToItsBoundAndVaries() {
      java.util.Set<Long> seen = new java.util.HashSet<>();
      for (int i = 0; i < 500; i++) {
        long value = Timing.SYSTEM.jitter(3);
        assertThat(value).isBetween(0L, 3L);
        seen.add(value);
      }
      assertThat(seen).as("every value from 0 to 3 drawn in 500 tries").containsExactlyInAnyOrder(0L, 1L, 2L, 3L);
    }

    @Test
    void a429WithRetryAfterZeroOnEveryAnswerIsNotAHotLoop() {
      Throttle throttle = new Throttle();
      AtomicInteger answered = new AtomicInteger();
      answer = r -> answered.incrementAndGet() == 1 || answered.get() > 40
          ? new MockResponse.Builder().body("{\"id\":\"c-1\"}").build()
          : new MockResponse.Builder().code(429).addHeader("Retry-After", "0").body("{}").build();
      RetryLoop executor = executor(throttle, Duration.ofSeconds(30));
      get(executor); // admitted: the first 429 after it is the client's own pace, retried without using an attempt
      arrivals.clear();
      PassportException e = catchThrowableOfType(PassportException.class, () -> get(executor));
      assertThat(e.httpStatus()).isEqualTo(429);
      assertThat(arrivals).as("the free retry and the policy's 4 attempts").hasSize(5);
      for (int i = 1; i < arrivals.size(); i++) {
        assertThat(arrivals.get(i) - arrivals.get(i - 1)).as("gap before request %d", i)
            .isGreaterThanOrEqualTo(Throttle.ZERO_RETRY_AFTER_PAUSE.toNanos());
      }
    }

    @Test
    void theTokenEndpointsRetryAfterIsHonouredAndEveryAttemptSendsATokenRequest() {
      answer = r -> r.getUrl().encodedPath().equals("/v1/iam/oauth/tokens")
          ? new MockResponse.Builder().code(503).addHeader("Retry-After", "1").body("{}").build()
          : new MockResponse.Builder().body("{\"id\":\"c-1\"}").build();
      RetryPolicy policy = RetryPolicy.builder().maxAttempts(4).initialBackoff(Duration.ofMillis(500))
          .maxBackoff(Duration.ofMillis(500)).build();
      try (PassportCustomersClient client = TestHooks.clock(TestHooks.timing(PassportCustomersClient.builder()
          .baseUrl(server.url("/").toString()).clientCredentials("id", "secret").retryPolicy(policy), time), time).build()) {
        PassportException e = catchThrowableOfType(PassportException.class, () -> client.get("c-1"));
        assertThat(e.httpStatus()).isEqualTo(503);
      }
      assertThat(arrivals).as("one token request per attempt").hasSize(4);
      for (int i = 1; i < arrivals.size(); i++) {
        assertThat(arrivals.get(i) - arrivals.get(i - 1)).as("gap before token request %d", i)
            .isGreaterThanOrEqualTo(SECOND);
      }
    }
  }

  @Nested
  class PageNumbersDoNotOverflow {
    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    @Timeout(10)
    void aListingThatEndsAtPage2147483647EndsNormally(int parallelism) {
      answer = r -> {
        String number = r.getUrl().queryParameter("page_params.page_number");
        return new MockResponse.Builder().body("{\"customers\":[{\"id\":\"p-" + number + "\"}],\"pagination_info\":"
            + "{\"first_request_timestamp\":\"" + FakeListing.FIRST_REQUEST_TIMESTAMP + "\",\"current_page\":" + number
            + ",\"total_pages\":2147483647,\"total_elements\":2147483647}}").build();
      };
      try (PassportCustomersClient client = ClientTestSupport.clientFor(server).parallelism(parallelism).build()) {
        List<String> ids = new java.util.ArrayList<>();
        client.listAll(CustomerQuery.builder().pageNumber(Integer.MAX_VALUE - 1).pageSize(1).build())
            .forEach(c -> ids.add(c.getId()));
        assertThat(ids).containsExactly("p-2147483646", "p-2147483647");
      }
      assertThat(arrivals).hasSize(2);
    }
  }

  @Nested
  class ClonesShareTheirTokensRateLimit {
    @Test
    void aCloneThatKeepsItsCredentialsSharesTheRateLimitAndOneWithItsOwnDoesNot() {
      answer = r -> new MockResponse.Builder().addHeader("RateLimit-Policy", "\"default\";q=20;w=1")
          .body("{\"id\":\"c-1\"}").build();
      try (PassportCustomersClient origin = ClientTestSupport.clientFor(server).build();
          PassportCustomersClient clone = origin.newBuilder().parallelism(4).build();
          PassportCustomersClient other = origin.newBuilder().accessToken("another-token").build()) {
        clone.get("c-1"); // the server states its policy to the clone
        assertThat(origin.listAll(CustomerQuery.all()).flowStatus().pacedRate()).hasValue(20.0);
        assertThat(other.listAll(CustomerQuery.all()).flowStatus().pacedRate()).isEmpty();
      }
    }

    @Test
    void aCloneThatKeepsClientCredentialsUsesTheSameToken() throws InterruptedException {
      AtomicInteger tokens = new AtomicInteger();
      answer = r -> r.getUrl().encodedPath().equals("/v1/iam/oauth/tokens")
          ? new MockResponse.Builder().body("{\"access_token\":\"t-" + tokens.incrementAndGet()
              + "\",\"expires_in\":3600}").build()
          : new MockResponse.Builder().body("{\"id\":\"c-1\"}").build();
      try (PassportCustomersClient origin = PassportCustomersClient.builder().baseUrl(server.url("/").toString())
          .clientCredentials("id", "secret").build();
          PassportCustomersClient clone = origin.newBuilder().build();
          PassportCustomersClient own = origin.newBuilder().clientCredentials("id-2", "secret-2").build()) {
        origin.get("c-1");
        clone.get("c-1");
        assertThat(tokens.get()).as("token requests after the origin and its clone called").isEqualTo(1);
        own.get("c-1");
        assertThat(tokens.get()).isEqualTo(2);
      }
    }
  }

  @Nested
  class AbandonedListingsAreReleased {
    @Test
    void aListingIsHeldByItsPaginatorWhileItRunsAndNotOnceItHasEnded() {
      server.setDispatcher(new FakeListing(25));
      try (PassportCustomersClient client = ClientTestSupport.clientFor(server).build()) {
        CustomerPaginator customers = client.listAll(CustomerQuery.builder().pageSize(10).build());
        java.util.Iterator<Customer> iterator = customers.iterator();
        assertThat(TestHooks.openListings(customers)).isEqualTo(1);
        assertThat(TestHooks.openScopes(client)).as("the running listing's scope").isEqualTo(1);
        iterator.forEachRemaining(customer -> { });
        assertThat(TestHooks.openListings(customers)).as("an ended listing, still referenced here").isZero();
        assertThat(iterator.hasNext()).isFalse();
      }
    }

    @Test
    @Timeout(30)
    void listingsLeftWithBreakAreReleasedWithoutCloseAndFetchAtMostTheirLookAhead() throws InterruptedException {
      FakeListing listing = new FakeListing(1000);
      server.setDispatcher(listing);
      int parallelism = 2;
      int listings = 200;
      try (PassportCustomersClient client = ClientTestSupport.clientFor(server).parallelism(parallelism).build()) {
        CustomerPaginator customers = client.listAll(CustomerQuery.builder().pageSize(10).build());
        for (int i = 0; i < listings; i++) {
          for (Customer customer : customers) {
            assertThat(customer.getId()).isEqualTo("c-1");
            break; // abandoned: no close()
          }
        }
        long deadline = System.nanoTime() + 20 * SECOND;
        while ((TestHooks.openListings(customers) > 0 || TestHooks.openScopes(client) > 0) && System.nanoTime() < deadline) {
          System.gc();
          Thread.sleep(50);
        }
        assertThat(TestHooks.openListings(customers)).as("listings the paginator still holds").isZero();
        assertThat(TestHooks.openScopes(client)).as("scopes the client still holds").isZero();
      }
      assertThat(listing.listRequests().size()).as("pages fetched by %d abandoned listings", listings)
          .isLessThanOrEqualTo(listings * (1 + PageIterator.AHEAD_PER_CALL * parallelism));
    }
  }
}
