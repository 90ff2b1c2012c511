package io.passport.customers.internal;

import io.passport.customers.CustomerQuery;
import io.passport.customers.PassportException;
import io.passport.customers.model.ListCustomersResponse;
import java.lang.ref.Cleaner;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.IntSupplier;
import org.jspecify.annotations.NullUnmarked;

/**
 * Walks the pages of one listing, lazily: the first page is fetched by the first {@link #hasNext()}.
 * Page 1's {@code first_request_timestamp} is pinned on every later request.
 *
 * <p><b>Threads.</b> The listing's page calls run on the client's call threads in the listing's own
 * {@link CallScope}, as many at once as its {@link InFlightLimit} allows (at most the client's {@code
 * parallelism}; fewer while an {@link AdaptiveLimit} has narrowed it). The limit counts calls on the
 * wire only: a call thread reads a page's bytes, gives its permit back and goes straight on to the
 * next page not yet sent, so the window stays full while a slow page holds up the ones after it. The
 * consuming thread decodes each page as it takes it, so a sequential listing decodes one page and
 * works through it while the next is on the wire. Pages are fetched at most {@value #AHEAD_PER_CALL}
 * times the ceiling ahead of the consumer (in flight and read but not yet taken), which bounds the
 * memory a listing holds, and are returned in order. The consuming thread waits interruptibly, so an
 * interrupt ends the wait at once. {@link #close()}, an interrupt of
 * the consumer, or the client's close cancel every call in flight (their sockets are closed, their
 * threads interrupted) and the consumer gets a {@link PassportException} of kind {@link
 * PassportException.Kind#CANCELLED}; a listing cut short never just ends. A listing dropped without
 * {@link #close()} (a for-each left with {@code break}) fetches on until its look-ahead is full (at most
 * {@value #AHEAD_PER_CALL} times the ceiling beyond the last page taken, plus the calls in flight),
 * and is released by a {@link Cleaner} once it is unreachable: the client keeps nothing of it.
 *
 * <p>Every page the consumer takes is checked by the listing's {@link ListingContract} (the snapshot
 * echoed, the totals, the page numbers, the count, ids repeated across a page boundary), from page 1
 * or from a later starting page alike, so a server that answers the wrong page, an empty page in the
 * middle, another snapshot, or fewer customers than it counted makes this throw {@link
 * PassportException.Kind#INVALID_RESPONSE} rather than end short. Not thread-safe, except {@link
 * #close()}, which any thread may call: one iterator belongs to one consumer. The state the call
 * threads share with the consumer (the pages claimed, the permits) is guarded by one lock.
 */
@NullUnmarked
public final class PageIterator implements Listing {
  /** Fetches one page in a scope, telling the listing's window what the server did; throws only PassportException. */
  public interface PageFetch {
    FetchedPage fetch(CustomerQuery query, CallScope scope, InFlightLimit window);
  }

  /** A page off the wire, not yet decoded. */
  public interface FetchedPage {
    /** {@return the page, decoded and checked}; throws only PassportException. Called once. */
    ListCustomersResponse decode();
  }

  /** How far ahead of its consumer a listing fetches: this many times its ceiling of calls in flight. */
  public static final int AHEAD_PER_CALL = 2;
  /**
   * Releases listings that were dropped without {@link #close()} (a for-each left with {@code break}):
   * one daemon thread for the JVM, started with the first listing.
   */
  private static final Cleaner CLEANER = Cleaner.create();

  private final PageFetch fetch;
  private final CustomerQuery query;
  private final ExecutorService threads;
  private final CallScope scope;
  private final InFlightLimit limit;
  private final int ahead;
  private final int firstPage;
  private final Cleaner.Cleanable release;

  private final Object lock = new Object();
  /** Pages sent and not yet taken by the consumer, in page order. Guarded by {@link #lock}. */
  private final ArrayDeque<CompletableFuture<FetchedPage>> pending = new ArrayDeque<>();
  /** The call threads working for this listing, to interrupt on close. Guarded by {@link #lock}. */
  private final Set<Future<?>> workers = new HashSet<>();
  /**
   * The next page to send (a long: past the last page, 2^31 - 1 at most, it must not wrap), and the last
   * one there is (0 until page 1 has said). Guarded by {@link #lock}.
   */
  private long nextToSend;
  private int totalPages;
  /** Whether a page call failed: no more are sent. Guarded by {@link #lock}. */
  private boolean failed;
  private CustomerQuery pinned;
  /** The last page that may be sent now: a Flow.Publisher's demand bounds it (see {@link #boundAhead}). */
  private volatile IntSupplier lastSendable = () -> Integer.MAX_VALUE;

  private ListCustomersResponse buffered;
  private boolean started;
  private boolean completed;
  private volatile boolean closed;
  /** The next page the consumer takes: a long, for the same reason as {@link #nextToSend}. */
  private long nextPage;
  /** The listing's promises, checked on every page the consumer takes. */
  private final ListingContract contract;

  /**
   * @param ceiling the most calls the listing may ever have in flight (the client's {@code parallelism});
   *     pages are fetched at most {@value #AHEAD_PER_CALL} times as many ahead of the consumer
   */
  public PageIterator(PageFetch fetch, CustomerQuery query, ExecutorService threads, CallScope scope, InFlightLimit limit,
      int ceiling, Runnable onClose) {
    this.fetch = fetch;
    this.query = query;
    this.threads = threads;
    this.scope = scope;
    this.limit = limit;
    this.ahead = AHEAD_PER_CALL * ceiling;
    this.firstPage = query.pageNumber() == null ? 1 : query.pageNumber();
    this.contract = new ListingContract(query);
    this.release = CLEANER.register(this, new Release(scope, onClose));
  }

  /**
   * What a listing gives back when it is closed, or when it was dropped unclosed and its page calls have
   * ended (they hold it while they run): its scope (cancelled, so the client no longer holds it) and
   * whatever {@code onClose} releases. Holds nothing of the listing itself, so that it can be collected.
   */
  private record Release(CallScope scope, Runnable onClose) implements Runnable {
    @Override
    public void run() {
      scope.cancel("the listing was dropped without being closed");
      onClose.run();
    }
  }

  @Override
  public boolean hasNext() {
    if (buffered != null) {
      return true;
    }
    if (completed) {
      return false;
    }
    if (closed) {
      throw scope.cancelledException(null);
    }
    try {
      buffered = advance();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    if (buffered == null) {
      completed = true;
      close();
    }
    return buffered != null;
  }

  @Override
  public ListCustomersResponse next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    ListCustomersResponse page = buffered;
    buffered = null;
    return page;
  }

  /**
   * Stops the listing: cancels every page call in flight and drops the pages held. Any thread may call
   * it; the consumer's next {@link #hasNext()} then throws CANCELLED unless the listing had ended.
   * Idempotent.
   */
  @Override
  public void close() {
    List<CompletableFuture<FetchedPage>> dropped;
    List<Future<?>> running;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      dropped = new ArrayList<>(pending);
      running = new ArrayList<>(workers);
      pending.clear();
      workers.clear();
    }
    scope.cancel("the listing was closed");
    for (Future<?> worker : running) {
      worker.cancel(true);
    }
    for (CompletableFuture<FetchedPage> page : dropped) {
      page.cancel(false);
    }
    release.clean(); // runs the release once, now, and never again when the listing is collected
  }

  /** {@return this listing's window} */
  @Override
  public InFlightLimit limit() {
    return limit;
  }

  @Override
  public int firstPage() {
    return firstPage;
  }

  @Override
  public void boundAhead(IntSupplier lastSendable) {
    this.lastSendable = lastSendable;
  }

  @Override
  public void demandChanged() {
    fill();
  }

  @Override
  public boolean exhausted() {
    return completed || (started && buffered == null && totalPages > 0 && nextPage > totalPages);
  }

  private ListCustomersResponse advance() {
    if (!started) {
      started = true;
      return first();
    }
    if (nextPage > totalPages) {
      contract.end();
      return null;
    }
    nextPage++;
    ListCustomersResponse page = takeHead();
    contract.next(page);
    return page;
  }

  private ListCustomersResponse first() {
    CompletableFuture<FetchedPage> result = new CompletableFuture<>();
    synchronized (lock) {
      limit.tryAcquire(); // nothing is in flight yet, and every window lets one call out
      pending.add(result);
    }
    start(Internal.withPage(query, firstPage), result);
    ListCustomersResponse page = takeHead();
    if (!contract.first(page)) {
      return null;
    }
    nextPage = firstPage + 1L;
    Instant snapshot = contract.pin();
    synchronized (lock) {
      pinned = snapshot == null ? query : Internal.withSnapshot(query, snapshot);
      totalPages = contract.totalPages();
      nextToSend = nextPage;
    }
    fill(); // the next pages are fetched while the consumer works through this one
    return page;
  }

  /** A page the listing may send now, with the result its consumer will wait for; null if none. */
  private record Claim(CustomerQuery query, CompletableFuture<FetchedPage> result) {}

  /**
   * Claims the next page to send, if the listing is still on, the page exists, the consumer is not
   * too far behind and the window lets one more call out; the claim holds a permit of the window.
   */
  private Claim claim() {
    synchronized (lock) {
      return claimLocked();
    }
  }

  /** {@link #claim()}, for a caller that holds {@link #lock}. */
  private Claim claimLocked() {
    if (closed || failed || nextToSend == 0 || nextToSend > totalPages || pending.size() >= ahead
        || nextToSend > lastSendable.getAsInt() || !limit.tryAcquire()) {
      return null;
    }
    CompletableFuture<FetchedPage> result = new CompletableFuture<>();
    pending.add(result);
    return new Claim(Internal.withPage(pinned, (int) nextToSend++), result); // at most totalPages, an int
  }

  /** Sends every page the window and the look-ahead allow now, each on a call thread of its own. */
  private void fill() {
    for (Claim claim = claim(); claim != null; claim = claim()) {
      start(claim.query, claim.result);
    }
  }

  private void start(CustomerQuery pageQuery, CompletableFuture<FetchedPage> result) {
    synchronized (lock) {
      try {
        workers.removeIf(Future::isDone);
        workers.add(threads.submit(() -> work(pageQuery, result)));
        return;
      } catch (RejectedExecutionException e) {
        failed = true;
        limit.release();
        result.completeExceptionally(Internal.cancelled("the client is closed", e));
      }
    }
    scope.cancel("the client is closed");
  }

  /**
   * A call thread's work: fetches its page, gives its permit back, and goes on to the next page the
   * listing may send, until there is none or a page failed. The thread claims its next page in the
   * same step as it gives the permit back, before it hands the page over: the consumer, woken by the
   * page, would otherwise often claim that next page first and pass it to another call thread, a
   * handoff that costs a thread's wake-up on every page it happens to. So whenever the consumer waits
   * for a page, that page has been claimed. Never throws.
   */
  private void work(CustomerQuery pageQuery, CompletableFuture<FetchedPage> result) {
    Claim claim = new Claim(pageQuery, result);
    while (claim != null) {
      FetchedPage page = null;
      Throwable failure = null;
      try {
        page = fetch.fetch(claim.query, scope, limit);
      } catch (RuntimeException | Error e) {
        failure = e;
      }
      Claim next;
      synchronized (lock) {
        limit.release();
        failed |= failure != null;
        next = claimLocked(); // this thread goes on to the next page itself
      }
      if (failure == null) {
        claim.result.complete(page);
      } else {
        claim.result.completeExceptionally(failure);
      }
      fill(); // and a window that grew lets more calls out
      claim = next;
    }
  }

  /**
   * Waits for the head of the pages sent, interruptibly (never longer than the page's own deadline),
   * and decodes it: the consumer decodes, so that a call thread is back on the wire as soon as it has
   * read a page's bytes.
   */
  private ListCustomersResponse takeHead() {
    CompletableFuture<FetchedPage> head;
    synchronized (lock) {
      head = pending.peek();
    }
    if (head == null) {
      throw scope.cancelledException(null);
    }
    FetchedPage page = scope.awaitResult(head);
    synchronized (lock) {
      pending.remove(head);
    }
    fill(); // the consumer is one page further: the look-ahead has room again
    return page.decode();
  }
}
