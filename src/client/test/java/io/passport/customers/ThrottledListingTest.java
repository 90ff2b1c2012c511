package io.passport.customers;

import static io.passport.customers.ClientTestSupport.clientFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.passport.customers.internal.AdaptiveLimit;
import io.passport.customers.internal.TestHooks;
import io.passport.customers.model.Customer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Listings against a server that throttles: requests and 429s are counted at the server, so what the
 * client sends is measured from where the provider stands.
 */
@Timeout(20)
class ThrottledListingTest {
  private static final int PAGE_SIZE = 10;
  private final MockWebServer server = ClientTestSupport.newServer();
  private final List<PassportCustomersClient> clients = new ArrayList<>();

  @AfterEach
  void stop() {
    clients.forEach(PassportCustomersClient::close);
    server.close();
  }

  /** Serves {@code customers} customers; the list requests whose number (from 1) {@code refuse} names get a 429. */
  private static final class Server extends Dispatcher {
    final FakeListing listing;
    final IntPredicate refuse;
    final String retryAfter;
    final long delayMillis;
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger mostInFlight = new AtomicInteger();
    final List<Long> arrivals = new CopyOnWriteArrayList<>();
    final List<Long> refusals = new CopyOnWriteArrayList<>();

    Server(int customers, IntPredicate refuse, String retryAfter, long delayMillis) {
      this.listing = new FakeListing(customers);
      this.refuse = refuse;
      this.retryAfter = retryAfter;
      this.delayMillis = delayMillis;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
      if (!request.getUrl().encodedPath().equals("/v1/customers")) {
        return listing.dispatch(request);
      }
      int number = requests.incrementAndGet();
      arrivals.add(System.nanoTime());
      mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        if (delayMillis > 0) {
          Thread.sleep(delayMillis);
        }
        if (refuse.test(number)) {
          refused.incrementAndGet();
          refusals.add(System.nanoTime());
          return new MockResponse.Builder().code(429).addHeader("Retry-After", retryAfter)
              .body("{\"message\":\"rate limit exceeded\",\"code\":\"RESOURCE_EXHAUSTED\",\"http_code\":429}").build();
        }
        return listing.dispatch(request);
      } finally {
        inFlight.decrementAndGet();
      }
    }
  }

  private Server serve(Server dispatcher) throws IOException {
    server.setDispatcher(dispatcher);
    server.start();
    return dispatcher;
  }

  private PassportCustomersClient client(PassportCustomersClient.Builder builder) {
    PassportCustomersClient client = builder.build();
    clients.add(client);
    return client;
  }

  private static List<String> ids(CustomerPaginator paginator) {
    try (paginator) {
      return paginator.stream().map(Customer::getId).toList();
    }
  }

  /** The ids of two listings of pages of 10, run at once on two threads of their own. */
  private static List<List<String>> twoListingsAtOnce(PassportCustomersClient client) throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(2);
    try {
      Future<List<String>> first = callers.submit(() -> ids(client.listAll(pagesOf10())));
      Future<List<String>> second = callers.submit(() -> ids(client.listAll(pagesOf10())));
      return List.of(first.get(15, TimeUnit.SECONDS), second.get(15, TimeUnit.SECONDS));
    } finally {
      callers.shutdownNow();
    }
  }

  /** Requests that reached the server from 100 ms to 950 ms after its first 429 left: inside a 1 s pause. */
  private static long sentDuringThePause(Server dispatcher) {
    long refusedAt = dispatcher.refusals.get(0);
    return dispatcher.arrivals.stream()
        .filter(at -> at - refusedAt > TimeUnit.MILLISECONDS.toNanos(100)
            && at - refusedAt < TimeUnit.MILLISECONDS.toNanos(950))
        .count();
  }

  private static List<String> expectedIds(int count) {
    return IntStream.rangeClosed(1, count).mapToObj(i -> "c-" + i).toList();
  }

  private static CustomerQuery pagesOf10() {
    return CustomerQuery.builder().pageSize(PAGE_SIZE).build();
  }

  @Test
  void a429PausesEveryListingOfTheClientOnceForItsRetryAfter() throws Exception {
    Server dispatcher = serve(new Server(120, n -> n == 6, "1", 5));
    PassportCustomersClient client = client(clientFor(server).parallelism(4));
    List<List<String>> listings = twoListingsAtOnce(client);

    assertThat(listings).containsExactly(expectedIds(120), expectedIds(120));
    assertThat(dispatcher.refused.get()).isEqualTo(1);
    assertThat(dispatcher.requests.get()).isEqualTo(2 * 12 + 1); // every page once, the refused one twice
    // Requests already on the wire may land just after the 429 left; then neither listing sends
    // anything until the Retry-After second is over.
    assertThat(sentDuringThePause(dispatcher)).isZero();
  }

  @Test
  void withoutAdaptationTheOtherListingsGoOnSendingDuringThePause() throws Exception {
    // Adaptation off, with listings long enough (40 pages of 30 ms each, 4 at a time) to run on past
    // the 429: each call retries on its own, and the other listing is not held up.
    Server dispatcher = serve(new Server(400, n -> n == 6, "1", 30));
    PassportCustomersClient client = client(clientFor(server).parallelism(4).adaptiveConcurrency(false));
    twoListingsAtOnce(client);

    assertThat(sentDuringThePause(dispatcher)).isPositive();
  }

  @Test
  void aStormOf429sCostsAtMostTheRetryPolicysAttemptsPerPageInFlight() throws IOException {
    // Page 1 is answered; from then on, every request is refused.
    Server dispatcher = serve(new Server(200, n -> n > 1, "0", 0));
    SimClock timing = new SimClock();
    PassportCustomersClient client = client(TestHooks.timing(clientFor(server).parallelism(8), timing));

    Throwable failure = catchThrowable(() -> ids(client.listAll(pagesOf10())));

    assertThat(failure).isInstanceOfSatisfying(PassportException.class,
        e -> assertThat(e.kind()).isEqualTo(PassportException.Kind.RATE_LIMITED));
    // The window was 8 when the storm began: its 8 pages are refused once each (one episode, the
    // client's own doing since page 1 was admitted), then each retry is an attempt of the policy's 4.
    // Once one page has used up its attempts the listing ends and cancels the rest.
    int perPage = 1 + ClientTestSupport.FAST_RETRIES.maxAttempts();
    assertThat(dispatcher.requests.get()).isBetween(1 + perPage, 1 + AdaptiveLimit.INITIAL * perPage);
  }

  @Test
  void throttlingTheClientCausedDoesNotUseUpTheRetryBudget() throws IOException {
    // One page at a time, so the order is fixed: pages 3, 4 and 5 are each refused once, each after the
    // server admitted the page before. The policy allows a single attempt.
    Server dispatcher = serve(new Server(100, n -> n == 3 || n == 5 || n == 7, "0", 0));
    SimClock timing = new SimClock();
    PassportCustomersClient client = client(TestHooks.timing(clientFor(server), timing).retryPolicy(RetryPolicy.none()));

    assertThat(ids(client.listAll(pagesOf10()))).isEqualTo(expectedIds(100));
    assertThat(dispatcher.refused.get()).isEqualTo(3);
    assertThat(dispatcher.requests.get()).isEqualTo(10 + 3);
  }

  @Test
  void withoutAdaptationThatThrottlingUsesUpTheBudget() throws IOException {
    serve(new Server(100, n -> n == 3 || n == 5 || n == 7, "0", 0));
    PassportCustomersClient client = client(clientFor(server).adaptiveConcurrency(false)
        .retryPolicy(RetryPolicy.none()));

    assertThat(catchThrowable(() -> ids(client.listAll(pagesOf10())))).isInstanceOfSatisfying(
        PassportException.class, e -> assertThat(e.kind()).isEqualTo(PassportException.Kind.RATE_LIMITED));
  }

  @Test
  void aPauseWithinTheDeadlineIsWaitedOutBeforeTheRetry() throws IOException {
    Server dispatcher = serve(new Server(30, n -> n == 2, "2", 0));
    SimClock timing = new SimClock();
    PassportCustomersClient client = client(TestHooks.timing(clientFor(server), timing));

    client.list(pagesOf10());
    assertThat(client.list(pagesOf10()).getCustomers()).hasSize(10);

    assertThat(dispatcher.requests.get()).isEqualTo(3);
    assertThat(timing.slept).contains(Duration.ofSeconds(2));
  }

  @Test
  void aPauseLongerThanWhatIsLeftOfTheDeadlineEndsTheCallAtOnceWithIts429() throws IOException {
    Server dispatcher = serve(new Server(30, n -> n == 2, "10", 0));
    SimClock timing = new SimClock();
    PassportCustomersClient client = client(TestHooks.timing(clientFor(server), timing)
        .retryPolicy(RetryPolicy.builder().deadline(Duration.ofSeconds(5)).build()));

    client.list(pagesOf10());
    Throwable failure = catchThrowable(() -> client.list(pagesOf10()));

    assertThat(failure).isInstanceOfSatisfying(PassportException.class, e -> {
      assertThat(e.kind()).isEqualTo(PassportException.Kind.RATE_LIMITED);
      assertThat(e.httpStatus()).isEqualTo(429);
    });
    assertThat(dispatcher.requests.get()).isEqualTo(2);
    assertThat(timing.slept).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 8})
  void theWindowReachesItsCeilingAndNeverPassesIt(int parallelism) throws IOException {
    Server dispatcher = serve(new Server(400, n -> false, "0", 20));
    PassportCustomersClient client = client(clientFor(server).parallelism(parallelism));

    assertThat(ids(client.listAll(pagesOf10()))).isEqualTo(expectedIds(400));
    assertThat(dispatcher.mostInFlight.get()).isEqualTo(parallelism);
  }

  @Test
  void theWindowStaysUnderItsCeilingWhileThrottledAndTheListingIsWhole() throws IOException {
    Server dispatcher = serve(new Server(400, n -> n % 7 == 0, "0", 5));
    SimClock timing = new SimClock();
    PassportCustomersClient client = client(TestHooks.timing(clientFor(server).parallelism(5), timing));

    CustomerPaginator paginator = client.listAll(pagesOf10());
    List<Integer> sampled = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    // Every change of the window is logged at DEBUG, with the value before and after; the consumer's
    // samples may miss a short dip.
    List<Integer> windows = windowChangesDuring(() -> {
      for (var page : paginator.pages()) {
        sampled.add(paginator.flowStatus().window());
        page.getCustomers().forEach(c -> ids.add(c.getId()));
      }
    });

    assertThat(ids).isEqualTo(expectedIds(400));
    assertThat(dispatcher.mostInFlight.get()).isBetween(1, 5);
    assertThat(sampled).allSatisfy(w -> assertThat(w).isBetween(1, 5));
    assertThat(windows).allSatisfy(w -> assertThat(w).isBetween(1, 5));
    // It started at its ceiling, and was halved by the 429s (every seventh request is refused).
    assertThat(windows).startsWith(5);
    assertThat(windows.subList(windows.indexOf(5), windows.size())).anySatisfy(w -> assertThat(w).isLessThan(3));
    assertThat(paginator.flowStatus().ceiling()).isEqualTo(5);
    assertThat(paginator.flowStatus().throttledAnswers()).isEqualTo(dispatcher.refused.get());
  }

  private static final Pattern WINDOW_CHANGE = Pattern.compile("listing window (\\d+) -> (\\d+) of \\d+ pages");

  /**
   * Runs {@code listing} and {@return every value the window took meanwhile, from the client's DEBUG
   * log: the value before each change and the value after it}
   */
  private static List<Integer> windowChangesDuring(Runnable listing) {
    List<Integer> values = new ArrayList<>();
    for (String message : ClientLog.messagesDuring(listing)) {
      Matcher change = WINDOW_CHANGE.matcher(message);
      if (change.find()) {
        values.add(Integer.parseInt(change.group(1)));
        values.add(Integer.parseInt(change.group(2)));
      }
    }
    return values;
  }
}
