package io.passport.customers.internal;

import io.passport.customers.CustomerQuery;
import io.passport.customers.PassportException;
import io.passport.customers.model.Customer;
import io.passport.customers.model.ListCustomersResponse;
import io.passport.customers.model.PaginationInfo;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What one listing promises, checked on every page it yields, in order, whether it starts at page 1
 * or at a later page (a resumed listing). A broken promise is a {@link PassportException} of kind
 * {@link PassportException.Kind#INVALID_RESPONSE} whose message begins with the promise's name:
 *
 * <ul>
 *   <li><b>snapshot</b>: every page that echoes a {@code first_request_timestamp} echoes the pin, to
 *       the nanosecond: the query's snapshot, or else the one the listing's first page set;
 *   <li><b>totals</b>: {@code total_pages} and {@code total_elements} are the same on every page, and
 *       never negative;
 *   <li><b>page number</b>: each page says it is the page asked for ({@code current_page}), no page
 *       before the last is empty, and a page that holds customers lies within {@code total_pages};
 *   <li><b>count</b>: the customers the pages held, with those of the full pages before a later
 *       starting page, are {@code total_elements}; an empty first page counts none beyond it;
 *   <li><b>repeated id</b>: no customer id comes twice on one page or on two pages in a row (a
 *       customer that moved across a page boundary while the listing ran).
 * </ul>
 *
 * <p>Not thread-safe: one listing's consumer owns it.
 */
public final class ListingContract {
  private final int firstPage;
  private final @Nullable Integer pageSize;
  private @Nullable Instant pin;
  /** Whether the pin came from the query (so the first page must echo it too). */
  private final boolean pinnedByQuery;

  private int nextPage;
  private int totalPages;
  private @Nullable Long totalElements;
  private long customersSeen;
  private Set<String> previousIds = Set.of();

  /**
   * @param query the listing's query: its page number (1 when unset), page size and snapshot
   */
  public ListingContract(CustomerQuery query) {
    this.firstPage = query.pageNumber() == null ? 1 : query.pageNumber();
    this.pageSize = query.pageSize();
    this.pin = query.snapshot();
    this.pinnedByQuery = pin != null;
    this.nextPage = firstPage;
  }

  /** {@return the snapshot later pages are pinned to; null while no page has set one} */
  public @Nullable Instant pin() {
    return pin;
  }

  /** {@return the last page there is, as the first page counted it; 0 before it} */
  public int totalPages() {
    return totalPages;
  }

  /**
   * Checks the listing's first page.
   *
   * @return whether the listing has more than this page to yield: false for an empty first page
   *     (an empty listing)
   */
  public boolean first(ListCustomersResponse page) {
    PaginationInfo info = page.getPaginationInfo();
    int size = page.getCustomers().size();
    if (info != null) {
      checkNotNegative(info);
      checkEcho(info, firstPage);
    }
    if (size == 0) {
      if (info != null && info.getTotalElements() != null && info.getTotalElements() > before()) {
        throw broken("count", "page " + firstPage + " is empty but the server counts " + info.getTotalElements()
            + " customers" + (firstPage == 1 ? "" : ", more than the " + before() + " of the pages before it"));
      }
      return false;
    }
    if (info == null || info.getTotalPages() == null) {
      throw broken("totals", "page " + firstPage + " has customers but no pagination_info.total_pages");
    }
    checkPageNumber(info, firstPage);
    if (firstPage > info.getTotalPages()) {
      throw broken("page number", "page " + firstPage + " has customers but the server counts "
          + info.getTotalPages() + " pages");
    }
    totalPages = info.getTotalPages();
    totalElements = info.getTotalElements();
    if (pin == null && info.getFirstRequestTimestamp() != null) {
      pin = info.getFirstRequestTimestamp().toInstant(); // in range: the client checked every page
    }
    take(page, firstPage);
    return true;
  }

  /** Checks the next page after the first; the caller asks for pages up to {@link #totalPages()} in order. */
  public void next(ListCustomersResponse page) {
    int number = nextPage;
    if (page.getCustomers().isEmpty()) {
      throw broken("page number", "page " + number + " of " + totalPages + " is empty");
    }
    PaginationInfo info = page.getPaginationInfo();
    if (info != null) {
      checkNotNegative(info);
      checkPageNumber(info, number);
      checkEcho(info, number);
      if (info.getTotalPages() != null && info.getTotalPages() != totalPages) {
        throw broken("totals", "page " + number + " counts " + info.getTotalPages()
            + " pages where page " + firstPage + " counted " + totalPages);
      }
      if (info.getTotalElements() != null && totalElements != null
          && info.getTotalElements().longValue() != totalElements.longValue()) {
        throw broken("totals", "page " + number + " counts " + info.getTotalElements()
            + " customers where page " + firstPage + " counted " + totalElements
            + " (customers were deleted or added while the listing ran)");
      }
    }
    take(page, number);
  }

  /** Checks the end of a listing whose last page has been checked. */
  public void end() {
    if (totalElements != null && before() + customersSeen != totalElements) {
      throw broken("count", "the server counts " + totalElements + " customers but "
          + (firstPage == 1 ? "its " + totalPages + " pages held " + customersSeen
              : "pages " + firstPage + " to " + totalPages + " held " + customersSeen + " after the "
                  + before() + " of the full pages before them"));
    }
  }

  /** The customers on the pages before the first one, all full: 0 for a listing from page 1. */
  private long before() {
    return pageSize == null ? 0 : (long) (firstPage - 1) * pageSize;
  }

  private void take(ListCustomersResponse page, int number) {
    List<Customer> customers = page.getCustomers();
    Set<String> ids = new HashSet<>();
    for (Customer customer : customers) {
      String id = customer.getId();
      if (id == null) {
        continue;
      }
      if (previousIds.contains(id)) {
        throw broken("repeated id", "customer " + id + " is on page " + (number - 1) + " and again on page " + number
            + " (the order changed while the listing ran)");
      }
      if (!ids.add(id)) {
        throw broken("repeated id", "customer " + id + " is twice on page " + number);
      }
    }
    previousIds = ids;
    customersSeen += customers.size();
    nextPage = number + 1;
  }

  private void checkEcho(PaginationInfo info, int number) {
    if (pin == null || info.getFirstRequestTimestamp() == null) {
      return; // a field the server leaves out says nothing (protobuf JSON may omit any field)
    }
    Instant echoed = info.getFirstRequestTimestamp().toInstant();
    if (!pin.equals(echoed)) {
      String from = pinnedByQuery ? "the query's snapshot " : "the snapshot page " + firstPage + " set, ";
      throw broken("snapshot", "page " + number + " echoes first_request_timestamp "
          + echoed + ", not " + from + pin
          + " (the server does not keep the pages to one snapshot)");
    }
  }

  private static void checkNotNegative(PaginationInfo info) {
    if (negative(info.getTotalPages()) || negative(info.getCurrentPage()) || negative(info.getTotalElements())) {
      throw broken("totals", "pagination_info has a negative count: current_page=" + info.getCurrentPage()
          + ", total_pages=" + info.getTotalPages() + ", total_elements=" + info.getTotalElements());
    }
  }

  private static void checkPageNumber(PaginationInfo info, int requested) {
    if (info.getCurrentPage() != null && info.getCurrentPage() != requested) {
      throw broken("page number", "asked for page " + requested + " but got page " + info.getCurrentPage());
    }
  }

  private static boolean negative(@Nullable Number n) {
    return n != null && n.longValue() < 0;
  }

  private static PassportException broken(String promise, String what) {
    return Internal.invalidResponse(200, "the listing broke its promise (" + promise + "): " + what, null);
  }
}
