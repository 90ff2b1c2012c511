package io.passport.customers;

import static io.passport.customers.ClientTestSupport.clientFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.passport.customers.PassportListener.CallEnded;
import io.passport.customers.PassportListener.ListingOutcome;
import io.passport.customers.internal.AdaptiveLimit;
import io.passport.customers.internal.CallEvents;
import io.passport.customers.internal.Events;
import io.passport.customers.internal.InFlightLimit;
import io.passport.customers.internal.Listing;
import io.passport.customers.internal.RateLimitHeaders;
import io.passport.customers.internal.TestHooks;
import io.passport.customers.internal.Throttle;
import io.passport.customers.internal.Timing;
import io.passport.customers.model.Customer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ListenerTest {
  private static final CustomerQuery ONE_PER_PAGE = CustomerQuery.builder().pageSize(1).build();
  private final MockWebServer server = ClientTestSupport.newServer();
  private final RecordingListener listener = new RecordingListener();
  private PassportCustomersClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    server.close();
  }

  private FakeListing serve(int customers, PassportCustomersClient.Builder settings) throws IOException {
    FakeListing listing = new FakeListing(customers);
    server.setDispatcher(listing);
    server.start();
    client = settings.baseUrl(server.url("/").toString()).build();
    return listing;
  }

  /** Backoffs of 5 to 10 ms: never 0, so that a retry goes out later than the attempt before, in fake time too. */
  private static final RetryPolicy RETRIES =
      RetryPolicy.builder().maxAttempts(4).initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(20)).build();

  private PassportCustomersClient.Builder settings() {
    return TestHooks.timing(PassportCustomersClient.builder().accessToken("test-token").retryPolicy(RETRIES), new SimClock())
        .listener(listener);
  }

  private static List<String> ids(Iterable<Customer> customers) {
    List<String> ids = new ArrayList<>();
    customers.forEach(c -> ids.add(c.getId()));
    return ids;
  }

  private static MockResponse status(int code, String... headers) {
    MockResponse.Builder response = new MockResponse.Builder().code(code)
        .body("{\"message\":\"try later\",\"code\":\"UNAVAILABLE\",\"trace_id\":\"t-" + code + "\"}");
    for (int i = 0; i < headers.length; i += 2) {
      response.addHeader(headers[i], headers[i + 1]);
    }
    return response.build();
  }

  @Test
  void aListingWithARetryAndA429GivesExactlyTheseEvents() throws IOException {
    FakeListing listing = serve(3, settings());
    listing.override(2, status(503));
    listing.override(3, status(429, "Retry-After", "1"));

    assertThat(ids(client.listAll(ONE_PER_PAGE))).containsExactly("c-1", "c-2", "c-3");

    assertThat(listener.callLines()).containsExactly(
        "callStarted c1 LIST_CUSTOMERS GET /v1/customers page=1 listing=L1",
        "attemptStarted c1 #1",
        "attemptEnded c1 #1 200 ok",
        "callEnded c1 LIST_CUSTOMERS 200 attempts=1 ok",
        "callStarted c2 LIST_CUSTOMERS GET /v1/customers page=2 listing=L1",
        "attemptStarted c2 #1",
        "attemptEnded c2 #1 503 SERVER_ERROR trace=t-503",
        "retry c2 #2 RETRYABLE_FAILURE after SERVER_ERROR",
        "attemptStarted c2 #2",
        "attemptEnded c2 #2 200 ok",
        "callEnded c2 LIST_CUSTOMERS 200 attempts=2 ok",
        "callStarted c3 LIST_CUSTOMERS GET /v1/customers page=3 listing=L1",
        "attemptStarted c3 #1",
        "attemptEnded c3 #1 429 RATE_LIMITED trace=t-429",
        "paused PT1S",
        // The server had admitted this client's requests: finding the limit costs no attempt.
        "retry c3 #2 RATE_LIMIT_PROBE after RATE_LIMITED",
        // Once the pause is over: 90 % of the 2 requests admitted in the second before the 429 (page 1
        // and the 503; page 2's retry went out at the same fake instant as the 429, not before it).
        "paceChanged 1.80/s from 0.00/s",
        "attemptStarted c3 #2",
        "attemptEnded c3 #2 200 ok",
        "callEnded c3 LIST_CUSTOMERS 200 attempts=2 ok");
    assertThat(listener.listingLines()).containsExactly(
        "listingStarted L1 first=1 window=1 ceiling=1",
        "pageReceived L1 page=1 customers=1 bytes=" + listing.page(1, 1).length(),
        "pageReceived L1 page=2 customers=1 bytes=" + listing.page(2, 1).length(),
        "pageReceived L1 page=3 customers=1 bytes=" + listing.page(3, 1).length(),
        "listingEnded L1 COMPLETED customers=3 pages=3 ok");
    // A page reaches the consumer only after its call ended.
    List<String> lines = listener.lines();
    for (int page = 1; page <= 3; page++) {
      assertThat(lines.indexOf("callEnded c" + page + " LIST_CUSTOMERS 200 attempts=" + (page == 1 ? 1 : 2) + " ok"))
          .isLessThan(lines.indexOf("pageReceived L1 page=" + page + " customers=1 bytes="
              + listing.page(page, 1).length()));
    }
    // The 429's call waited out the pause: its duration holds the second.
    CallEnded third = listener.of(CallEnded.class).get(2);
    assertThat(third.duration()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(listener.of(PassportListener.Retry.class).get(0).backoff())
        .isBetween(Duration.ofMillis(5), Duration.ofMillis(10));
  }

  @Test
  void aListingThatFailsEndsFailedWithTheExceptionTheConsumerGot() throws IOException {
    FakeListing listing = serve(3, settings().retryPolicy(RetryPolicy.none()));
    listing.override(2, status(400));

    PassportException thrown = catchThrowableOfType(PassportException.class, () -> ids(client.listAll(ONE_PER_PAGE)));

    assertThat(listener.listingLines()).containsExactly(
        "listingStarted L1 first=1 window=1 ceiling=1",
        "pageReceived L1 page=1 customers=1 bytes=" + listing.page(1, 1).length(),
        "listingEnded L1 FAILED customers=1 pages=1 BAD_REQUEST");
    assertThat(listener.of(PassportListener.ListingEnded.class).get(0).failure()).isSameAs(thrown);
  }

  @Test
  void aListingClosedBeforeItsEndEndsCancelled() throws IOException {
    serve(5, settings());

    try (CustomerPaginator customers = client.listAll(ONE_PER_PAGE)) {
      Iterator<Customer> iterator = customers.iterator();
      iterator.next();
    }

    assertThat(listener.listingLines()).startsWith("listingStarted L1 first=1 window=1 ceiling=1")
        .endsWith("listingEnded L1 CANCELLED customers=1 pages=1 ok");
  }

  @Test
  void aListingStartingLaterCountsItsPagesFromThere() throws IOException {
    FakeListing listing = serve(3, settings().parallelism(2));

    assertThat(ids(client.listAll(CustomerQuery.builder().pageSize(1).pageNumber(2).build())))
        .containsExactly("c-2", "c-3");

    assertThat(listener.listingLines()).containsExactly(
        "listingStarted L1 first=2 window=2 ceiling=2",
        "pageReceived L1 page=2 customers=1 bytes=" + listing.page(2, 1).length(),
        "pageReceived L1 page=3 customers=1 bytes=" + listing.page(3, 1).length(),
        "listingEnded L1 COMPLETED customers=2 pages=2 ok");
  }

  @Test
  void aSingleCallIsACallOfNoListing() throws IOException {
    serve(1, settings());

    client.get("c-1");
    client.list(ONE_PER_PAGE);

    assertThat(listener.lines()).containsExactly(
        "callStarted c1 GET_CUSTOMER GET /v1/customers/c-1 page=0 listing=-",
        "attemptStarted c1 #1",
        "attemptEnded c1 #1 200 ok",
        "callEnded c1 GET_CUSTOMER 200 attempts=1 ok",
        "callStarted c2 LIST_CUSTOMERS GET /v1/customers page=1 listing=-",
        "attemptStarted c2 #1",
        "attemptEnded c2 #1 200 ok",
        "callEnded c2 LIST_CUSTOMERS 200 attempts=1 ok");
    PassportListener.CallStarted started = listener.of(PassportListener.CallStarted.class).get(0);
    assertThat(started.serverAddress()).isEqualTo(server.getHostName());
    assertThat(started.serverPort()).isEqualTo(server.getPort());
  }

  @Test
  void aSingleCallTheCallThreadsRefuseStillEndsItsEvents() throws IOException {
    java.util.concurrent.ExecutorService refusing = java.util.concurrent.Executors.newSingleThreadExecutor();
    refusing.shutdown();
    serve(1, TestHooks.callThreads(settings(), refusing));

    PassportException e = catchThrowableOfType(PassportException.class, () -> client.get("c-1"));

    assertThat(e.kind()).isEqualTo(PassportException.Kind.CANCELLED);
    assertThat(listener.lines()).containsExactly(
        "callStarted c1 GET_CUSTOMER GET /v1/customers/c-1 page=0 listing=-",
        "callEnded c1 GET_CUSTOMER 0 attempts=0 CANCELLED");
  }

  @Test
  void aSingleCallWhoseCallerGaveUpBeforeItRanIsEndedOnceAndNeverSent() throws Exception {
    // call threads whose futures ignore cancel(), so that the call does reach the call thread later
    java.util.concurrent.ExecutorService callThreads = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0,
        java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>()) {
      @Override
      protected <T> java.util.concurrent.RunnableFuture<T> newTaskFor(java.util.concurrent.Callable<T> task) {
        return new java.util.concurrent.FutureTask<>(task) {
          @Override
          public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
          }
        };
      }
    };
    java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
    callThreads.execute(() -> {
      try {
        busy.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    serve(1, TestHooks.callThreads(settings(), callThreads));
    java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
    Thread caller = new Thread(() -> thrown.set(catchThrowableOfType(PassportException.class, () -> client.get("c-1"))));
    caller.start();
    while (listener.of(PassportListener.CallStarted.class).isEmpty()) {
      Thread.onSpinWait();
    }
    caller.interrupt(); // the caller gives up while its call waits behind the busy call thread
    caller.join(5_000);
    busy.countDown(); // now the call thread reaches the call, and must leave it alone
    callThreads.submit(() -> { }).get(5, java.util.concurrent.TimeUnit.SECONDS);

    assertThat(((PassportException) thrown.get()).kind()).isEqualTo(PassportException.Kind.CANCELLED);
    assertThat(listener.lines()).containsExactly(
        "callStarted c1 GET_CUSTOMER GET /v1/customers/c-1 page=0 listing=-",
        "callEnded c1 GET_CUSTOMER 0 attempts=0 CANCELLED");
    assertThat(server.getRequestCount()).isZero();
  }

  /**
   * OkHttp throws a checked InterruptedException it does not declare when its thread is interrupted while
   * it waits for a TCP connect (seen in 3 of 60 runs of the test below on a loaded machine): the attempt
   * and the call still end, as CANCELLED, and the caller gets a PassportException.
   */
  @Test
  void anInterruptOkHttpThrowsUndeclaredEndsTheAttemptAndTheCallAsCancelled() throws Exception {
    okhttp3.OkHttpClient interrupted = new okhttp3.OkHttpClient.Builder()
        .addInterceptor(chain -> ListenerTest.<RuntimeException>sneakyThrow(new InterruptedException("connect")))
        .build();
    serve(1, settings().okHttpClient(interrupted));

    PassportException e = catchThrowableOfType(PassportException.class, () -> client.get("c-1"));

    assertThat(e.kind()).isEqualTo(PassportException.Kind.CANCELLED);
    assertThat(e).hasRootCauseInstanceOf(InterruptedException.class);
    List<String> lines = listener.lines();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(2)).startsWith("attemptEnded c1 #1 0");
    assertThat(lines.get(3)).startsWith("callEnded c1 GET_CUSTOMER").endsWith("CANCELLED");
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> okhttp3.Response sneakyThrow(Throwable t) throws E {
    throw (E) t;
  }

  @Test
  void aSingleCallWhoseCallerGaveUpWhileItRanIsEndedByItsCallThreadAfterItsAttempt() throws Exception {
    serve(1, settings());
    java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
    server.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public MockResponse dispatch(mockwebserver3.RecordedRequest request) throws InterruptedException {
        answer.await(5, java.util.concurrent.TimeUnit.SECONDS);
        return new MockResponse.Builder().body("{\"id\":\"c-1\"}").build();
      }
    });
    Thread caller = new Thread(() -> catchThrowableOfType(PassportException.class, () -> client.get("c-1")));
    caller.start();
    while (listener.of(PassportListener.AttemptStarted.class).isEmpty()) {
      Thread.onSpinWait();
    }
    caller.interrupt(); // the caller gives up while its call is on the wire
    caller.join(5_000);
    answer.countDown();
    long until = System.nanoTime() + 5_000_000_000L;
    while (listener.of(CallEnded.class).isEmpty() && System.nanoTime() < until) {
      Thread.onSpinWait();
    }

    List<String> lines = listener.lines();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(2)).startsWith("attemptEnded c1 #1");
    assertThat(lines.get(3)).startsWith("callEnded c1 GET_CUSTOMER").endsWith("CANCELLED");
  }

  @Test
  void clientCredentialsGiveTokenEventsAndARejectedTokenIsRenewedOnce() throws IOException {
    FakeListing listing = serve(1, settings().clientCredentials("id", "secret"));
    listing.override(1, status(401));

    client.list(ONE_PER_PAGE);

    assertThat(listener.lines()).containsExactly(
        "callStarted c1 LIST_CUSTOMERS GET /v1/customers page=1 listing=-",
        "attemptStarted c1 #1",
        "callStarted c2 ACCESS_TOKEN POST /v1/iam/oauth/tokens page=0 listing=-",
        "attemptStarted c2 #1",
        "attemptEnded c2 #1 200 ok",
        "callEnded c2 ACCESS_TOKEN 200 attempts=1 ok",
        "tokenFetched c2",
        "attemptEnded c1 #1 401 UNAUTHORIZED trace=t-401",
        "retry c1 #2 TOKEN_REJECTED after UNAUTHORIZED",
        "attemptStarted c1 #2",
        "callStarted c3 ACCESS_TOKEN POST /v1/iam/oauth/tokens page=0 listing=-",
        "attemptStarted c3 #1",
        "attemptEnded c3 #1 200 ok",
        "callEnded c3 ACCESS_TOKEN 200 attempts=1 ok",
        "tokenFetched c3",
        "attemptEnded c1 #2 200 ok",
        "callEnded c1 LIST_CUSTOMERS 200 attempts=2 ok");
  }

  @Test
  void aTokenSourceThatFailsGivesTokenFailed() throws IOException {
    serve(1, settings().retryPolicy(RetryPolicy.none()).tokenSource(() -> {
      throw PassportException.of(PassportException.Kind.UNAUTHORIZED, "no token today", null);
    }));

    assertThatThrownBy(() -> client.list(ONE_PER_PAGE)).isInstanceOf(PassportException.class);

    assertThat(listener.lines()).containsExactly(
        "callStarted c1 LIST_CUSTOMERS GET /v1/customers page=1 listing=-",
        "attemptStarted c1 #1",
        "tokenFailed c1 UNAUTHORIZED",
        "attemptEnded c1 #1 0 UNAUTHORIZED",
        "callEnded c1 LIST_CUSTOMERS 0 attempts=1 UNAUTHORIZED");
  }

  @Test
  void aListenerThatThrowsBreaksNoCallAndIsLoggedOncePerEventType() throws IOException {
    serve(3, settings().listener(new PassportListener() {
      @Override
      public void callStarted(CallStarted event) {
        throw new IllegalStateException("broken listener");
      }

      @Override
      public void pageReceived(PageReceived event) {
        throw new NoClassDefFoundError("io/opentelemetry/api/trace/Span");
      }
    }));

    List<String> log = ClientLog.messagesDuring(
        () -> assertThat(ids(client.listAll(ONE_PER_PAGE))).containsExactly("c-1", "c-2", "c-3"));

    assertThat(log.stream().filter(m -> m.contains("threw on callStarted"))).hasSize(1);
    assertThat(log.stream().filter(m -> m.contains("threw on pageReceived"))).hasSize(1);
  }

  @Test
  void eachAttemptCarriesTheListenersHeadersButNeverReplacesTheClientsOwn() throws Exception {
    FakeListing listing = serve(1, settings().listener(new PassportListener() {
      @Override
      public java.util.Map<String, String> requestHeaders(AttemptStarted attempt) {
        return java.util.Map.of("traceparent", "attempt-" + attempt.attempt(), "Authorization", "Bearer stolen",
            "Bad Name", "x", "X-Bad-Value", "line\nbreak");
      }
    }));
    listing.override(1, status(503));

    client.list(ONE_PER_PAGE);

    assertThat(listing.requests).extracting(r -> r.getHeaders().get("traceparent"))
        .containsExactly("attempt-1", "attempt-2");
    assertThat(listing.requests).allSatisfy(r -> {
      assertThat(r.getHeaders().values("Authorization")).containsExactly("Bearer test-token");
      assertThat(r.getHeaders().names()).doesNotContain("Bad Name", "X-Bad-Value");
    });
  }

  @Test
  void aListenerThatThrowsWhenAskedForHeadersAddsNone() throws Exception {
    FakeListing listing = serve(1, settings().listener(new PassportListener() {
      @Override
      public java.util.Map<String, String> requestHeaders(AttemptStarted attempt) {
        throw new IllegalStateException("no headers today");
      }
    }));

    List<String> log = ClientLog.messagesDuring(() -> client.list(ONE_PER_PAGE));

    assertThat(listing.requests).hasSize(1);
    assertThat(log).anyMatch(m -> m.contains("threw on requestHeaders"));
  }

  @Test
  void aWindowThatChangesIsReported() {
    Events events = new Events(listener, new SimClock());
    InFlightLimit window = events.window(new AdaptiveLimit(16), 16);

    window.admitted(0); // slow start: 8 -> (8 + 1) / 2, still 8
    for (int i = 0; i < 9; i++) {
      window.admitted(0); // (8 + 10) / 2 = 9 after the tenth
    }
    window.throttled(1, 2);
    window.throttled(1, 3); // sent before the halving: the same episode, no change

    assertThat(listener.lines()).containsExactly("windowChanged L1 8->9 of 16", "windowChanged L1 9->4 of 16");
  }

  @Test
  void aPauseIsReportedOnceAndAgainOnlyWhenItGrowsByMoreThanAMillisecond() {
    Events events = new Events(listener, new SimClock());
    Throttle throttle = new Throttle();
    long t0 = 5_000_000_000L;

    throttle.wasOwnOverrun(t0, t0, Duration.ofSeconds(1), RateLimitHeaders.NONE);
    events.throttle(throttle, t0);
    events.throttle(throttle, t0 + 400_000_000L); // the same pause, seen later
    throttle.wasOwnOverrun(t0 + 1_000_000L, t0 + 1_000_000L, Duration.ofSeconds(1), RateLimitHeaders.NONE);
    events.throttle(throttle, t0 + 1_000_000L); // ends 1 ms later: the same pause
    throttle.wasOwnOverrun(t0 + 3_000_000L, t0 + 3_000_000L, Duration.ofSeconds(1), RateLimitHeaders.NONE);
    events.throttle(throttle, t0 + 3_000_000L); // ends 3 ms later: lengthened

    assertThat(listener.lines()).containsExactly("paused PT1S", "paused PT1S");
  }

  @Test
  void aWatchedWindowReadsAsTheWindowItWatches() {
    Events events = new Events(listener, new SimClock());
    InFlightLimit fixed = InFlightLimit.fixed(3);

    InFlightLimit watched = events.window(fixed, 3);

    assertThat(watched.toString()).isEqualTo(fixed.toString());
    assertThat(watched.tryAcquire()).isTrue();
    assertThat(fixed.toString()).contains("held=1");
    watched.release();
    assertThat(fixed.toString()).contains("held=0");
  }

  @Test
  void withoutAListenerNothingIsWrappedOrMade() {
    Request request = new Request.Builder().url("http://127.0.0.1/v1/customers").build();
    InFlightLimit window = InFlightLimit.fixed(2);
    Listing pages = new FakePages(window);

    assertThat(Events.NONE.call(request, window)).isSameAs(CallEvents.NONE);
    assertThat(CallEvents.NONE.tag(request)).isSameAs(request);
    assertThat(Events.NONE.window(window, 2)).isSameAs(window);
    assertThat(Events.NONE.listing(pages, window, 1, 2)).isSameAs(pages);
    assertThat(new Events(PassportListener.NONE, Timing.SYSTEM).call(request, window)).isSameAs(CallEvents.NONE);
  }

  @Test
  void theDefaultListenerAddsNoHeadersAndTheBuilderRefusesNull() {
    assertThat(PassportListener.NONE.requestHeaders(
        new PassportListener.AttemptStarted(1, PassportListener.CallKind.LIST_CUSTOMERS, 1))).isNotNull().isEmpty();
    assertThatThrownBy(() -> PassportCustomersClient.builder().listener(null))
        .isInstanceOf(NullPointerException.class).hasMessage("listener");
  }

  @Test
  void theKindOfACallComesFromItsPath() {
    assertThat(Events.kindOf(new Request.Builder().url("http://h/v1/customers").build()))
        .isEqualTo(PassportListener.CallKind.LIST_CUSTOMERS);
    assertThat(Events.kindOf(new Request.Builder().url("http://h/v1/customers/").build()))
        .isEqualTo(PassportListener.CallKind.LIST_CUSTOMERS);
    assertThat(Events.kindOf(new Request.Builder().url("http://h/base/v1/customers/x").build()))
        .isEqualTo(PassportListener.CallKind.GET_CUSTOMER);
    assertThat(Events.kindOf(new Request.Builder().url("http://h/v1/iam/oauth/tokens").build()))
        .isEqualTo(PassportListener.CallKind.ACCESS_TOKEN);
    PassportListener.CallKind list = PassportListener.CallKind.LIST_CUSTOMERS;
    assertThat(Events.pageOf(new Request.Builder().url("http://h/v1/customers?page_params.page_number=7").build(), list))
        .isEqualTo(7);
    assertThat(Events.pageOf(new Request.Builder().url("http://h/v1/customers").build(), list)).isEqualTo(1);
    assertThat(Events.pageOf(new Request.Builder().url("http://h/v1/customers?page_params.page_number=x").build(), list))
        .isZero();
    assertThat(Events.pageOf(new Request.Builder().url("http://h/v1/customers/7?page_params.page_number=7").build(),
        PassportListener.CallKind.GET_CUSTOMER)).isZero();
  }

  /** A listing of no pages, for identity checks. */
  private record FakePages(InFlightLimit limit) implements Listing {
    @Override
    public boolean hasNext() {
      return false;
    }

    @Override
    public io.passport.customers.model.ListCustomersResponse next() {
      throw new java.util.NoSuchElementException();
    }

    @Override
    public void close() {}

    @Override
    public int firstPage() {
      return 1;
    }

    @Override
    public void boundAhead(java.util.function.IntSupplier lastSendable) {}

    @Override
    public void demandChanged() {}

    @Override
    public boolean exhausted() {
      return true;
    }
  }
}
