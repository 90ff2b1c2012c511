package io.passport.customers;

import static io.passport.customers.ClientTestSupport.clientFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.passport.customers.model.Customer;
import io.passport.customers.model.ListCustomersResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The paginator's Flow.Publishers keep the promises the TCK does not check: demand, cancel, errors, executor. */
class FlowPublisherTest {
  private static final CustomerQuery ONE_PER_PAGE = CustomerQuery.builder().pageSize(1).build();
  private final MockWebServer server = ClientTestSupport.newServer();
  private final RecordingListener listener = new RecordingListener();
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private PassportCustomersClient client;
  private FakeListing listing;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    server.close();
    pool.shutdownNow();
  }

  private void serve(int customers, int parallelism) throws IOException {
    listing = new FakeListing(customers);
    server.setDispatcher(listing);
    server.start();
    client = clientFor(server).parallelism(parallelism).listener(listener).build();
  }

  /** A subscriber that records its signals; the test requests and cancels through it. */
  static class Recorder<T> implements Flow.Subscriber<T> {
    final BlockingQueue<Object> signals = new LinkedBlockingQueue<>();
    final List<String> threadsContext = new CopyOnWriteArrayList<>();
    volatile Flow.Subscription subscription;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
    }

    @Override
    public void onNext(T item) {
      threadsContext.add(String.valueOf(CONTEXT.get()));
      signals.add(item);
    }

    @Override
    public void onError(Throwable t) {
      signals.add(t);
    }

    @Override
    public void onComplete() {
      signals.add("complete");
    }

    Object next() throws InterruptedException {
      Object signal = signals.poll(5, TimeUnit.SECONDS);
      assertThat(signal).as("a signal within 5 s").isNotNull();
      return signal;
    }
  }

  /** What an MDC or an OpenTelemetry context is to the test: a thread-local an executor must carry. */
  static final ThreadLocal<String> CONTEXT = new ThreadLocal<>();

  /** An executor that carries {@link #CONTEXT} from the thread that hands it a task to the task. */
  private java.util.concurrent.Executor carryingContext() {
    return task -> {
      String context = CONTEXT.get();
      pool.execute(() -> {
        CONTEXT.set(context);
        try {
          task.run();
        } finally {
          CONTEXT.remove();
        }
      });
    };
  }

  private static void settle() throws InterruptedException {
    Thread.sleep(300); // time for any page call the client would send ahead
  }

  /**
   * Waits (at most 10 s) until {@code count} page requests have reached the server, then settles and
   * asserts that no more came: how far ahead the listing went, however slowly the machine runs its calls
   * (a fixed wait alone failed under PIT's coverage run, whose calls arrived after it).
   */
  private void assertListRequestsSettleAt(int count) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (listing.listRequests().size() < count && System.nanoTime() < end) {
      Thread.sleep(10);
    }
    settle();
    assertThat(listing.listRequests()).hasSize(count);
  }

  @Test
  void nothingIsFetchedBeforeTheFirstRequest() throws Exception {
    serve(5, 2);
    Recorder<Customer> subscriber = new Recorder<>();

    client.listAll(ONE_PER_PAGE).publisher().subscribe(subscriber);
    settle();
    assertThat(listing.requests).isEmpty();

    subscriber.subscription.request(1);
    assertThat(((Customer) subscriber.next()).getId()).isEqualTo("c-1");
  }

  @Test
  void pagesGoAheadOnlyAsFarAsTheDemandAndTheWindowAllow() throws Exception {
    serve(20, 2);
    Recorder<ListCustomersResponse> subscriber = new Recorder<>();
    client.listAll(ONE_PER_PAGE).pagePublisher().subscribe(subscriber);

    subscriber.subscription.request(1);
    subscriber.next();
    // One page given, no demand left: the window's 2 pages ahead, not the 4 an iteration fetches.
    assertListRequestsSettleAt(1 + 2);

    subscriber.subscription.request(3);
    for (int i = 0; i < 3; i++) {
      subscriber.next();
    }
    assertListRequestsSettleAt(4 + 2);
    subscriber.subscription.cancel();
  }

  @Test
  void customerDemandIsCountedInPagesOfTheQuerysSize() throws Exception {
    serve(40, 1);
    Recorder<Customer> subscriber = new Recorder<>();
    client.listAll(CustomerQuery.builder().pageSize(4).build()).publisher().subscribe(subscriber);

    subscriber.subscription.request(5); // page 1 and one customer of page 2
    for (int i = 0; i < 5; i++) {
      subscriber.next();
    }
    // Pages 1 and 2 taken, no demand left, a window of 1: page 3 only.
    assertListRequestsSettleAt(3);
    assertThat(subscriber.signals).isEmpty(); // and not one customer more than asked for
    subscriber.subscription.request(2); // served from page 2, which the demand now covers with page 3 ahead
    subscriber.next();
    subscriber.next();
    assertListRequestsSettleAt(4);
    subscriber.subscription.cancel();
  }

  @Test
  void demandAskedForWithinOnSubscribeIsServedAfterItReturns() throws Exception {
    serve(3, 1);
    Recorder<Customer> subscriber = new Recorder<>() {
      @Override
      public void onSubscribe(Flow.Subscription s) {
        super.onSubscribe(s);
        s.request(2);
        signals.add("onSubscribe returns");
      }
    };

    client.listAll(ONE_PER_PAGE).publisher().subscribe(subscriber);

    assertThat(subscriber.next()).isEqualTo("onSubscribe returns");
    assertThat(subscriber.next()).isInstanceOf(Customer.class);
    assertThat(subscriber.next()).isInstanceOf(Customer.class);
  }

  @Test
  void aSubscriberThatThrowsFromOnSubscribeIsCancelledBeforeAnythingIsSent() throws Exception {
    serve(3, 1);
    Recorder<Customer> subscriber = new Recorder<>() {
      @Override
      public void onSubscribe(Flow.Subscription s) {
        super.onSubscribe(s);
        s.request(2);
        throw new IllegalStateException("subscriber bug");
      }
    };

    client.listAll(ONE_PER_PAGE).publisher().subscribe(subscriber);
    settle();

    assertThat(subscriber.signals).isEmpty();
    assertThat(listing.requests).isEmpty();
  }

  @Test
  void noTaskHoldsAThreadWhileThereIsNoDemand() throws Exception {
    serve(10, 2);
    java.util.concurrent.ThreadPoolExecutor executor = (java.util.concurrent.ThreadPoolExecutor) pool;
    Recorder<Customer> subscriber = new Recorder<>();
    client.listAll(ONE_PER_PAGE).publisher(executor).subscribe(subscriber);

    subscriber.subscription.request(2);
    subscriber.next();
    subscriber.next();
    settle();

    assertThat(executor.getActiveCount()).isZero();
    assertThat(executor.getCompletedTaskCount()).isEqualTo(1);
    subscriber.subscription.cancel();
  }

  /** A subscription that someone still holds must not hold its subscriber once it is over (rule 3.13). */
  private java.lang.ref.WeakReference<Object> subscriberAfter(java.util.function.Consumer<Flow.Subscription> run,
      java.util.concurrent.atomic.AtomicReference<Flow.Subscription> held) throws Exception {
    Recorder<Customer> subscriber = new Recorder<>();
    client.listAll(ONE_PER_PAGE).publisher().subscribe(subscriber);
    held.set(subscriber.subscription);
    run.accept(subscriber.subscription);
    Object last = subscriber.next();
    assertThat(last).isNotNull();
    return new java.lang.ref.WeakReference<>(subscriber);
  }

  private static boolean collected(java.lang.ref.WeakReference<Object> ref) throws InterruptedException {
    for (int i = 0; i < 50 && ref.get() != null; i++) {
      System.gc();
      Thread.sleep(20);
    }
    return ref.get() == null;
  }

  @Test
  void aCompletedSubscriptionDropsItsSubscriber() throws Exception {
    serve(1, 1);
    java.util.concurrent.atomic.AtomicReference<Flow.Subscription> held = new java.util.concurrent.atomic.AtomicReference<>();

    java.lang.ref.WeakReference<Object> subscriber = subscriberAfter(s -> s.request(5), held);
    Thread.sleep(100); // the drain ends after onComplete

    assertThat(collected(subscriber)).isTrue();
    assertThat(held.get()).isNotNull();
  }

  @Test
  void aCancelledSubscriptionDropsItsSubscriber() throws Exception {
    serve(5, 1);
    java.util.concurrent.atomic.AtomicReference<Flow.Subscription> held = new java.util.concurrent.atomic.AtomicReference<>();

    java.lang.ref.WeakReference<Object> subscriber = subscriberAfter(s -> s.request(1), held);
    held.get().cancel();

    assertThat(collected(subscriber)).isTrue();
  }

  @Test
  void cancelReleasesEveryCallInFlightAtOnce() throws Exception {
    serve(20, 3);
    for (int page = 2; page <= 4; page++) {
      listing.override(page, new MockResponse.Builder().headersDelay(20, TimeUnit.SECONDS)
          .body(listing.page(page, 1)).build());
    }
    Recorder<Customer> subscriber = new Recorder<>();
    client.listAll(ONE_PER_PAGE).publisher().subscribe(subscriber);
    subscriber.subscription.request(10);
    subscriber.next();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (listing.listRequests().size() < 4 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }

    long before = System.nanoTime();
    subscriber.subscription.cancel();
    while (listener.of(PassportListener.CallEnded.class).size() < 4 && System.nanoTime() - before < 5e9) {
      Thread.sleep(10);
    }

    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
    List<PassportListener.CallEnded> ended = listener.of(PassportListener.CallEnded.class);
    assertThat(ended).hasSize(4);
    assertThat(ended.subList(1, 4))
        .allSatisfy(e -> assertThat(e.failure().kind()).isEqualTo(PassportException.Kind.CANCELLED));
    settle();
    assertThat(subscriber.signals).isEmpty(); // no onError after cancel
  }

  @Test
  void aFailedPageIsTheSameTypedException() throws Exception {
    serve(5, 1);
    listing.override(2, new MockResponse.Builder().code(400).body("{\"message\":\"no\",\"trace_id\":\"t-1\"}").build());
    Recorder<Customer> subscriber = new Recorder<>();
    client.listAll(ONE_PER_PAGE).publisher().subscribe(subscriber);

    subscriber.subscription.request(Long.MAX_VALUE);

    assertThat(subscriber.next()).isInstanceOf(Customer.class);
    assertThat(subscriber.next()).isInstanceOfSatisfying(PassportException.class, e -> {
      assertThat(e.kind()).isEqualTo(PassportException.Kind.BAD_REQUEST);
      assertThat(e.traceId()).isEqualTo("t-1");
    });
  }

  @Test
  void theCallersExecutorCarriesItsContextToEverySignalAndTheListingsEvents() throws Exception {
    serve(3, 2);
    List<String> listingContexts = new CopyOnWriteArrayList<>();
    client.close();
    client = clientFor(server).parallelism(2).listener(new PassportListener() {
      @Override
      public void listingStarted(ListingStarted event) {
        listingContexts.add(CONTEXT.get());
      }

      @Override
      public void pageReceived(PageReceived event) {
        listingContexts.add(CONTEXT.get());
      }
    }).build();
    Recorder<Customer> subscriber = new Recorder<>();
    client.listAll(ONE_PER_PAGE).publisher(carryingContext()).subscribe(subscriber);

    CONTEXT.set("request-1");
    try {
      subscriber.subscription.request(3);
    } finally {
      CONTEXT.remove();
    }
    for (int i = 0; i < 3; i++) {
      subscriber.next();
    }

    assertThat(subscriber.threadsContext).containsExactly("request-1", "request-1", "request-1");
    assertThat(listingContexts).containsExactly("request-1", "request-1", "request-1", "request-1");
    assertThat(subscriber.next()).isEqualTo("complete");
  }

  @Test
  void aPublisherNeedsAnExecutorAndASubscriber() throws Exception {
    serve(1, 1);
    CustomerPaginator paginator = client.listAll(ONE_PER_PAGE);

    assertThatThrownBy(() -> paginator.publisher(null)).isInstanceOf(NullPointerException.class).hasMessage("executor");
    assertThatThrownBy(() -> paginator.pagePublisher(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("executor");
    assertThatThrownBy(() -> paginator.pagePublisher(pool).subscribe(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("subscriber");
  }

  @Test
  void aPagePublisherOnTheCallersExecutorGivesEveryPage() throws Exception {
    serve(3, 2);
    Recorder<ListCustomersResponse> subscriber = new Recorder<>();
    client.listAll(ONE_PER_PAGE).pagePublisher(carryingContext()).subscribe(subscriber);

    subscriber.subscription.request(3);

    for (int page = 1; page <= 3; page++) {
      assertThat(subscriber.next()).isInstanceOfSatisfying(ListCustomersResponse.class,
          p -> assertThat(p.getCustomers()).hasSize(1));
    }
    assertThat(subscriber.next()).isEqualTo("complete");
  }

  @Test
  void aClosedPaginatorRefusesASubscriberAtOnce() throws Exception {
    serve(3, 1);
    CustomerPaginator paginator = client.listAll(ONE_PER_PAGE);
    paginator.close();
    Recorder<Customer> subscriber = new Recorder<>();

    paginator.publisher().subscribe(subscriber);

    assertThat(subscriber.subscription).isNotNull();
    assertThat(subscriber.next()).isInstanceOf(IllegalStateException.class);
    assertThat(listing.requests).isEmpty();
  }

  @Test
  void aRequestOfZeroEndsTheListingWithIllegalArgumentException() throws Exception {
    serve(20, 2);
    Recorder<Customer> subscriber = new Recorder<>();
    client.listAll(ONE_PER_PAGE).publisher().subscribe(subscriber);
    subscriber.subscription.request(1);
    subscriber.next();

    subscriber.subscription.request(0);

    assertThat(subscriber.next()).isInstanceOfSatisfying(IllegalArgumentException.class,
        e -> assertThat(e.getMessage()).contains("3.9", "was 0"));
    assertThat(listener.listingLines()).last().asString().startsWith("listingEnded L1 CANCELLED");
  }

  @Test
  void anExecutorThatRefusesEndsTheSubscriptionWithCancelled() throws Exception {
    serve(3, 1);
    Recorder<Customer> subscriber = new Recorder<>();
    client.listAll(ONE_PER_PAGE).publisher(task -> {
      throw new RejectedExecutionException("full");
    }).subscribe(subscriber);

    subscriber.subscription.request(1);
    subscriber.subscription.request(1);

    assertThat(subscriber.next()).isInstanceOfSatisfying(PassportException.class,
        e -> assertThat(e.getMessage()).contains("the executor refused the listing's work: full"));
    assertThat(subscriber.signals).isEmpty();
    assertThat(listing.requests).isEmpty();
  }

  @Test
  void aSubscriberThatThrowsFromOnNextIsCancelled() throws Exception {
    serve(20, 2);
    Recorder<Customer> subscriber = new Recorder<>() {
      @Override
      public void onNext(Customer item) {
        super.onNext(item);
        throw new IllegalStateException("subscriber bug");
      }
    };
    client.listAll(ONE_PER_PAGE).publisher().subscribe(subscriber);

    subscriber.subscription.request(5);

    assertThat(subscriber.next()).isInstanceOf(Customer.class);
    settle();
    assertThat(subscriber.signals).isEmpty();
    assertThat(listener.listingLines()).last().asString().startsWith("listingEnded L1 CANCELLED");
  }

  @Test
  void requestingMoreThanLongMaxValueInAllIsUnbounded() throws Exception {
    serve(3, 1);
    Recorder<Customer> subscriber = new Recorder<>();
    client.listAll(ONE_PER_PAGE).publisher().subscribe(subscriber);

    subscriber.subscription.request(Long.MAX_VALUE);
    subscriber.subscription.request(Long.MAX_VALUE);

    for (int i = 0; i < 3; i++) {
      assertThat(subscriber.next()).isInstanceOf(Customer.class);
    }
    assertThat(subscriber.next()).isEqualTo("complete");
  }
}
