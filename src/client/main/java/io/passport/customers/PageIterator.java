package io.passport.customers;

import io.passport.customers.model.ListCustomersResponse;
import io.passport.customers.model.PaginationInfo;
import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.NullUnmarked;

/**
 * Walks the pages of one listing, lazily: the first page is fetched by the first {@link #hasNext()}.
 * Page 1's {@code first_request_timestamp} is pinned on every later request.
 *
 * <p>The listing owns its window of page calls: each runs on one of the client's call threads in the
 * listing's own {@link CallScope}, as many at once as its {@link InFlightLimit} allows (at most the
 * client's {@code parallelism}; fewer while an {@link AdaptiveLimit} has narrowed it), and pages are
 * returned in order. The consuming thread only waits, so an
 * interrupt ends the wait at once. {@link #close()}, an interrupt of the consumer, or the client's
 * close cancel every call in flight (their sockets are closed) and the consumer gets a {@link
 * PassportException} of kind {@link PassportException.Kind#CANCELLED}; a listing cut short never just
 * ends.
 *
 * <p>Every page is checked against what the first one promised, so a server that answers the wrong
 * page, an empty page in the middle, or fewer customers than it counted makes this throw {@link
 * PassportException.Kind#INVALID_RESPONSE} rather than end short. Not thread-safe, except {@link
 * #close()}, which any thread may call: one iterator belongs to one consumer.
 */
@NullUnmarked
final class PageIterator implements Iterator<ListCustomersResponse>, AutoCloseable {
  /** Fetches one page in a scope, telling the listing's window what the server did; throws only PassportException. */
  interface PageFetch {
    ListCustomersResponse fetch(CustomerQuery query, CallScope scope, InFlightLimit window);
  }

  private final PageFetch fetch;
  private final CustomerQuery query;
  private final ExecutorService threads;
  private final CallScope scope;
  private final InFlightLimit limit;
  private final int firstPage;
  private final ConcurrentLinkedDeque<Future<ListCustomersResponse>> window = new ConcurrentLinkedDeque<>();
  private final Runnable onClose;

  private ListCustomersResponse buffered;
  private boolean holdingPermit;
  private boolean started;
  private boolean completed;
  private volatile boolean closed;
  private CustomerQuery pinned;
  private int nextPage;
  private int nextToSubmit;
  private int totalPages;
  private Long totalElements;
  private long customersSeen;

  PageIterator(PageFetch fetch, CustomerQuery query, ExecutorService threads, CallScope scope, InFlightLimit limit,
      Runnable onClose) {
    this.fetch = fetch;
    this.query = query;
    this.threads = threads;
    this.scope = scope;
    this.limit = limit;
    this.onClose = onClose;
    this.firstPage = query.pageNumber() == null ? 1 : query.pageNumber();
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
    if (closed) {
      return;
    }
    closed = true;
    scope.cancel("the listing was closed");
    for (Future<ListCustomersResponse> future : window) {
      future.cancel(true);
    }
    window.clear();
    onClose.run();
  }

  /** {@return this listing's window} */
  InFlightLimit limit() {
    return limit;
  }

  private ListCustomersResponse advance() {
    if (!started) {
      started = true;
      return first();
    }
    if (holdingPermit) { // the consumer is done with the page it had
      holdingPermit = false;
      limit.release();
    }
    if (nextPage > totalPages) {
      checkCount();
      return null;
    }
    int number = nextPage++;
    fillWindow(true);
    ListCustomersResponse page = takeHead();
    fillWindow(false); // keep the window full while the consumer works through this page
    check(page, number);
    return page;
  }

  private ListCustomersResponse first() {
    fillWindowWith(query.withPage(firstPage));
    ListCustomersResponse page = takeHead();
    PaginationInfo info = page.getPaginationInfo();
    int size = page.getCustomers().size();
    if (size == 0) {
      if (firstPage == 1 && info != null && positive(info.getTotalElements())) {
        throw inconsistent("page 1 is empty but the server counts " + info.getTotalElements() + " customers");
      }
      return null;
    }
    if (info == null || info.getTotalPages() == null) {
      throw inconsistent("page " + firstPage + " has customers but no pagination_info.total_pages");
    }
    checkNotNegative(info);
    checkPageNumber(info, firstPage);
    totalPages = info.getTotalPages();
    totalElements = info.getTotalElements();
    if (firstPage > totalPages) {
      throw inconsistent("page " + firstPage + " has customers but the server counts " + totalPages + " pages");
    }
    Instant snapshot = query.snapshot();
    if (snapshot == null && info.getFirstRequestTimestamp() != null) {
      snapshot = info.getFirstRequestTimestamp().toInstant(); // in range: the client checked every page
    }
    pinned = snapshot == null ? query : query.withSnapshot(snapshot);
    customersSeen = size;
    nextPage = firstPage + 1;
    nextToSubmit = nextPage;
    fillWindow(false); // the next pages are fetched while the consumer works through this one
    return page;
  }

  /**
   * Sends page calls while the window has room. The page the consumer holds counts against the window
   * until it asks for the next, so the pages in flight and held stay within the limit. When the
   * consumer waits ({@code needHead}) and the window is empty, one call goes out whatever the limit
   * says: a window never narrows below the page waited for.
   */
  private void fillWindow(boolean needHead) {
    while (nextToSubmit <= totalPages && (limit.tryAcquire() || (needHead && window.isEmpty()))) {
      submit(pinned.withPage(nextToSubmit++));
    }
  }

  private void fillWindowWith(CustomerQuery firstQuery) {
    limit.tryAcquire(); // the first page goes out whatever the limit says
    submit(firstQuery);
  }

  private void submit(CustomerQuery pageQuery) {
    try {
      window.add(threads.submit(() -> fetch.fetch(pageQuery, scope, limit)));
    } catch (RejectedExecutionException e) {
      scope.cancel("the client is closed");
      throw scope.cancelledException(e);
    }
  }

  /** Waits for the head of the window, interruptibly; never longer than the page's own deadline. */
  private ListCustomersResponse takeHead() {
    Future<ListCustomersResponse> head = window.poll();
    if (head == null) {
      throw scope.cancelledException(null);
    }
    boolean taken = false;
    try {
      ListCustomersResponse page = scope.awaitResult(head);
      taken = true;
      holdingPermit = true; // released when the consumer asks for the next page
      return page;
    } finally {
      if (!taken) {
        limit.release();
      }
    }
  }

  private void check(ListCustomersResponse page, int number) {
    int size = page.getCustomers().size();
    if (size == 0) {
      throw inconsistent("page " + number + " of " + totalPages + " is empty");
    }
    PaginationInfo info = page.getPaginationInfo();
    if (info != null) {
      checkNotNegative(info);
      checkPageNumber(info, number);
      if (info.getTotalPages() != null && info.getTotalPages() != totalPages) {
        throw inconsistent("page " + number + " counts " + info.getTotalPages()
            + " pages where page " + firstPage + " counted " + totalPages);
      }
    }
    customersSeen += size;
  }

  private void checkCount() {
    if (firstPage == 1 && totalElements != null && customersSeen != totalElements) {
      throw inconsistent("the server counts " + totalElements + " customers but its "
          + totalPages + " pages held " + customersSeen);
    }
  }

  private static void checkNotNegative(PaginationInfo info) {
    if (negative(info.getTotalPages()) || negative(info.getCurrentPage()) || negative(info.getTotalElements())) {
      throw inconsistent("pagination_info has a negative count: current_page=" + info.getCurrentPage()
          + ", total_pages=" + info.getTotalPages() + ", total_elements=" + info.getTotalElements());
    }
  }

  private static void checkPageNumber(PaginationInfo info, int requested) {
    if (info.getCurrentPage() != null && info.getCurrentPage() != requested) {
      throw inconsistent("asked for page " + requested + " but got page " + info.getCurrentPage());
    }
  }

  private static boolean negative(Number n) {
    return n != null && n.longValue() < 0;
  }

  private static boolean positive(Number n) {
    return n != null && n.longValue() > 0;
  }

  private static PassportException inconsistent(String what) {
    return PassportException.invalidResponse(200, what, null);
  }
}
