package io.passport.customers;

import static io.passport.customers.ClientTestSupport.clientFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.passport.customers.internal.CallScope;
import io.passport.customers.internal.InFlightLimit;
import io.passport.customers.internal.ListingContract;
import io.passport.customers.internal.PageIterator;
import io.passport.customers.model.Customer;
import io.passport.customers.model.ListCustomersResponse;
import io.passport.customers.model.PaginationInfo;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The listing's promises, checked on every page whether the listing starts at page 1 or at a later
 * page with a snapshot (as a resumed export does): the snapshot echoed to the nanosecond, the totals,
 * the page numbers, the end count and ids repeated across a page boundary. Each broken promise is an
 * INVALID_RESPONSE whose message names it. Through a client and a fake server, and on the contract alone.
 */
class ListingContractTest {
  private static final Instant PIN = Instant.parse("2025-10-09T17:35:17.123456789Z");

  private final MockWebServer server = ClientTestSupport.newServer();

  private final ExecutorService callThreads = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    server.close();
    callThreads.shutdownNow();
  }

  private List<String> listAll(Dispatcher dispatcher, CustomerQuery query, int parallelism) throws IOException {
    server.setDispatcher(dispatcher);
    server.start();
    try (PassportCustomersClient client = clientFor(server).retryPolicy(RetryPolicy.none())
        .parallelism(parallelism).build()) {
      return client.listAll(query).stream().map(Customer::getId).toList();
    }
  }

  private PassportException broken(Dispatcher dispatcher, CustomerQuery query) {
    PassportException e = catchThrowableOfType(PassportException.class, () -> listAll(dispatcher, query, 1));
    assertThat(e).as("the listing fails").isNotNull();
    assertThat(e.kind()).isEqualTo(PassportException.Kind.INVALID_RESPONSE);
    return e;
  }

  private static CustomerQuery from(int page, Instant snapshot) {
    return CustomerQuery.builder().pageSize(10).pageNumber(page).snapshot(snapshot).build();
  }

  private static MockResponse body(String json) {
    return new MockResponse.Builder().body(json).build();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4})
  void aProviderThatIgnoresThePinAndStampsEveryPageAfreshIsCaught(int parallelism) {
    AtomicLong clock = new AtomicLong(PIN.getEpochSecond());
    FakeListing fresh = new FakeListing(30) {
      @Override
      String page(int page, int pageSize, String snapshot) {
        return super.page(page, pageSize, Instant.ofEpochSecond(clock.incrementAndGet(), 5).toString());
      }
    };
    PassportException e = catchThrowableOfType(PassportException.class,
        () -> listAll(fresh, CustomerQuery.builder().pageSize(10).build(), parallelism));

    assertThat(e.kind()).isEqualTo(PassportException.Kind.INVALID_RESPONSE);
    assertThat(e.getMessage()).contains("(snapshot)", "page 2 echoes first_request_timestamp",
        "not the snapshot page 1 set");
  }

  @Test
  void anEchoOneNanosecondOffThePinIsCaught() {
    FakeListing listing = new FakeListing(30).override(2, body(new FakeListing(30).page(2, 10,
        "2025-10-09T17:35:17.123456788Z")));

    assertThat(broken(listing, CustomerQuery.builder().pageSize(10).build()).getMessage())
        .contains("(snapshot): page 2 echoes first_request_timestamp 2025-10-09T17:35:17.123456788Z, not the"
            + " snapshot page 1 set, 2025-10-09T17:35:17.123456789Z");
  }

  @Test
  void aResumedListingWhoseFirstPageEchoesAnotherSnapshotIsCaught() {
    Instant mine = Instant.parse("2024-01-01T00:00:00.000000001Z");
    FakeListing ignoring = new FakeListing(30) {
      @Override
      String page(int page, int pageSize, String snapshot) {
        return super.page(page, pageSize, FIRST_REQUEST_TIMESTAMP);
      }
    };

    assertThat(broken(ignoring, from(2, mine)).getMessage())
        .contains("(snapshot): page 2 echoes", "not the query's snapshot 2024-01-01T00:00:00.000000001Z");
  }

  @Test
  void aResumedListingThatEchoesThePinListsTheRest() throws IOException {
    List<String> ids = listAll(new FakeListing(25), from(2, PIN), 2);

    assertThat(ids).isEqualTo(IntStream.rangeClosed(11, 25).mapToObj(i -> "c-" + i).toList());
  }

  @Test
  void aResumedListingWithFewerCustomersThanItCountsIsCaught() {
    // Page 3 (the last) holds one customer where 30 were counted: 21 after the 10 of page 1.
    FakeListing listing = new FakeListing(30).override(3, body(
        "{\"customers\":[{\"id\":\"c-21\"}],\"pagination_info\":{\"current_page\":3,\"total_pages\":3,"
            + "\"total_elements\":30}}"));

    assertThat(broken(listing, from(2, PIN)).getMessage())
        .contains("(count): the server counts 30 customers but pages 2 to 3 held 11 after the 10 of the full"
            + " pages before them");
  }

  @Test
  void aResumedListingWhoseEmptyStartingPageCountsCustomersBeyondItIsCaught() {
    FakeListing listing = new FakeListing(30).override(3, body(
        "{\"customers\":[],\"pagination_info\":{\"current_page\":3,\"total_pages\":3,\"total_elements\":30}}"));

    assertThat(broken(listing, from(3, PIN)).getMessage())
        .contains("(count): page 3 is empty but the server counts 30 customers, more than the 20 of the pages before it");
  }

  @Test
  void aResumedListingWhoseTotalChangesBetweenPagesIsCaught() {
    FakeListing listing = new FakeListing(30).override(3, body(new FakeListing(25).page(3, 10,
        FakeListing.FIRST_REQUEST_TIMESTAMP)));

    assertThat(broken(listing, from(2, PIN)).getMessage())
        .contains("(totals): page 3 counts 25 customers where page 2 counted 30");
  }

  @Test
  void totalElementsThatChangeBetweenPagesAreCaughtEvenWhenThePageCountStays() {
    FakeListing listing = new FakeListing(30).override(2, body(new FakeListing(29).page(2, 10)));

    assertThat(broken(listing, CustomerQuery.builder().pageSize(10).build()).getMessage())
        .contains("(totals): page 2 counts 29 customers where page 1 counted 30",
            "customers were deleted or added while the listing ran");
  }

  @Test
  void aCustomerThatMovesAcrossAPageBoundaryIsCaught() {
    // c-10, last of page 1, comes again first on page 2 (a customer before it moved behind it).
    FakeListing listing = new FakeListing(30).override(2, body(pageOf(2, 3, 30, "c-10", "c-11", "c-12", "c-13",
        "c-14", "c-15", "c-16", "c-17", "c-18", "c-19")));

    assertThat(broken(listing, CustomerQuery.builder().pageSize(10).build()).getMessage())
        .contains("(repeated id): customer c-10 is on page 1 and again on page 2");
  }

  @Test
  void anIdTwiceOnOnePageIsCaught() {
    FakeListing listing = new FakeListing(30).override(2, body(pageOf(2, 3, 30, "c-11", "c-12", "c-11", "c-14",
        "c-15", "c-16", "c-17", "c-18", "c-19", "c-20")));

    assertThat(broken(listing, CustomerQuery.builder().pageSize(10).build()).getMessage())
        .contains("(repeated id): customer c-11 is twice on page 2");
  }

  private static String pageOf(int page, int totalPages, int totalElements, String... ids) {
    List<String> customers = new ArrayList<>();
    for (String id : ids) {
      customers.add("{\"id\":\"" + id + "\"}");
    }
    return "{\"customers\":[" + String.join(",", customers) + "],\"pagination_info\":{\"first_request_timestamp\":\""
        + FakeListing.FIRST_REQUEST_TIMESTAMP + "\",\"current_page\":" + page + ",\"total_pages\":" + totalPages
        + ",\"total_elements\":" + totalElements + "}}";
  }

  // The contract alone, page by page.

  private static ListCustomersResponse page(int current, Integer totalPages, Long totalElements, Instant echo,
      String... ids) {
    ListCustomersResponse page = new ListCustomersResponse();
    List<Customer> customers = new ArrayList<>();
    for (String id : ids) {
      customers.add(new Customer().id(id));
    }
    page.setCustomers(customers);
    page.setPaginationInfo(new PaginationInfo().currentPage(current).totalPages(totalPages)
        .totalElements(totalElements)
        .firstRequestTimestamp(echo == null ? null : OffsetDateTime.ofInstant(echo, ZoneOffset.UTC)));
    return page;
  }

  @Test
  void aFreshListingTakesItsPinAndTotalsFromItsFirstPage() {
    ListingContract contract = new ListingContract(CustomerQuery.builder().pageSize(2).build());
    assertThat(contract.pin()).isNull();
    assertThat(contract.totalPages()).isZero();

    assertThat(contract.first(page(1, 2, 3L, PIN, "a", "b"))).isTrue();
    assertThat(contract.pin()).isEqualTo(PIN);
    assertThat(contract.totalPages()).isEqualTo(2);
    contract.next(page(2, 2, 3L, null, "c")); // an echo left out says nothing
    contract.end();
  }

  @Test
  void aPinFromTheQueryIsKeptWhateverTheFirstPageEchoes() {
    ListingContract contract = new ListingContract(CustomerQuery.builder().pageSize(2).snapshot(PIN).build());
    assertThat(contract.pin()).isEqualTo(PIN);

    PassportException e = catchThrowableOfType(PassportException.class,
        () -> contract.first(page(1, 1, 1L, PIN.plusNanos(1), "a")));
    assertThat(e.getMessage()).contains("(snapshot): page 1 echoes");
    assertThat(contract.pin()).isEqualTo(PIN);
  }

  @Test
  void aListingWithoutPaginationInfoOnLaterPagesChecksTheirCountAtTheEnd() {
    ListingContract contract = new ListingContract(CustomerQuery.builder().pageSize(2).build());
    contract.first(page(1, 2, 4L, PIN, "a", "b"));
    ListCustomersResponse bare = new ListCustomersResponse();
    bare.setCustomers(List.of(new Customer().id("c")));
    contract.next(bare);

    assertThat(catchThrowableOfType(PassportException.class, contract::end).getMessage())
        .contains("(count): the server counts 4 customers but its 2 pages held 3");
  }

  @Test
  void anEmptyFirstPageIsAnEmptyListingWhenItCountsNoneBeyondThePagesBeforeIt() {
    assertThat(new ListingContract(CustomerQuery.builder().pageSize(10).build())
        .first(page(1, 0, 0L, PIN))).isFalse();
    assertThat(new ListingContract(CustomerQuery.builder().pageSize(10).pageNumber(3).build())
        .first(page(3, 2, 20L, PIN))).isFalse();
    assertThat(new ListingContract(CustomerQuery.builder().pageSize(10).pageNumber(3).build())
        .first(page(3, 2, null, PIN))).isFalse();
    assertThat(catchThrowableOfType(PassportException.class,
        () -> new ListingContract(CustomerQuery.builder().pageSize(10).pageNumber(3).build())
            .first(page(3, 3, 21L, PIN))).getMessage())
        .contains("(count): page 3 is empty but the server counts 21 customers, more than the 20");
    assertThat(catchThrowableOfType(PassportException.class,
        () -> new ListingContract(CustomerQuery.builder().pageSize(10).build()).first(page(1, 1, 1L, PIN)))
        .getMessage()).isEqualTo("HTTP 200 INVALID_RESPONSE: the listing broke its promise (count): page 1 is empty"
            + " but the server counts 1 customers");
  }

  @Test
  void customersWithoutAnIdAreNotTakenForRepeats() {
    ListingContract contract = new ListingContract(CustomerQuery.builder().pageSize(2).build());
    contract.first(page(1, 2, 4L, PIN, null, null));
    contract.next(page(2, 2, 4L, PIN, null, null));
    contract.end();
  }

  @Test
  void theEndCountHoldsForAResumedListingThatAddsUp() {
    ListingContract contract = new ListingContract(CustomerQuery.builder().pageSize(2).pageNumber(2).snapshot(PIN).build());
    contract.first(page(2, 3, 5L, PIN, "c", "d"));
    contract.next(page(3, 3, 5L, PIN, "e"));
    contract.end();
  }

  @Test
  void aLaterPageThatCountsOtherPagesOrIsAnotherPageIsCaught() {
    ListingContract pages = new ListingContract(CustomerQuery.builder().pageSize(2).build());
    pages.first(page(1, 3, 5L, PIN, "a", "b"));
    assertThat(catchThrowableOfType(PassportException.class, () -> pages.next(page(2, 4, 5L, PIN, "c", "d")))
        .getMessage()).contains("(totals): page 2 counts 4 pages where page 1 counted 3");

    ListingContract number = new ListingContract(CustomerQuery.builder().pageSize(2).build());
    number.first(page(1, 3, 5L, PIN, "a", "b"));
    assertThat(catchThrowableOfType(PassportException.class, () -> number.next(page(3, 3, 5L, PIN, "e")))
        .getMessage()).contains("(page number): asked for page 2 but got page 3");

    ListingContract negative = new ListingContract(CustomerQuery.builder().pageSize(2).build());
    negative.first(page(1, 3, 5L, PIN, "a", "b"));
    assertThat(catchThrowableOfType(PassportException.class, () -> negative.next(page(-2, 3, 5L, PIN, "c")))
        .getMessage()).contains("(totals): pagination_info has a negative count: current_page=-2");
  }

  /** A listing of pages made in memory, page {@code broken} with an id of page 1: it runs {@code onClose} when it ends. */
  private PageIterator inMemory(int pages, int broken, Runnable onClose) {
    PageIterator.PageFetch fetch = (query, scope, window) -> {
      int n = query.pageNumber();
      return () -> page(n, pages, (long) pages, PIN, n == broken ? "c-1" : "c-" + n);
    };
    return new PageIterator(fetch, CustomerQuery.builder().pageSize(1).build(), callThreads,
        CallScope.root().child(), InFlightLimit.fixed(2), 2, onClose);
  }

  @Test
  void aListingThatEndsReleasesItselfOnceAndStaysEnded() {
    AtomicInteger released = new AtomicInteger();
    PageIterator pages = inMemory(3, 0, released::incrementAndGet);
    List<String> ids = new ArrayList<>();
    while (pages.hasNext()) {
      ids.add(pages.next().getCustomers().get(0).getId());
    }

    assertThat(ids).containsExactly("c-1", "c-2", "c-3");
    assertThat(released).as("released when it ended, with no close() from its consumer").hasValue(1);
    assertThat(pages.hasNext()).as("an ended listing stays ended").isFalse();
    pages.close();
    assertThat(released).hasValue(1);
  }

  @Test
  void aBrokenPromiseReleasesTheListingAndEndsIt() {
    AtomicInteger released = new AtomicInteger();
    PageIterator pages = inMemory(3, 2, released::incrementAndGet);
    assertThat(pages.hasNext()).isTrue();
    pages.next();

    assertThat(catchThrowableOfType(PassportException.class, pages::hasNext).getMessage())
        .contains("(repeated id): customer c-1 is on page 1 and again on page 2");
    assertThat(released).as("released when it failed, with no close() from its consumer").hasValue(1);
    assertThat(catchThrowableOfType(PassportException.class, pages::hasNext).kind())
        .isEqualTo(PassportException.Kind.CANCELLED);
  }

  @Test
  void aStartingPageBeyondTheCountedPagesIsCaught() {
    ListingContract contract = new ListingContract(CustomerQuery.builder().pageSize(2).pageNumber(4).build());
    assertThat(catchThrowableOfType(PassportException.class, () -> contract.first(page(4, 3, 6L, PIN, "g")))
        .getMessage()).contains("(page number): page 4 has customers but the server counts 3 pages");
  }
}
