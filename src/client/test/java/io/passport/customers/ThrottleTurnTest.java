package io.passport.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.passport.customers.internal.BodyLimits;
import io.passport.customers.internal.CallScope;
import io.passport.customers.internal.RateLimitHeaders;
import io.passport.customers.internal.RetryLoop;
import io.passport.customers.internal.Throttle;
import io.passport.customers.model.Customer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A call's wait for its turn under the client's {@link Throttle} (the shared pause after a 429, and the
 * paced slot): the wait ends at once when the call is cancelled or its thread interrupted, a turn is
 * taken again when another call's 429 begins a new pause during the wait, and a paced turn taken before
 * the wait is not taken twice. The time is fake: a sleep moves it, unless the call is cancelled during
 * the sleep, which then ends early as {@link Timing#SYSTEM}'s does. The server records the fake time at
 * which each request reached it.
 */
@Timeout(10)
class ThrottleTurnTest {
  private static final long SECOND = 1_000_000_000L;

  private final MockWebServer server = ClientTestSupport.newServer();
  private final Throttle throttle = new Throttle();
  private final SimClock time = new SimClock();
  private final List<Long> arrivals = new CopyOnWriteArrayList<>();
  /** The server's next answers, in order; then 200 with a customer. */
  private final Queue<MockResponse> answers = new ConcurrentLinkedQueue<>();
  private OkHttpClient http;
  private RetryLoop executor;

  private RetryLoop executor(RetryPolicy policy) {
    return new RetryLoop(http, policy, null, new BodyLimits(BodyLimits.DEFAULT_MAX_BODY_BYTES, BodyLimits.DEFAULT_MAX_STRING_CHARS), time, throttle);
  }

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        arrivals.add(time.nanoTime());
        MockResponse next = answers.poll();
        return next != null ? next : new MockResponse.Builder().body("{\"id\":\"c-1\"}").build();
      }
    });
    server.start();
    http = new OkHttpClient();
    executor = executor(RetryPolicy.builder().deadline(Duration.ofSeconds(30)).build());
  }

  @AfterEach
  void stop() {
    server.close();
    http.dispatcher().executorService().shutdownNow();
    http.connectionPool().evictAll();
  }

  private Customer get(CallScope scope) {
    Request request = new Request.Builder().url(server.url("/v1/customers/c-1")).build();
    return executor.execute(request, new BodyLimits(BodyLimits.DEFAULT_MAX_BODY_BYTES, BodyLimits.DEFAULT_MAX_STRING_CHARS).moshi().adapter(Customer.class), scope);
  }

  /** Another call of the client was answered 429 with this Retry-After just now. */
  private void anotherCallWasRefused(Duration retryAfter) {
    long now = time.nanoTime();
    throttle.wasOwnOverrun(now - 1, now, retryAfter, RateLimitHeaders.NONE);
  }

  @Test
  void aCallPausedByA429WaitsOutThePauseThenSendsOnce() {
    anotherCallWasRefused(Duration.ofSeconds(10));
    long pauseEnd = time.nanoTime() + 10 * SECOND;

    assertThat(get(CallScope.root()).getId()).isEqualTo("c-1");

    assertThat(time.slept).containsExactly(Duration.ofSeconds(10));
    assertThat(arrivals).hasSize(1);
    assertThat(arrivals.get(0)).as("sent when the pause was over").isGreaterThanOrEqualTo(pauseEnd);
  }

  @Test
  void aCallCancelledWhilePausedStopsWaitingAtOnceAndSendsNothing() {
    anotherCallWasRefused(Duration.ofSeconds(10));
    time.duringSleep = (n, scope) -> scope.cancel("the listing was closed");

    PassportException e = catchThrowableOfType(PassportException.class, () -> get(CallScope.root()));

    assertThat(e.kind()).isEqualTo(PassportException.Kind.CANCELLED);
    assertThat(e.getMessage()).contains("the listing was closed");
    assertThat(time.slept).as("one wait, ended by the cancel; no second one").hasSize(1);
    assertThat(arrivals).isEmpty();
  }

  @Test
  void aCallInterruptedWhilePausedEndsAsCancelledKeepingTheFlag() {
    anotherCallWasRefused(Duration.ofSeconds(10));
    time.duringSleep = (n, scope) -> Thread.currentThread().interrupt();
    try {
      PassportException e = catchThrowableOfType(PassportException.class, () -> get(CallScope.root()));

      assertThat(e.kind()).isEqualTo(PassportException.Kind.CANCELLED);
      assertThat(e.getMessage()).contains("interrupted while waiting for the rate limit");
      assertThat(Thread.currentThread().isInterrupted()).as("the interrupt flag is kept").isTrue();
      assertThat(arrivals).isEmpty();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void aNewPauseBegunDuringTheWaitIsWaitedOutTooBeforeSending() {
    anotherCallWasRefused(Duration.ofSeconds(2));
    long[] secondPauseEnd = new long[1];
    time.duringSleep = (n, scope) -> {
      if (n == 1) { // while this call waits out the first pause, another call is refused for 5 s
        anotherCallWasRefused(Duration.ofSeconds(5));
        secondPauseEnd[0] = time.nanoTime() + 5 * SECOND;
      }
    };

    assertThat(get(CallScope.root()).getId()).isEqualTo("c-1");

    assertThat(arrivals).hasSize(1);
    assertThat(arrivals.get(0)).as("sent after the second pause too").isGreaterThanOrEqualTo(secondPauseEnd[0]);
  }

  @Test
  void aPacedTurnTakenBeforeItsWaitIsUsedAfterItNotTakenAgain() {
    // The server's policy: 1 request per second. Spend the burst, so that the next turn must wait.
    long now = time.nanoTime();
    throttle.admitted(now, now, new RateLimitHeaders(1, 1, -1, -1));
    for (int i = 0; i < 1_000 && throttle.reserve(now).waitNanos() <= 0; i++) {
      // spend the tokens the bucket starts with; the last reserve leaves it one in debt
    }

    assertThat(get(CallScope.root()).getId()).isEqualTo("c-1");

    // In debt by one, this call's turn is the second from now: 2 s at 1 per second, waited once.
    assertThat(time.slept).containsExactly(Duration.ofSeconds(2));
    assertThat(arrivals).hasSize(1);
  }

  @Test
  void aTurnThatWouldComePastTheDeadlineEndsTheCallAtOnceAsRateLimited() {
    anotherCallWasRefused(Duration.ofSeconds(30));

    PassportException e = catchThrowableOfType(PassportException.class, () -> get(CallScope.root()));

    assertThat(e.kind()).isEqualTo(PassportException.Kind.RATE_LIMITED);
    assertThat(e.getMessage()).contains("would wait 30000 ms").contains("past the call's deadline");
    assertThat(time.slept).isEmpty();
    assertThat(arrivals).isEmpty();
  }

  @Test
  void aTurnInsideTheDeadlineIsWaitedFor() {
    anotherCallWasRefused(Duration.ofSeconds(29));

    assertThat(get(CallScope.root()).getId()).isEqualTo("c-1");

    assertThat(time.slept).containsExactly(Duration.ofSeconds(29));
    assertThat(arrivals).hasSize(1);
  }

  @Test
  void aCallCancelledBeforeItsTurnNeitherWaitsNorSends() {
    anotherCallWasRefused(Duration.ofSeconds(10));
    CallScope cancelled = CallScope.root();
    cancelled.cancel("the listing was closed");

    PassportException e = catchThrowableOfType(PassportException.class, () -> get(cancelled));

    assertThat(e.kind()).isEqualTo(PassportException.Kind.CANCELLED);
    assertThat(time.slept).isEmpty();
    assertThat(arrivals).isEmpty();
  }

  @Test
  void a429OfTheClientsOwnDoingLeavesTheWholeRetryBudgetForOtherFailures() {
    long now = time.nanoTime();
    throttle.admitted(now - 1, now, RateLimitHeaders.NONE); // the server admitted a request: the next 429 is the client's pace
    answers.add(new MockResponse.Builder().code(429).addHeader("Retry-After", "0")
        .body("{\"message\":\"rate limit exceeded\",\"http_code\":429}").build());
    answers.add(new MockResponse.Builder().code(503).body("{\"message\":\"unavailable\",\"http_code\":503}").build());
    executor = executor(RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(1))
        .maxBackoff(Duration.ofMillis(1)).build());

    assertThat(get(CallScope.root()).getId()).as("the 503 is retried: the 429 used up no attempt").isEqualTo("c-1");

    assertThat(arrivals).hasSize(3);
  }
}
