package io.passport.customers.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonAdapter;
import io.passport.customers.internal.ApiJson;
import io.passport.customers.model.ErrorResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sandbox's rate limit, on the wire, with the limiter's clock frozen and moved by hand: every
 * count, {@code Retry-After} and header value is exact, and no test sleeps.
 */
@Timeout(30)
class RateLimitTest {
  private static final JsonAdapter<ErrorResponse> ERROR = ApiJson.moshi().adapter(ErrorResponse.class);
  private static final long SECOND = 1_000_000_000L;

  /** The limiter's clock: starts at an arbitrary large value, moves only when a test says so. */
  private final AtomicLong nanos = new AtomicLong(7_000_000_000_000L);
  private final OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false)
      .connectionPool(new ConnectionPool(16, 1, TimeUnit.MINUTES)).build();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private PassportSandbox start(PassportSandbox.Builder builder) throws IOException {
    PassportSandbox sandbox = builder.customers(5).rateLimitClock(nanos::get).start();
    open.add(sandbox);
    return sandbox;
  }

  private Response get(PassportSandbox sandbox, String target, String token) throws IOException {
    Request.Builder request = new Request.Builder().url(sandbox.baseUrl() + target);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.newCall(request.build()).execute();
  }

  /** {@return the status of a List Customers request with {@code token}, the body read and closed} */
  private int list(PassportSandbox sandbox, String token) throws IOException {
    try (Response response = get(sandbox, "v1/customers", token)) {
      response.body().string();
      return response.code();
    }
  }

  private List<Integer> list(PassportSandbox sandbox, String token, int times) throws IOException {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      statuses.add(list(sandbox, token));
    }
    return statuses;
  }

  @Test
  void theBucketStartsFullWithNAndTheNextRequestAtTheSameInstantIs429WithRetryAfterOneAndTheProviderBody()
      throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder().rateLimit(3));

    assertThat(list(sandbox, PassportSandbox.STATIC_TOKEN, 3)).containsExactly(200, 200, 200);
    try (Response throttled = get(sandbox, "v1/customers", PassportSandbox.STATIC_TOKEN)) {
      assertThat(throttled.code()).isEqualTo(429);
      assertThat(throttled.header("Retry-After")).isEqualTo("1");
      assertThat(throttled.header("Content-Type")).isEqualTo("application/json");
      assertThat(throttled.header("RateLimit")).isNull();
      assertThat(throttled.header("RateLimit-Policy")).isNull();
      ErrorResponse error = ERROR.fromJson(throttled.body().string());
      assertThat(error.getHttpCode()).isEqualTo(429);
      assertThat(error.getCode()).isEqualTo("RESOURCE_EXHAUSTED");
      assertThat(error.getMessage()).isEqualTo("rate limit exceeded");
      assertThat(error.getTraceId()).isNotBlank();
    }
  }

  @Test
  void aRetrieveTakesFromTheSameBucketAsAList() throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder().rateLimit(2));

    assertThat(list(sandbox, PassportSandbox.STATIC_TOKEN)).isEqualTo(200);
    try (Response missing = get(sandbox, "v1/customers/no-such-id", PassportSandbox.STATIC_TOKEN)) {
      assertThat(missing.code()).isEqualTo(404);
    }
    try (Response throttled = get(sandbox, "v1/customers/no-such-id", PassportSandbox.STATIC_TOKEN)) {
      assertThat(throttled.code()).isEqualTo(429);
    }
  }

  @Test
  void theBucketRefillsOneTokenEveryNthOfASecondAndNoSooner() throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder().rateLimit(4));
    assertThat(list(sandbox, PassportSandbox.STATIC_TOKEN, 5)).containsExactly(200, 200, 200, 200, 429);

    nanos.addAndGet(SECOND / 4 - 1);
    assertThat(list(sandbox, PassportSandbox.STATIC_TOKEN)).as("a nanosecond short of a token").isEqualTo(429);
    nanos.addAndGet(1);
    assertThat(list(sandbox, PassportSandbox.STATIC_TOKEN, 2)).containsExactly(200, 429);

    nanos.addAndGet(10 * SECOND);
    assertThat(list(sandbox, PassportSandbox.STATIC_TOKEN, 5)).as("a long pause refills only up to the burst")
        .containsExactly(200, 200, 200, 200, 429);
  }

  @Test
  void eachAccessTokenHasItsOwnBucket() throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder().rateLimit(2));
    String other = sandbox.issueToken(Duration.ofMinutes(5), PassportSandbox.LIST_SCOPE);

    assertThat(list(sandbox, PassportSandbox.STATIC_TOKEN, 3)).containsExactly(200, 200, 429);
    assertThat(list(sandbox, other, 3)).containsExactly(200, 200, 429);
    assertThat(sandbox.throttledCount()).isEqualTo(2);
  }

  @Test
  void withHeadersEveryAnswerThroughTheBucketCarriesTheDraftFieldsWithExactValues() throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder().rateLimit(3).rateLimitHeaders(true));

    try (Response first = get(sandbox, "v1/customers", PassportSandbox.STATIC_TOKEN)) {
      assertThat(first.code()).isEqualTo(200);
      assertThat(first.header("RateLimit-Policy")).isEqualTo("\"default\";q=3;w=1");
      assertThat(first.header("RateLimit")).isEqualTo("\"default\";r=2;t=1");
      assertThat(first.header("Retry-After")).isNull();
    }
    try (Response missing = get(sandbox, "v1/customers/no-such-id", PassportSandbox.STATIC_TOKEN)) {
      assertThat(missing.code()).isEqualTo(404);
      assertThat(missing.header("RateLimit-Policy")).isEqualTo("\"default\";q=3;w=1");
      assertThat(missing.header("RateLimit")).isEqualTo("\"default\";r=1;t=1");
    }
    try (Response last = get(sandbox, "v1/customers", PassportSandbox.STATIC_TOKEN)) {
      assertThat(last.code()).isEqualTo(200);
      assertThat(last.header("RateLimit")).isEqualTo("\"default\";r=0;t=1");
    }
    try (Response throttled = get(sandbox, "v1/customers", PassportSandbox.STATIC_TOKEN)) {
      assertThat(throttled.code()).isEqualTo(429);
      assertThat(throttled.header("RateLimit-Policy")).isEqualTo("\"default\";q=3;w=1");
      assertThat(throttled.header("RateLimit")).isEqualTo("\"default\";r=0;t=1");
      assertThat(throttled.header("Retry-After")).isEqualTo("1");
    }
    nanos.addAndGet(SECOND);
    try (Response refilled = get(sandbox, "v1/customers", PassportSandbox.STATIC_TOKEN)) {
      assertThat(refilled.header("RateLimit")).as("full after a second, less the one just taken")
          .isEqualTo("\"default\";r=2;t=1");
    }
  }

  @Test
  void withoutHeadersNoAnswerCarriesThemAndWithoutALimitTheHeaderSwitchAloneSendsNone() throws IOException {
    PassportSandbox quiet = start(PassportSandbox.builder().rateLimit(1));
    try (Response ok = get(quiet, "v1/customers", PassportSandbox.STATIC_TOKEN);
        Response throttled = get(quiet, "v1/customers", PassportSandbox.STATIC_TOKEN)) {
      assertThat(List.of(ok.code(), throttled.code())).containsExactly(200, 429);
      for (Response response : List.of(ok, throttled)) {
        assertThat(response.header("RateLimit")).isNull();
        assertThat(response.header("RateLimit-Policy")).isNull();
      }
    }

    PassportSandbox unlimited = start(PassportSandbox.builder().rateLimitHeaders(true));
    try (Response ok = get(unlimited, "v1/customers", PassportSandbox.STATIC_TOKEN)) {
      assertThat(ok.code()).isEqualTo(200);
      assertThat(ok.header("RateLimit")).isNull();
      assertThat(ok.header("RateLimit-Policy")).isNull();
    }
  }

  @Test
  void requestsTurnedAwayWith401Or403AreNotThrottledAndTakeNoToken() throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder().rateLimit(1).rateLimitHeaders(true));
    String expired = sandbox.issueToken(Duration.ZERO, PassportSandbox.LIST_SCOPE);
    String getOnly = sandbox.issueToken(Duration.ofMinutes(5), PassportSandbox.GET_SCOPE);

    assertThat(list(sandbox, "made-up", 3)).containsExactly(401, 401, 401);
    assertThat(list(sandbox, expired, 3)).containsExactly(401, 401, 401);
    assertThat(list(sandbox, null, 3)).containsExactly(401, 401, 401);
    assertThat(list(sandbox, getOnly, 3)).containsExactly(403, 403, 403);
    try (Response unauthorized = get(sandbox, "v1/customers", "made-up")) {
      assertThat(unauthorized.header("RateLimit")).isNull();
    }
    assertThat(sandbox.throttledCount()).isZero();
    try (Response retrieved = get(sandbox, "v1/customers/no-such-id", getOnly)) {
      assertThat(retrieved.code()).as("the 403s took nothing from getOnly's bucket").isEqualTo(404);
    }
  }

  @Test
  void theTokenEndpointAndProviderStatesAreNeverThrottled() throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder().rateLimit(1).staticToken(null));
    MediaType json = MediaType.get("application/json");
    String credentials = "{\"client_id\":\"sandbox-client\",\"client_secret\":\"sandbox-secret\","
        + "\"grant_type\":\"client_credentials\"}";

    for (int i = 0; i < 5; i++) {
      try (Response token = http.newCall(new Request.Builder().url(sandbox.baseUrl() + "v1/iam/oauth/tokens")
          .post(RequestBody.create(credentials, json)).build()).execute()) {
        assertThat(token.code()).isEqualTo(200);
        assertThat(token.header("RateLimit")).isNull();
      }
      try (Response state = http.newCall(new Request.Builder().url(sandbox.baseUrl() + "_pact/provider-states")
          .post(RequestBody.create("{\"state\":\"customers exist\",\"action\":\"setup\"}", json)).build()).execute()) {
        assertThat(state.code()).isEqualTo(200);
      }
    }
    assertThat(sandbox.throttledCount()).isZero();
  }

  @Test
  void throttledCountCountsExactlyTheLimitsOwn429sAndResetZeroesItAndLiftsTheLimit() throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder().rateLimit(2));

    assertThat(list(sandbox, PassportSandbox.STATIC_TOKEN, 7)).containsExactly(200, 200, 429, 429, 429, 429, 429);
    assertThat(sandbox.throttledCount()).isEqualTo(5);
    assertThat(sandbox.requestCount()).isEqualTo(7);

    sandbox.reset();
    assertThat(sandbox.throttledCount()).isZero();
    assertThat(list(sandbox, PassportSandbox.STATIC_TOKEN, 3)).as("reset leaves no faults, so no limit")
        .containsExactly(200, 200, 200);

    sandbox.faults(Faults.builder().failureRate(1).kinds(EnumSet.of(Faults.Kind.RATE_LIMITED)).build());
    assertThat(list(sandbox, PassportSandbox.STATIC_TOKEN, 2)).containsExactly(429, 429);
    assertThat(sandbox.throttledCount()).as("injected 429s are not the limit's").isZero();
  }

  @Test
  void changingTheFaultsStartsEveryBucketFull() throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder().rateLimit(2));
    assertThat(list(sandbox, PassportSandbox.STATIC_TOKEN, 3)).containsExactly(200, 200, 429);

    sandbox.faults(sandbox.faults());
    assertThat(list(sandbox, PassportSandbox.STATIC_TOKEN, 3)).containsExactly(200, 200, 429);
    sandbox.faults(Faults.builder().rateLimit(3).build());
    assertThat(list(sandbox, PassportSandbox.STATIC_TOKEN, 4)).containsExactly(200, 200, 200, 429);
  }

  @Test
  void eightThreadsHammeringAtOneInstantAreAdmittedExactlyNTimes() throws Exception {
    int limit = 5;
    int threads = 8;
    int perThread = 6;
    PassportSandbox sandbox = start(PassportSandbox.builder().rateLimit(limit));
    OkHttpClient parallel = http.newBuilder().dispatcher(dispatcher(threads)).build();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<int[]>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Callable<int[]> hammer = () -> {
          go.await();
          int[] counts = new int[2];
          for (int i = 0; i < perThread; i++) {
            try (Response response = parallel.newCall(new Request.Builder().url(sandbox.baseUrl() + "v1/customers")
                .header("Authorization", "Bearer " + PassportSandbox.STATIC_TOKEN).build()).execute()) {
              response.body().string();
              counts[response.code() == 200 ? 0 : response.code() == 429 ? 1 : -1]++;
            }
          }
          return counts;
        };
        results.add(pool.submit(hammer));
      }
      go.countDown();
      int admitted = 0;
      int throttled = 0;
      for (Future<int[]> result : results) {
        int[] counts = result.get(20, TimeUnit.SECONDS);
        admitted += counts[0];
        throttled += counts[1];
      }
      assertThat(admitted).isEqualTo(limit);
      assertThat(throttled).isEqualTo(threads * perThread - limit);
      assertThat(sandbox.throttledCount()).isEqualTo(threads * perThread - limit);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Dispatcher dispatcher(int threads) {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequestsPerHost(threads);
    return dispatcher;
  }

  @Test
  void aNegativeRateLimitIsRefusedNamingTheParameterAndWhatItAllows() {
    assertThatThrownBy(() -> Faults.builder().rateLimit(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rateLimit").hasMessageContaining("0 (no limit) or more").hasMessageContaining("-1");
    assertThatThrownBy(() -> PassportSandbox.builder().rateLimit(-3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rateLimit");
  }

  @Test
  void theBuilderShorthandsKeepTheOtherFaultSettingsAndShowInToString() throws IOException {
    Faults latency = Faults.builder().latency(Duration.ofMillis(20)).seed(9).build();
    assertThat(Faults.none().rateLimit()).isZero();
    assertThat(Faults.none().rateLimitHeaders()).isFalse();

    PassportSandbox.Builder builder = PassportSandbox.builder().faults(latency).rateLimit(10).rateLimitHeaders(true);
    Faults built = start(builder).faults();
    assertThat(built.latency()).isEqualTo(Duration.ofMillis(20));
    assertThat(built.seed()).isEqualTo(9);
    assertThat(built.rateLimit()).isEqualTo(10);
    assertThat(built.rateLimitHeaders()).isTrue();
    assertThat(built.toString()).contains("rateLimit=10", "rateLimitHeaders=true");
    assertThat(start(builder.faults(latency)).faults().rateLimit()).as("faults(...) replaces every setting").isZero();
  }

  @Test
  void theLimiterDoesNotOverflowAtTheLargestLimit() {
    RateLimiter limiter = new RateLimiter(nanos::get);
    limiter.configure(Faults.builder().rateLimit(Integer.MAX_VALUE).build());

    assertThat(limiter.take("t").remaining()).isEqualTo(Integer.MAX_VALUE - 1L);
    nanos.addAndGet(Long.MAX_VALUE / 2);
    RateLimiter.Decision later = limiter.take("t");
    assertThat(later.admitted()).isTrue();
    assertThat(later.remaining()).isEqualTo(Integer.MAX_VALUE - 1L);
    assertThat(later.resetSeconds()).isEqualTo(1);
  }
}
