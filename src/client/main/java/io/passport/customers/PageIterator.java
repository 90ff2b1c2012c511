package io.passport.customers;

import io.passport.customers.model.Customer;
import io.passport.customers.model.ListCustomersResponse;
import io.passport.customers.model.PaginationInfo;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Walks the pages of one listing, lazily: the first page is fetched by the first {@link #hasNext()}.
 * Page 1's {@code first_request_timestamp} is pinned on every later request. With parallelism above
 * 1, the following pages are fetched that many at a time once the first page has said how many there
 * are; they are still returned in order, and no more than {@code parallelism} pages are held.
 *
 * <p>Every page is checked against what the first one promised, so a server that answers the wrong
 * page, an empty page in the middle, or fewer customers than it counted makes this throw {@link
 * PassportException} ({@link PassportException.Kind#INVALID_RESPONSE}) rather than end short. Not
 * thread-safe: one iterator belongs to one consumer.
 */
final class PageIterator implements Iterator<ListCustomersResponse>, AutoCloseable {
  private final Function<CustomerQuery, ListCustomersResponse> fetch;
  private final CustomerQuery query;
  private final int parallelism;
  private final ExecutorService pool;
  private final int firstPage;
  private final ArrayDeque<Future<ListCustomersResponse>> inFlight = new ArrayDeque<>();

  private ListCustomersResponse buffered;
  private boolean started;
  private boolean finished;
  private CustomerQuery pinned;
  private int nextPage;
  private int nextToSubmit;
  private int totalPages;
  private Long totalElements;
  private long customersSeen;

  PageIterator(
      Function<CustomerQuery, ListCustomersResponse> fetch,
      CustomerQuery query,
      int parallelism,
      ExecutorService pool) {
    this.fetch = fetch;
    this.query = query;
    this.parallelism = parallelism;
    this.pool = pool;
    this.firstPage = query.pageNumber() == null ? 1 : query.pageNumber();
  }

  @Override
  public boolean hasNext() {
    if (buffered != null) {
      return true;
    }
    if (finished) {
      return false;
    }
    try {
      buffered = advance();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    if (buffered == null) {
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

  /** Stops the iteration and cancels pages still in flight. Idempotent. */
  @Override
  public void close() {
    finished = true;
    buffered = null;
    Future<ListCustomersResponse> future;
    while ((future = inFlight.poll()) != null) {
      future.cancel(true);
    }
  }

  private ListCustomersResponse advance() {
    if (!started) {
      started = true;
      return first();
    }
    if (nextPage > totalPages) {
      checkCount();
      return null;
    }
    int number = nextPage++;
    ListCustomersResponse page = parallelism > 1 ? takeInOrder() : fetch.apply(pinned.withPage(number));
    check(page, number);
    return page;
  }

  private ListCustomersResponse first() {
    ListCustomersResponse page = fetch.apply(query.withPage(firstPage));
    PaginationInfo info = page.getPaginationInfo();
    int size = customersOf(page, firstPage);
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
      snapshot = info.getFirstRequestTimestamp().toInstant();
    }
    pinned = snapshot == null ? query : query.withSnapshot(snapshot);
    customersSeen = size;
    nextPage = firstPage + 1;
    nextToSubmit = nextPage;
    return page;
  }

  private ListCustomersResponse takeInOrder() {
    while (inFlight.size() < parallelism && nextToSubmit <= totalPages) {
      CustomerQuery pageQuery = pinned.withPage(nextToSubmit++);
      inFlight.add(pool.submit(() -> fetch.apply(pageQuery)));
    }
    Future<ListCustomersResponse> head = inFlight.poll();
    try {
      return head.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw PassportException.transport("interrupted while waiting for a page", e);
    } catch (CancellationException e) {
      throw PassportException.transport("the page fetch was cancelled", e);
    }
  }

  private void check(ListCustomersResponse page, int number) {
    int size = customersOf(page, number);
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

  private static int customersOf(ListCustomersResponse page, int number) {
    var customers = page.getCustomers();
    if (customers == null) {
      return 0;
    }
    for (int i = 0; i < customers.size(); i++) {
      Customer customer = customers.get(i);
      if (customer == null) {
        throw inconsistent("page " + number + " has null at customers[" + i + "]");
      }
    }
    return customers.size();
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
