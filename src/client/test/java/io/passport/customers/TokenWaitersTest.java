package io.passport.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.passport.customers.internal.BodyLimits;
import io.passport.customers.internal.CallScope;
import io.passport.customers.internal.ClientCredentialsTokenSource;
import io.passport.customers.internal.RetryLoop;
import io.passport.customers.model.AccessTokenResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The threads that wait while another thread fetches the token (the single flight): each waiter gets
 * the fetching thread's outcome, whatever it is, and a waiter whose own call ends (interrupted,
 * cancelled, out of time) stops waiting at once without disturbing the fetch. The token endpoint holds
 * each request until the test releases it, so the waiters are known to be waiting; the time the
 * token source and the retry loop see is a {@link SimClock}.
 */
@Timeout(20)
class TokenWaitersTest {
  private static final String TOKEN_PATH = "/v1/iam/oauth/tokens";

  private final MockWebServer server = ClientTestSupport.newServer();
  private final SimClock time = new SimClock();
  private final AtomicInteger tokenRequests = new AtomicInteger();
  /** Counted down when a token request arrives at the server. */
  private volatile CountDownLatch arrived = new CountDownLatch(1);
  /** The server answers the held token request when this is counted down. */
  private volatile CountDownLatch release = new CountDownLatch(1);
  /** What the server answers the n-th token request with, once released. */
  private volatile java.util.function.IntFunction<MockResponse> answer =
      n -> json("{\"access_token\":\"token-" + n + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
  private OkHttpClient http;
  private ClientCredentialsTokenSource source;

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        int n = tokenRequests.incrementAndGet();
        CountDownLatch released = release;
        arrived.countDown();
        if (!released.await(15, TimeUnit.SECONDS)) {
          return new MockResponse.Builder().code(500).body("{\"message\":\"the test never released me\"}").build();
        }
        return answer.apply(n);
      }
    });
    server.start();
    http = new OkHttpClient();
    RetryPolicy policy = RetryPolicy.builder().initialBackoff(Duration.ofSeconds(2)).maxBackoff(Duration.ofSeconds(2))
        .deadline(Duration.ofSeconds(30)).build();
    source = new ClientCredentialsTokenSource(
        tokenRequest -> new Request.Builder().url(server.url(TOKEN_PATH))
            .post(RequestBody.create("{}", MediaType.get("application/json"))).build(),
        new BodyLimits(BodyLimits.DEFAULT_MAX_BODY_BYTES, BodyLimits.DEFAULT_MAX_STRING_CHARS).moshi().adapter(AccessTokenResponse.class),
        new RetryLoop(http, policy, null, new BodyLimits(BodyLimits.DEFAULT_MAX_BODY_BYTES, BodyLimits.DEFAULT_MAX_STRING_CHARS), time, null),
        "client-1", "secret-1", time, time, policy.initialBackoff());
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.close();
    http.dispatcher().executorService().shutdownNow();
    http.connectionPool().evictAll();
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder().body(body).build();
  }

  /** The deadline of a call starting now, as the retry loop computes it: 30 s of the fake time. */
  private long deadline() {
    return time.nanoTime() + Duration.ofSeconds(30).toNanos();
  }

  /** Runs {@code call} on a thread of its own and returns its outcome; the thread is {@code threads[0]}. */
  private static <T> CompletableFuture<T> onItsOwnThread(String name, Supplier<T> call, Thread[] threads) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        result.complete(call.get());
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    }, name);
    thread.setDaemon(true);
    threads[0] = thread;
    thread.start();
    return result;
  }

  /** A thread that asks for the token and so fetches it: returns once its request is held at the server. */
  private CompletableFuture<String> leaderFetching(CallScope scope) throws InterruptedException {
    Thread[] thread = new Thread[1];
    CompletableFuture<String> leader = onItsOwnThread("leader", () -> source.token(scope, deadline()), thread);
    assertThat(arrived.await(10, TimeUnit.SECONDS)).as("the leader's token request reached the server").isTrue();
    return leader;
  }

  /** Waits (bounded) until {@code thread} is parked, which for a waiter means it waits on the flight. */
  private static void awaitWaiting(Thread thread) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (thread.getState() != Thread.State.TIMED_WAITING && thread.getState() != Thread.State.WAITING) {
      assertThat(System.nanoTime()).as("%s waits for the token", thread.getName()).isLessThan(end);
      assertThat(thread.isAlive()).as("%s is still asking", thread.getName()).isTrue();
      Thread.sleep(1);
    }
  }

  private static Throwable failureOf(CompletableFuture<?> call) throws InterruptedException {
    try {
      call.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the call did not end within 10 s", e);
    }
    throw new AssertionError("the call succeeded where it should have failed");
  }

  @Test
  void aWaiterGetsTheTokenTheOtherThreadFetchedWithoutAskingItself() throws Exception {
    CompletableFuture<String> leader = leaderFetching(CallScope.root());
    Thread[] waiterThread = new Thread[1];
    CompletableFuture<String> waiter = onItsOwnThread("waiter",
        () -> source.token(CallScope.root(), deadline()), waiterThread);
    awaitWaiting(waiterThread[0]);
    assertThat(waiter).isNotDone();

    release.countDown();

    assertThat(leader.get(10, TimeUnit.SECONDS)).isEqualTo("token-1");
    assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("token-1");
    assertThat(tokenRequests.get()).isEqualTo(1);
  }

  @Test
  void aFailedFetchReachesEveryWaiterAsTheServersTypedError() throws Exception {
    answer = n -> new MockResponse.Builder().code(403)
        .body("{\"message\":\"client disabled\",\"code\":\"PERMISSION_DENIED\",\"http_code\":403}").build();
    CompletableFuture<String> leader = leaderFetching(CallScope.root());
    Thread[] waiterThread = new Thread[1];
    CompletableFuture<String> waiter = onItsOwnThread("waiter",
        () -> source.token(CallScope.root(), deadline()), waiterThread);
    awaitWaiting(waiterThread[0]);

    release.countDown();

    for (Throwable failure : new Throwable[] {failureOf(leader), failureOf(waiter)}) {
      assertThat(failure).isInstanceOfSatisfying(PassportException.class, e -> {
        assertThat(e.kind()).isEqualTo(PassportException.Kind.FORBIDDEN);
        assertThat(e.httpStatus()).isEqualTo(403);
      });
    }
    assertThat(failureOf(waiter)).as("the waiter throws a copy of its own").isNotSameAs(failureOf(leader));
    assertThat(tokenRequests.get()).isEqualTo(1);
  }

  @Test
  void anInterruptedWaiterStopsWaitingAsCancelledKeepsItsFlagAndTheFetchGoesOn() throws Exception {
    CompletableFuture<String> leader = leaderFetching(CallScope.root());
    AtomicReference<Boolean> flagKept = new AtomicReference<>();
    Thread[] waiterThread = new Thread[1];
    CompletableFuture<String> waiter = onItsOwnThread("waiter", () -> {
      try {
        return source.token(CallScope.root(), deadline());
      } finally {
        flagKept.set(Thread.currentThread().isInterrupted());
      }
    }, waiterThread);
    awaitWaiting(waiterThread[0]);

    waiterThread[0].interrupt();

    assertThat(failureOf(waiter)).isInstanceOfSatisfying(PassportException.class, e -> {
      assertThat(e.kind()).isEqualTo(PassportException.Kind.CANCELLED);
      assertThat(e.getMessage()).contains("interrupted while waiting for a token");
    });
    assertThat(flagKept.get()).as("the thread's interrupt flag is kept").isTrue();
    assertThat(leader).as("the fetch is not disturbed").isNotDone();
    release.countDown();
    assertThat(leader.get(10, TimeUnit.SECONDS)).isEqualTo("token-1");
    assertThat(source.token(CallScope.root(), deadline())).isEqualTo("token-1");
    assertThat(tokenRequests.get()).isEqualTo(1);
  }

  @Test
  void aWaiterWithACancelledCallStopsBeforeWaiting() throws Exception {
    CompletableFuture<String> leader = leaderFetching(CallScope.root());
    CallScope cancelled = CallScope.root();
    cancelled.cancel("the listing was closed");

    PassportException e = catchThrowableOfType(PassportException.class, () -> source.token(cancelled, deadline()));

    assertThat(e.kind()).isEqualTo(PassportException.Kind.CANCELLED);
    assertThat(e.getMessage()).contains("the listing was closed");
    release.countDown();
    assertThat(leader.get(10, TimeUnit.SECONDS)).isEqualTo("token-1");
    assertThat(tokenRequests.get()).isEqualTo(1);
  }

  /** Answers every token request at once with a 503 that asks for {@code seconds} before the next. */
  private void everyFetchFailsWithRetryAfter(int seconds) {
    answer = n -> new MockResponse.Builder().code(503).addHeader("Retry-After", Integer.toString(seconds))
        .body("{\"message\":\"busy\"}").build();
    release.countDown();
  }

  @Test
  void aFailureHeldLongerThanWhatIsLeftOfTheDeadlineFailsTheNextCallAtOnceWithoutAskingAgain() {
    time.advance(Duration.ofHours(1)); // deadlines are points on the clock, far from its zero
    everyFetchFailsWithRetryAfter(60);
    PassportException first = catchThrowableOfType(PassportException.class,
        () -> source.token(CallScope.root(), deadline()));
    assertThat(first.httpStatus()).isEqualTo(503);

    // Held for the 60 s the endpoint asked for; the next call has 30 s: it fails now, with the held failure.
    long before = time.nanoTime();
    PassportException next = catchThrowableOfType(PassportException.class,
        () -> source.token(CallScope.root(), deadline()));
    assertThat(next.httpStatus()).isEqualTo(503);
    assertThat(tokenRequests).as("token requests").hasValue(1);
    assertThat(time.nanoTime()).as("fake time after the second call (it slept none)").isEqualTo(before);
  }

  @Test
  void aCallCancelledWhileAFailureIsHeldEndsCancelledAfterTheHoldWithoutAskingAgain() {
    everyFetchFailsWithRetryAfter(5);
    assertThat(catchThrowableOfType(PassportException.class, () -> source.token(CallScope.root(), deadline()))
        .httpStatus()).isEqualTo(503);
    CallScope cancelled = CallScope.root();
    cancelled.cancel("the caller gave up");

    PassportException e = catchThrowableOfType(PassportException.class, () -> source.token(cancelled, deadline()));
    assertThat(e.kind()).isEqualTo(PassportException.Kind.CANCELLED);
    assertThat(tokenRequests).as("token requests").hasValue(1);
  }

  @Test
  void aWaiterWhoseDeadlineHasPassedFailsAtOnceWithoutWaiting() throws Exception {
    time.advance(Duration.ofHours(1));
    CompletableFuture<String> leader = leaderFetching(CallScope.root());

    long start = System.nanoTime();
    long passed = time.nanoTime();
    PassportException e = catchThrowableOfType(PassportException.class, () -> source.token(CallScope.root(), passed));
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("waited (ms)").isLessThan(1_000L);

    assertThat(e.kind()).isEqualTo(PassportException.Kind.TRANSPORT);
    assertThat(e.getMessage()).contains("deadline ran out while waiting for a token");
    assertThat(leader).isNotDone();
    release.countDown();
    assertThat(leader.get(10, TimeUnit.SECONDS)).isEqualTo("token-1");
  }

  @Test
  void aWaiterWaitsNoLongerThanWhatIsLeftOfItsDeadline() throws Exception {
    time.advance(Duration.ofHours(1));
    CompletableFuture<String> leader = leaderFetching(CallScope.root());

    long start = System.nanoTime();
    long inAQuarterSecond = time.nanoTime() + TimeUnit.MILLISECONDS.toNanos(250);
    PassportException e = catchThrowableOfType(PassportException.class,
        () -> source.token(CallScope.root(), inAQuarterSecond));
    long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(e.kind()).isEqualTo(PassportException.Kind.TRANSPORT);
    assertThat(e.getMessage()).contains("deadline ran out while waiting for a token");
    assertThat(waitedMillis).as("waited (ms)").isBetween(200L, 1_500L);
    assertThat(leader).isNotDone();
    release.countDown();
    assertThat(leader.get(10, TimeUnit.SECONDS)).isEqualTo("token-1");
  }

  @Test
  void whenTheFetchingCallIsCancelledAWaiterFetchesTheTokenItself() throws Exception {
    CallScope leaderScope = CallScope.root();
    CompletableFuture<String> leader = leaderFetching(leaderScope);
    Thread[] waiterThread = new Thread[1];
    CountDownLatch firstHeld = release;
    arrived = new CountDownLatch(1);
    release = new CountDownLatch(1);
    CompletableFuture<String> waiter = onItsOwnThread("waiter",
        () -> source.token(CallScope.root(), deadline()), waiterThread);
    awaitWaiting(waiterThread[0]);

    leaderScope.cancel("the leader's listing was closed");

    assertThat(failureOf(leader)).isInstanceOfSatisfying(PassportException.class,
        e -> assertThat(e.kind()).isEqualTo(PassportException.Kind.CANCELLED));
    assertThat(arrived.await(10, TimeUnit.SECONDS)).as("the waiter's own token request reached the server").isTrue();
    release.countDown();
    firstHeld.countDown();
    assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("token-2");
    assertThat(tokenRequests.get()).isEqualTo(2);
  }

  @Test
  void aCancelledFetchIsNotKeptAsAFailureForTheNextCaller() throws Exception {
    CallScope leaderScope = CallScope.root();
    CompletableFuture<String> leader = leaderFetching(leaderScope);
    CountDownLatch firstHeld = release;
    leaderScope.cancel("closed");
    assertThat(failureOf(leader)).isInstanceOfSatisfying(PassportException.class,
        e -> assertThat(e.kind()).isEqualTo(PassportException.Kind.CANCELLED));
    firstHeld.countDown();

    release = new CountDownLatch(0);
    assertThat(source.token(CallScope.root(), deadline())).as("no failure is held: a new fetch").isEqualTo("token-2");
  }

  @Test
  void aFailureOtherThanAnAnswerReachesTheWaitersAndIsNotKept() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    CountDownLatch fetching = new CountDownLatch(1);
    CountDownLatch fail = new CountDownLatch(1);
    ClientCredentialsTokenSource broken = new ClientCredentialsTokenSource(
        tokenRequest -> {
          if (asked.incrementAndGet() == 1) {
            fetching.countDown();
            try {
              fail.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the request could not be built");
          }
          return new Request.Builder().url(server.url(TOKEN_PATH))
              .post(RequestBody.create("{}", MediaType.get("application/json"))).build();
        },
        new BodyLimits(BodyLimits.DEFAULT_MAX_BODY_BYTES, BodyLimits.DEFAULT_MAX_STRING_CHARS).moshi().adapter(AccessTokenResponse.class),
        new RetryLoop(http, RetryPolicy.builder().build(), null, new BodyLimits(BodyLimits.DEFAULT_MAX_BODY_BYTES, BodyLimits.DEFAULT_MAX_STRING_CHARS), time, null),
        "client-1", "secret-1", time, time, Duration.ofSeconds(2));
    Thread[] threads = new Thread[1];
    CompletableFuture<String> leader = onItsOwnThread("leader", () -> broken.token(CallScope.root(), deadline()), threads);
    assertThat(fetching.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<String> waiter = onItsOwnThread("waiter", () -> broken.token(CallScope.root(), deadline()), threads);
    awaitWaiting(threads[0]);

    fail.countDown();

    assertThat(failureOf(leader)).isInstanceOf(IllegalStateException.class);
    assertThat(failureOf(waiter)).isInstanceOfSatisfying(PassportException.class, e -> {
      assertThat(e.kind()).isEqualTo(PassportException.Kind.TRANSPORT);
      assertThat(e.getMessage()).contains("the token fetch failed").contains("could not be built");
    });
    release = new CountDownLatch(0);
    assertThat(broken.token(CallScope.root(), deadline())).as("not held: the next caller fetches").isEqualTo("token-1");
  }

  @Test
  void aFetchedTokenIsKeptForTheNextCall() {
    release = new CountDownLatch(0);

    assertThat(source.token(CallScope.root(), deadline())).isEqualTo("token-1");
    assertThat(source.token(CallScope.root(), deadline())).as("kept").isEqualTo("token-1");
    assertThat(tokenRequests.get()).isEqualTo(1);
  }
}
