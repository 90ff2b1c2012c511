package io.passport.customers.internal;

import io.passport.customers.CustomerPaginator;
import io.passport.customers.PassportCustomersClient;
import io.passport.customers.PassportException;
import io.passport.customers.model.ListCustomersResponse;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.NullUnmarked;

/**
 * A listing as a demand-driven {@link Flow.Publisher} of its customers or its pages (see {@link
 * CustomerPaginator#publisher}): each subscription is a listing of its own, started by the first
 * {@code request(n)}, never before. The listing's look-ahead is bounded by the demand: pages are sent
 * only up to those the demand outstanding needs (in pages of the query's size) plus the listing's
 * window. Signals are serialised by a work-in-progress counter (the usual drain loop): the task that
 * takes pages off the listing and calls {@code onNext} runs on the executor, as one task at a time,
 * scheduled anew whenever demand arrives while none runs, so a caller's executor that carries its
 * context (MDC, OpenTelemetry) carries it from each {@code request} to the signals. The page calls
 * run on the listing's threads (see {@link CustomerPaginator#publisher(Executor)}). {@code cancel()}
 * closes the listing, which cancels every page call in flight at once. Thread-safe.
 */
@NullUnmarked
public final class ListingPublisher<T> implements Flow.Publisher<T> {
  private static final DebugLog log = DebugLog.of(PassportCustomersClient.class);

  /** Where the listings come from: the paginator. */
  public interface Listings {
    /** {@return a new listing}; may throw (a closed paginator), which the subscriber gets by onError */
    Listing start();

    /** {@return why no listing can be started now (a closed paginator), or null} */
    RuntimeException refusal();
  }

  private final Listings listings;
  private final Function<ListCustomersResponse, List<T>> items;
  private final int itemsPerPage;
  private final Executor executor;

  /**
   * @param items the items a page gives
   * @param itemsPerPage how many items a full page gives (the page size, or 1 for pages)
   * @param executor where the signals are sent from
   */
  public ListingPublisher(Listings listings, Function<ListCustomersResponse, List<T>> items, int itemsPerPage,
      Executor executor) {
    this.listings = listings;
    this.items = items;
    this.itemsPerPage = itemsPerPage;
    this.executor = executor;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super T> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber"); // rule 1.9
    new Subscription<T>(this, subscriber).begin();
  }

  private static final class Subscription<T> implements Flow.Subscription, Runnable {
    private final ListingPublisher<T> publisher;
    private volatile Flow.Subscriber<? super T> subscriber;
    private final AtomicLong requested = new AtomicLong();
    /** Drain runs owed: the drain runs while this is above 0, and only one runs at once. */
    private final AtomicInteger wip = new AtomicInteger(1); // held by begin() until onSubscribe returns
    private volatile boolean cancelled;
    private volatile Throwable badRequest;
    private volatile Listing listing;
    /**
     * Pages taken off the listing whose first item has been sent; the demand gate counts from them.
     * Written by the drain only, after the item's send is counted in {@link #batchSent}: counted at the
     * take, a page and the demand it serves would both be seen by a call thread between the two writes,
     * letting one page more than the bound out.
     */
    private volatile int pagesTaken;
    /** Pages taken whose first item is not sent yet (the drain's own). */
    private int pagesPending;
    /** Items sent by the drain's current batch, not yet taken off {@link #requested}. */
    private volatile long batchSent;
    private Iterator<T> current = Collections.emptyIterator();
    private volatile boolean done;

    Subscription(ListingPublisher<T> publisher, Flow.Subscriber<? super T> subscriber) {
      this.publisher = publisher;
      this.subscriber = subscriber;
    }

    void begin() {
      try {
        subscriber.onSubscribe(this);
      } catch (RuntimeException e) {
        log.warn("a Flow.Subscriber threw from onSubscribe (rule 2.13); its subscription is cancelled", e);
        cancel();
      }
      RuntimeException refusal = publisher.listings.refusal();
      if (refusal != null) {
        fail(refusal); // rule 1.9: refused after onSubscribe, with the drain still held: nothing follows
        return;
      }
      if (wip.decrementAndGet() != 0) {
        schedule(); // request() or cancel() came during onSubscribe: the drain is owed
      }
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        if (badRequest == null) {
          badRequest = new IllegalArgumentException(
              "request(n) must be given n > 0 (Reactive Streams rule 3.9), but was " + n);
        }
      } else {
        requested.getAndUpdate(r -> r + n < 0 ? Long.MAX_VALUE : r + n); // rule 3.17: capped, never an error
        Listing pages = listing;
        if (pages != null) {
          pages.demandChanged(); // more demand may let more pages out now
        }
      }
      drain();
    }

    @Override
    public void cancel() {
      cancelled = true;
      Listing pages = listing;
      if (pages != null) {
        pages.close();
      }
      drain(); // drops the subscriber, on the drain's turn
    }

    /** {@return the last page the listing may send now: what the demand needs, plus the window} */
    int lastSendable(int firstPage, InFlightLimit window) {
      long demand = Math.max(0, requested.get() - batchSent);
      long pages = demand == 0 ? 0 : (demand - 1) / publisher.itemsPerPage + 1;
      if (pages >= Integer.MAX_VALUE) {
        return Integer.MAX_VALUE; // unbounded demand (rule 3.17): no bound but the iteration's own
      }
      long last = (long) firstPage - 1 + pagesTaken + pages + window.window();
      return (int) Math.min(Integer.MAX_VALUE, last);
    }

    private void drain() {
      if (wip.getAndIncrement() == 0) {
        schedule();
      }
    }

    private void schedule() {
      try {
        publisher.executor.execute(this);
      } catch (RejectedExecutionException e) {
        // This thread holds the drain: end the subscription here, with the executor's refusal.
        // The drain stays held (wip is never 0 again): no signal can follow.
        fail(Internal.cancelled("the executor refused the listing's work: " + e.getMessage(), e));
      }
    }

    /** The drain: sends what the demand allows, then ends or waits for more demand. */
    @Override
    public void run() {
      int missed = 1;
      while (true) {
        if (cancelled) {
          release();
          return;
        }
        if (badRequest != null) {
          fail(badRequest);
          return;
        }
        long wanted = requested.get();
        long sent = 0;
        try {
          // Past the demand only to see the end that is already known: onComplete needs no demand.
          while ((sent != wanted || endKnown()) && !cancelled && badRequest == null) {
            T item = nextItem();
            if (item == null) {
              done = true;
              Flow.Subscriber<? super T> s = subscriber;
              release();
              try {
                s.onComplete();
              } catch (RuntimeException e) {
                log.warn("a Flow.Subscriber threw from onComplete (rule 2.13)", e);
              }
              return;
            }
            try {
              subscriber.onNext(item);
            } catch (RuntimeException e) {
              log.warn("a Flow.Subscriber threw from onNext (rule 2.13); its subscription is cancelled", e);
              release();
              return;
            }
            sent++;
            batchSent = sent;
            if (pagesPending != 0) {
              pagesTaken += pagesPending;
              pagesPending = 0;
            }
          }
        } catch (RuntimeException e) { // from the listing: a PassportException, or a closed paginator's refusal
          if (!cancelled) {
            fail(e);
          } else {
            release();
          }
          return;
        }
        if (sent != 0 && wanted != Long.MAX_VALUE) {
          requested.addAndGet(-sent);
        }
        batchSent = 0;
        missed = wip.addAndGet(-missed);
        if (missed == 0) {
          return;
        }
      }
    }

    /** {@return whether the listing has no item left, known without waiting} */
    private boolean endKnown() {
      Listing pages = listing;
      return !current.hasNext() && pages != null && pages.exhausted();
    }

    /** {@return the next item, waiting for its page; null when the listing has ended} */
    private T nextItem() {
      while (!current.hasNext()) {
        Listing pages = listing;
        if (pages == null) {
          pages = publisher.listings.start();
          listing = pages;
          InFlightLimit window = pages.limit();
          int first = pages.firstPage();
          pages.boundAhead(() -> lastSendable(first, window));
          if (cancelled) { // cancel() may have missed the listing: close it here
            pages.close();
            return null;
          }
        }
        pages.demandChanged(); // pages the gate held back may go now
        if (!pages.hasNext()) {
          return null;
        }
        ListCustomersResponse page = pages.next();
        pagesPending++;
        current = publisher.items.apply(page).iterator();
      }
      return current.next();
    }

    private void fail(Throwable error) {
      Flow.Subscriber<? super T> s = subscriber;
      boolean wasCancelled = cancelled;
      release();
      if (s != null && !done && !wasCancelled) {
        done = true;
        try {
          s.onError(error);
        } catch (RuntimeException e) {
          log.warn("a Flow.Subscriber threw from onError (rule 2.13)", e);
        }
      }
    }

    /** Closes the listing and drops the subscriber and the page held (rule 3.13). */
    private void release() {
      cancelled = true;
      Listing pages = listing;
      if (pages != null) {
        pages.close();
      }
      subscriber = null;
      current = Collections.emptyIterator();
    }
  }
}
