package io.passport.customers;

import io.passport.customers.internal.InFlightLimit;
import io.passport.customers.internal.Listing;
import io.passport.customers.internal.ListingPublisher;
import io.passport.customers.model.Customer;
import io.passport.customers.model.ListCustomersResponse;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.WeakHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * Every customer a query matches, page after page, as an {@link Iterable} and as a {@link Stream};
 * {@link #pages()} and {@link #pageStream()} give the same listing a page at a time.
 *
 * <p>Lazy: nothing is fetched until iteration starts, and each new iteration or stream starts a new
 * listing from the query's first page. Customers come in the server's order. All pages are cut from
 * one snapshot: the first page's {@code first_request_timestamp} is sent back on every later page. An
 * entity without customers (the API's own 404) yields nothing.
 *
 * <p>Each listing has its own window of page calls, at most the client's {@code parallelism} in
 * flight or held at once, so memory stays bounded by the window times the client's body cap, and one
 * listing never waits for another. Iterating throws {@link PassportException} when a page cannot be
 * fetched after the retries the client allows, when the pages contradict each other (so a listing
 * never ends short silently), or with kind {@link PassportException.Kind#CANCELLED} when the listing
 * is cancelled.
 *
 * <p><b>Stopping early.</b> Closing a {@link #stream()} or {@link #pageStream()}, closing this
 * paginator (which closes every listing it has handed out), interrupting the consuming thread, or
 * closing the client cancels the page calls in flight at once (their sockets are closed). A bare
 * for-each that breaks off cannot be seen: its listing goes on fetching until its look-ahead is full
 * (at most 2 x {@code parallelism} pages beyond the last one taken, each within the retry policy's
 * deadline), then stops, and is released once it is garbage (nothing of it is kept by the paginator
 * or the client). So when you may stop early, use try-with-resources:
 *
 * <pre>{@code
 * try (CustomerPaginator customers = client.listAll(query)) {
 *   for (Customer customer : customers) {
 *     if (done(customer)) break;   // close() cancels the pages still in flight
 *   }
 * }
 * }</pre>
 *
 * <p>Thread-safe: it may be shared, and {@link #close()} may be called from any thread; each
 * iterator or stream it hands out belongs to one thread.
 */
public final class CustomerPaginator implements Iterable<Customer>, AutoCloseable {
  private final Function<Runnable, Listing> listings;
  private final Function<@Nullable InFlightLimit, FlowStatus> status;
  private final int pageSize;
  private final Executor callThreads;
  /** The listings handed out and not yet closed, weakly: a listing dropped unclosed is not kept here. */
  private final Set<Listing> open = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
  private volatile boolean closed;
  /** The window of the latest listing (not the listing: that would keep its pages). */
  private volatile @Nullable InFlightLimit latest;

  /**
   * @param listings starts a new listing, which runs the given action when it closes
   * @param status the flow status of a listing's window (null before any listing)
   * @param pageSize the page size the listings ask for
   * @param callThreads the client's call threads, where a publisher signals unless given an executor
   */
  CustomerPaginator(Function<Runnable, Listing> listings, Function<@Nullable InFlightLimit, FlowStatus> status,
      int pageSize, Executor callThreads) {
    this.listings = listings;
    this.status = status;
    this.pageSize = pageSize;
    this.callThreads = callThreads;
  }

  /**
   * {@return how the latest listing this paginator started is flowing: its window of pages in flight,
   * and the client's pause and pace under the server's rate limit. Any thread may call it, for a
   * progress display, say}
   */
  public FlowStatus flowStatus() {
    return status.apply(latest);
  }

  /** {@return a new iteration over every customer; see the class comment on stopping early} */
  @Override
  public Iterator<Customer> iterator() {
    return new CustomerIterator(start());
  }

  /** {@return a new sequential stream of every customer; closing it cancels the pages in flight} */
  public Stream<Customer> stream() {
    CustomerIterator customers = new CustomerIterator(start());
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(customers, Spliterator.ORDERED | Spliterator.NONNULL), false)
        .onClose(customers.pages::close);
  }

  /** {@return the same listing a page at a time; each iteration starts anew. Empty pages are not yielded} */
  public Iterable<ListCustomersResponse> pages() {
    return this::start;
  }

  /** {@return a new sequential stream of the pages; closing it cancels the pages in flight} */
  public Stream<ListCustomersResponse> pageStream() {
    Listing iterator = start();
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED | Spliterator.NONNULL), false)
        .onClose(iterator::close);
  }

  /**
   * {@return every customer as a demand-driven {@link Flow.Publisher}, signalling from the client's
   * call threads; see {@link #publisher(Executor)}}
   */
  public Flow.Publisher<Customer> publisher() {
    return publisher(callThreads);
  }

  /**
   * Every customer as a demand-driven {@link Flow.Publisher}, for reactive stacks (Project Reactor's
   * {@code JdkFlowAdapter}, RxJava through {@code org.reactivestreams.FlowAdapters}). Each subscription
   * is a listing of its own, as each iteration is:
   *
   * <ul>
   *   <li>Nothing is fetched before the first {@code request(n)}.
   *   <li>Pages are sent ahead only as far as the demand needs: at most the pages that the demand
   *       outstanding fills (at the query's page size) plus the listing's window beyond those the
   *       subscriber has been given, and never more than a plain iteration would.
   *   <li>{@code cancel()} cancels every page call in flight at once, as {@link #close()} does.
   *   <li>Signals are serialised and follow the Reactive Streams rules (the TCK passes): a failure is the
   *       same {@link PassportException} an iteration throws, {@code request(n)} with {@code n <= 0} is
   *       an {@link IllegalArgumentException} by {@code onError}, and a closed paginator an {@link
   *       IllegalStateException} by {@code onError}.
   * </ul>
   *
   * <p><b>Threads and context.</b> Everything that runs on the subscriber's behalf (taking pages off the
   * listing, decoding them, every {@code onNext}, {@code onError} and {@code onComplete}) runs as tasks
   * given to {@code executor}, one at a time, a new task after each {@code request(n)} that finds none
   * running: an executor that carries context (an MDC-copying one, OpenTelemetry's {@code
   * Context.taskWrapping}) carries it to the signals and to the listing's events from the call that
   * caused them: each {@code request(n)}, or {@code subscribe} for what {@code onSubscribe} requests
   * (signals wait until {@code onSubscribe} has returned). The task waits for pages, so the executor must allow blocking. The page calls
   * themselves run on the client's call threads, which cancellation interrupts; a {@link
   * PassportListener} ties them to their listing by its id.
   *
   * @param executor runs the subscription's work
   * @return the publisher
   */
  public Flow.Publisher<Customer> publisher(Executor executor) {
    Objects.requireNonNull(executor, "executor");
    return new ListingPublisher<>(publisherListings(), ListCustomersResponse::getCustomers, pageSize, executor);
  }

  /** {@return the pages as a demand-driven {@link Flow.Publisher}, signalling from the client's call threads} */
  public Flow.Publisher<ListCustomersResponse> pagePublisher() {
    return pagePublisher(callThreads);
  }

  /**
   * {@return the pages as a demand-driven {@link Flow.Publisher}, as {@link #publisher(Executor)} gives
   * customers; the demand counts pages. Empty pages are not signalled}
   *
   * @param executor runs the subscription's work
   */
  public Flow.Publisher<ListCustomersResponse> pagePublisher(Executor executor) {
    Objects.requireNonNull(executor, "executor");
    return new ListingPublisher<>(publisherListings(), List::of, 1, executor);
  }

  /**
   * Cancels every listing this paginator has handed out that is still running; their consumers get
   * {@link PassportException.Kind#CANCELLED}. Iterating afterwards throws {@link IllegalStateException}.
   * Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    List<Listing> listings;
    synchronized (open) {
      listings = new ArrayList<>(open);
    }
    for (Listing listing : listings) {
      listing.close();
    }
  }

  private ListingPublisher.Listings publisherListings() {
    return new ListingPublisher.Listings() {
      @Override
      public Listing start() {
        return CustomerPaginator.this.start();
      }

      @Override
      public @Nullable RuntimeException refusal() {
        return closed ? new IllegalStateException("the paginator is closed") : null;
      }
    };
  }

  /** {@return how many listings this paginator holds: handed out, not yet closed or collected; for tests, through {@code TestHooks}} */
  int openListings() {
    synchronized (open) {
      return open.size();
    }
  }

  private Listing start() {
    if (closed) {
      throw new IllegalStateException("the paginator is closed");
    }
    List<WeakReference<Listing>> self = new ArrayList<>(1); // the close action must not keep the listing
    Listing listing = listings.apply(() -> {
      Listing closing = self.isEmpty() ? null : self.get(0).get();
      if (closing != null) {
        open.remove(closing);
      }
    });
    self.add(new WeakReference<>(listing));
    latest = listing.limit();
    open.add(listing);
    if (closed) {
      listing.close();
    }
    return listing;
  }

  private static final class CustomerIterator implements Iterator<Customer> {
    final Listing pages;
    private Iterator<Customer> current = Collections.emptyIterator();

    CustomerIterator(Listing pages) {
      this.pages = pages;
    }

    @Override
    public boolean hasNext() {
      while (!current.hasNext()) {
        if (!pages.hasNext()) {
          return false;
        }
        current = pages.next().getCustomers().iterator();
      }
      return true;
    }

    @Override
    public Customer next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return current.next();
    }
  }
}
