package io.passport.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.passport.customers.internal.SharedResources;
import io.passport.customers.model.Customer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client's own lifecycle against a server that stalls: closing the client, closing or abandoning a
 * listing, and interrupting its consumer all end every wait promptly with a CANCELLED
 * PassportException, and leave no request open at the server (counted there) and no thread behind.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LifecycleTest {
  private static final Pattern PAGE = Pattern.compile("page_params\\.page_number=(\\d+)");
  static final int TOTAL_PAGES = 10;
  private static final int PAGE_SIZE = 3;

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final ExecutorService callers = Executors.newCachedThreadPool();
  /**
   * Call threads already alive when the test starts: another test's client (idle call threads end 5 s
   * after their last call) when every test runs in one JVM, as under PIT. Only this test's count.
   */
  private final Set<Thread> threadsBefore = Set.copyOf(callThreads());

  @AfterEach
  void stop() throws Exception {
    callers.shutdownNow();
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  /** Page 1 at once; every later page (and every Retrieve Customer) held until the client hangs up. */
  private StallingServer stallingAfterPageOne() throws IOException {
    StallingServer server = new StallingServer(line -> {
      Matcher page = PAGE.matcher(line);
      int number = page.find() ? Integer.parseInt(page.group(1)) : 1;
      boolean list = line.startsWith("GET /v1/customers?") || line.startsWith("GET /v1/customers ");
      return list && number == 1 ? StallingServer.Reply.json(page(1)) : StallingServer.Reply.stall();
    });
    toClose.add(server);
    return server;
  }

  static String page(int number) {
    StringBuilder customers = new StringBuilder();
    for (int i = 1; i <= PAGE_SIZE; i++) {
      int id = (number - 1) * PAGE_SIZE + i;
      customers.append(i > 1 ? "," : "").append("{\"id\":\"c-").append(id).append("\"}");
    }
    return "{\"customers\":[" + customers + "],\"pagination_info\":{\"first_request_timestamp\":"
        + "\"2025-10-09T17:35:17Z\",\"current_page\":" + number + ",\"total_pages\":" + TOTAL_PAGES
        + ",\"total_elements\":" + TOTAL_PAGES * PAGE_SIZE + "}}";
  }

  private PassportCustomersClient client(StallingServer server, int parallelism) {
    return PassportCustomersClient.builder().baseUrl(server.url()).accessToken("t").parallelism(parallelism)
        .retryPolicy(ClientTestSupport.FAST_RETRIES).build();
  }

  private static CustomerQuery query() {
    return CustomerQuery.builder().pageSize(PAGE_SIZE).build();
  }

  @Test
  void closingTheClientDuringAFourWayParallelListingReturnsEveryCallerWithinTwoSecondsCancelled() throws Exception {
    StallingServer server = stallingAfterPageOne();
    PassportCustomersClient client = client(server, 4);
    List<Future<Throwable>> outcomes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      outcomes.add(callers.submit(() -> failureOf(() -> client.listAll(query()).stream().count())));
    }
    outcomes.add(callers.submit(() -> failureOf(() -> client.get("c-1"))));
    // 3 listings with 4 pages each in flight, and one Retrieve Customer: all held by the server.
    awaitTrue(() -> server.heldRequests() == 3 * 4 + 1, Duration.ofSeconds(5));

    long start = System.nanoTime();
    client.close();
    for (Future<Throwable> outcome : outcomes) {
      Throwable failure = outcome.get(2, TimeUnit.SECONDS);
      assertThat(failure).isInstanceOfSatisfying(PassportException.class,
          e -> assertThat(e.kind()).isEqualTo(PassportException.Kind.CANCELLED));
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    awaitTrue(() -> server.heldRequests() == 0, Duration.ofSeconds(1));
    assertThat(newCallThreads()).as("call threads left after close()").isEmpty();
    assertThatThrownBy(() -> client.list(query())).isInstanceOfSatisfying(PassportException.class,
        e -> assertThat(e.kind()).isEqualTo(PassportException.Kind.CANCELLED));
  }

  @Test
  void aBrokenOffListingLeavesNoRequestInFlightAfterOneSecond() throws Exception {
    StallingServer server = stallingAfterPageOne();
    PassportCustomersClient client = client(server, 4);
    toClose.add(client);
    try (CustomerPaginator customers = client.listAll(query())) {
      for (Customer customer : customers) {
        if (customer.getId().equals("c-2")) {
          // The window counts calls on the wire, not the page in hand: 4 in flight.
          awaitTrue(() -> server.heldRequests() == 4, Duration.ofSeconds(5));
          break;
        }
      }
    }
    long closedAt = System.nanoTime();
    awaitTrue(() -> server.heldRequests() == 0, Duration.ofSeconds(1));
    assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void closingAStreamCancelsItsPagesInFlight() throws Exception {
    StallingServer server = stallingAfterPageOne();
    PassportCustomersClient client = client(server, 3);
    toClose.add(client);
    try (Stream<Customer> customers = client.listAll(query()).stream()) {
      assertThat(customers.limit(2).count()).isEqualTo(2);
      awaitTrue(() -> server.heldRequests() == 3, Duration.ofSeconds(5));
    }
    awaitTrue(() -> server.heldRequests() == 0, Duration.ofSeconds(1));
  }

  @Test
  void closingThePaginatorFromAnotherThreadEndsItsConsumerCancelledNotShort() throws Exception {
    StallingServer server = stallingAfterPageOne();
    PassportCustomersClient client = client(server, 2);
    toClose.add(client);
    CustomerPaginator customers = client.listAll(query());
    Future<Throwable> consumer = callers.submit(() -> failureOf(() -> customers.stream().count()));
    awaitTrue(() -> server.heldRequests() == 2, Duration.ofSeconds(5));

    customers.close();

    assertThat(consumer.get(1, TimeUnit.SECONDS)).isInstanceOfSatisfying(PassportException.class,
        e -> assertThat(e.kind()).isEqualTo(PassportException.Kind.CANCELLED));
    awaitTrue(() -> server.heldRequests() == 0, Duration.ofSeconds(1));
  }

  @Test
  void anInterruptEndsAListingWithinOneSecondAndKeepsTheFlag() throws Exception {
    StallingServer server = stallingAfterPageOne();
    PassportCustomersClient client = client(server, 1);
    toClose.add(client);
    CompletableFuture<Thread> consumerThread = new CompletableFuture<>();
    AtomicBoolean flagKept = new AtomicBoolean();
    Future<Throwable> consumer = callers.submit(() -> {
      consumerThread.complete(Thread.currentThread());
      Throwable failure = failureOf(() -> client.listAll(query()).stream().count());
      flagKept.set(Thread.currentThread().isInterrupted());
      return failure;
    });
    awaitTrue(() -> server.heldRequests() == 1, Duration.ofSeconds(5));

    long start = System.nanoTime();
    consumerThread.get().interrupt();
    Throwable failure = consumer.get(1, TimeUnit.SECONDS);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    assertThat(failure).isInstanceOfSatisfying(PassportException.class, e -> {
      assertThat(e.kind()).isEqualTo(PassportException.Kind.CANCELLED);
      assertThat(e.isRetryable()).isFalse();
    });
    assertThat(flagKept).isTrue();
    awaitTrue(() -> server.heldRequests() == 0, Duration.ofSeconds(1));
  }

  @Test
  void anInterruptDuringASingleCallsWaitForTheServerEndsItWithinOneSecondAndKeepsTheFlag() throws Exception {
    StallingServer server = stallingAfterPageOne();
    PassportCustomersClient client = client(server, 1);
    toClose.add(client);
    CompletableFuture<Thread> caller = new CompletableFuture<>();
    AtomicBoolean flagKept = new AtomicBoolean();
    Future<Throwable> call = callers.submit(() -> {
      caller.complete(Thread.currentThread());
      Throwable failure = failureOf(() -> client.get("c-1"));
      flagKept.set(Thread.currentThread().isInterrupted());
      return failure;
    });
    awaitTrue(() -> server.heldRequests() == 1, Duration.ofSeconds(5));

    caller.get().interrupt();

    assertThat(call.get(1, TimeUnit.SECONDS)).isInstanceOfSatisfying(PassportException.class,
        e -> assertThat(e.kind()).isEqualTo(PassportException.Kind.CANCELLED));
    assertThat(flagKept).isTrue();
    awaitTrue(() -> server.heldRequests() == 0, Duration.ofSeconds(1));
  }

  @Test
  void aCallOnAnInterruptedThreadIsCancelledAtOnceWithTheFlagKeptAndSendsNothing() throws Exception {
    StallingServer server = stallingAfterPageOne();
    PassportCustomersClient client = client(server, 1);
    toClose.add(client);
    Future<Boolean> flagKept = callers.submit(() -> {
      Thread.currentThread().interrupt();
      Throwable failure = failureOf(() -> client.list(query()));
      assertThat(failure).isInstanceOfSatisfying(PassportException.class,
          e -> assertThat(e.kind()).isEqualTo(PassportException.Kind.CANCELLED));
      return Thread.currentThread().isInterrupted();
    });
    assertThat(flagKept.get(2, TimeUnit.SECONDS)).isTrue();
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void oneStalledListingDoesNotHoldUpAnotherOnTheSameClient() throws Exception {
    // Listing "slow" has all its later pages held; listing "fast" (another filter) is answered at once.
    StallingServer server = new StallingServer(line -> {
      Matcher page = PAGE.matcher(line);
      int number = page.find() ? Integer.parseInt(page.group(1)) : 1;
      return line.contains("identification_type=SLOW") && number > 1
          ? StallingServer.Reply.stall() : StallingServer.Reply.json(page(number));
    });
    toClose.add(server);
    PassportCustomersClient client = client(server, 8);
    toClose.add(client);
    try (CustomerPaginator slow = client.listAll(query().toBuilder().identificationType("SLOW").build())) {
      Iterator<Customer> stalled = slow.iterator();
      stalled.next();
      // An adaptive window starts at 8 calls (its ceiling here): pages 2 to 9 are held by the server.
      awaitTrue(() -> server.heldRequests() == 8, Duration.ofSeconds(5));

      long start = System.nanoTime();
      long fast = client.listAll(query().toBuilder().identificationType("FAST").build()).stream().count();

      assertThat(fast).isEqualTo(TOTAL_PAGES * PAGE_SIZE);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }
    awaitTrue(() -> server.heldRequests() == 0, Duration.ofSeconds(1));
  }

  @Test
  void clientsMadeWithNewBuilderShareConnectionsKeepTheirOwnTokensAndLeaveNothingOpenAfterTheLastClose()
      throws Exception {
    List<String> authorizations = new java.util.concurrent.CopyOnWriteArrayList<>();
    StallingServer server = new StallingServer(line -> {
      Matcher page = PAGE.matcher(line);
      return StallingServer.Reply.json(page(page.find() ? Integer.parseInt(page.group(1)) : 1));
    });
    toClose.add(server);
    // The StallingServer does not show headers, so tokens are checked through a recording token source.
    TokenSource first = recording("token-first", authorizations);
    TokenSource second = recording("token-second", authorizations);
    PassportCustomersClient a = PassportCustomersClient.builder().baseUrl(server.url()).tokenSource(first)
        .parallelism(2).build();
    PassportCustomersClient b = a.newBuilder().tokenSource(second).build();

    a.list(query());
    b.list(query());
    a.list(query());

    assertThat(authorizations).containsExactly("token-first", "token-second", "token-first");
    assertThat(server.openConnections()).as("one pooled connection serves both clients").isEqualTo(1);
    a.close();
    b.list(query());
    assertThat(server.openConnections()).as("the pool outlives the first client's close").isEqualTo(1);
    b.listAll(query()).stream().count(); // call threads in use
    b.close();
    awaitTrue(() -> server.openConnections() == 0, Duration.ofSeconds(1));
    assertThat(newCallThreads()).as("call threads left after the last close()").isEmpty();
  }

  private static TokenSource recording(String token, List<String> seen) {
    return () -> {
      seen.add(token);
      return token;
    };
  }

  /**
   * This test's call threads still alive after each has had 1 s to exit: close() returns when the pool
   * has terminated, which a worker signals just before its thread ends, so a thread may still be
   * alive for an instant after close() (seen under load).
   */
  private List<Thread> newCallThreads() throws InterruptedException {
    for (Thread t : callThreads()) {
      if (!threadsBefore.contains(t)) {
        t.join(1_000);
      }
    }
    return callThreads().stream().filter(t -> !threadsBefore.contains(t)).toList();
  }

  static List<Thread> callThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(SharedResources.THREAD_PREFIX) && t.isAlive()).toList();
  }

  static Throwable failureOf(ThrowingRunnable action) {
    try {
      action.run();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  static void awaitTrue(BooleanSupplier condition, Duration within) throws InterruptedException {
    long end = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not true within " + within);
      }
      Thread.sleep(10);
    }
  }
}
