package io.passport.customers;

import static io.passport.customers.ClientTestSupport.clientFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.passport.customers.model.Customer;
import io.passport.customers.model.ListCustomersResponse;
import io.passport.customers.model.OrderDirection;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PaginationTest {
  private final MockWebServer server = ClientTestSupport.newServer();
  private PassportCustomersClient client;

  private FakeListing serve(int customers) throws IOException {
    FakeListing listing = new FakeListing(customers);
    server.setDispatcher(listing);
    server.start();
    client = clientFor(server).build();
    return listing;
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    server.close();
  }

  private static List<String> ids(Iterable<Customer> customers) {
    List<String> ids = new ArrayList<>();
    customers.forEach(c -> ids.add(c.getId()));
    return ids;
  }

  private static List<String> expectedIds(int count) {
    return IntStream.rangeClosed(1, count).mapToObj(i -> "c-" + i).toList();
  }

  @Test
  void listReturnsOnePageWithItsPaginationInfo() throws IOException {
    serve(25);

    ListCustomersResponse page = client.list(CustomerQuery.builder().pageSize(10).pageNumber(2).build());

    assertThat(page.getCustomers()).extracting(Customer::getId).containsExactlyElementsOf(expectedIds(20).subList(10, 20));
    assertThat(page.getPaginationInfo().getCurrentPage()).isEqualTo(2);
    assertThat(page.getPaginationInfo().getTotalPages()).isEqualTo(3);
    assertThat(page.getPaginationInfo().getTotalElements()).isEqualTo(25L);
  }

  @Test
  void listSendsEveryQueryParameterUnderItsWireName() throws Exception {
    FakeListing listing = serve(1);

    client.list(CustomerQuery.builder().pageSize(5).pageNumber(1).orderKey("business_name")
        .orderDirection(OrderDirection.ASC).identificationType("NIT").identificationNumber("903978023")
        .customerId("c-1").snapshot(Instant.parse("2025-10-09T17:35:17.5Z")).build());

    assertThat(listing.requests.get(0).getUrl().encodedQuery()).isEqualTo(
        "page_params.page_size=5&page_params.page_number=1"
            + "&page_params.first_request_timestamp.seconds=1760031317"
            + "&page_params.first_request_timestamp.nanos=500000000"
            + "&order_params.order_key=business_name&order_params.order_direction=ASC"
            + "&identification_number=903978023&customer_id=c-1&identification_type=NIT");
  }

  @Test
  void nothingIsFetchedUntilIterationStarts() throws IOException {
    FakeListing listing = serve(25);

    CustomerPaginator all = client.listAll(CustomerQuery.all());
    Iterator<Customer> iterator = all.iterator();
    Stream<Customer> stream = all.stream();
    all.pages();
    assertThat(listing.requests).isEmpty();

    iterator.hasNext();
    assertThat(listing.requests).hasSize(1);
    stream.close();
  }

  @Test
  void listAllYieldsEveryCustomerOnceInOrder() throws IOException {
    serve(250);

    assertThat(ids(client.listAll(CustomerQuery.builder().pageSize(30).build()))).containsExactlyElementsOf(expectedIds(250));
  }

  @Test
  void laterPagesCarryPageOnesFirstRequestTimestampAsSecondsAndNanos() throws IOException {
    FakeListing listing = serve(35);

    assertThat(ids(client.listAll(CustomerQuery.builder().pageSize(10).build()))).hasSize(35);

    Instant pinned = Instant.parse(FakeListing.FIRST_REQUEST_TIMESTAMP);
    List<RecordedRequest> requests = listing.listRequests();
    assertThat(requests).hasSize(4);
    assertThat(requests.get(0).getUrl().queryParameter("page_params.first_request_timestamp.seconds")).isNull();
    for (int page = 2; page <= 4; page++) {
      RecordedRequest request = requests.get(page - 1);
      assertThat(request.getUrl().queryParameter("page_params.page_number")).isEqualTo(String.valueOf(page));
      assertThat(request.getUrl().queryParameter("page_params.first_request_timestamp.seconds"))
          .isEqualTo(String.valueOf(pinned.getEpochSecond()));
      assertThat(request.getUrl().queryParameter("page_params.first_request_timestamp.nanos"))
          .isEqualTo("123456789");
    }
  }

  @Test
  void aSnapshotGivenInTheQueryIsKeptOnEveryPage() throws IOException {
    FakeListing listing = serve(15);
    Instant mine = Instant.parse("2024-01-01T00:00:00.000000001Z");

    ids(client.listAll(CustomerQuery.builder().pageSize(10).snapshot(mine).build()));

    assertThat(listing.listRequests()).allSatisfy(r -> {
      assertThat(r.getUrl().queryParameter("page_params.first_request_timestamp.seconds"))
          .isEqualTo(String.valueOf(mine.getEpochSecond()));
      assertThat(r.getUrl().queryParameter("page_params.first_request_timestamp.nanos")).isEqualTo("1");
    });
  }

  @Test
  void listAllAsksForTheLargestPagesWhenTheQueryNamesNoSize() throws IOException {
    FakeListing listing = serve(150);

    assertThat(ids(client.listAll(CustomerQuery.all()))).hasSize(150);
    assertThat(listing.listRequests()).hasSize(2)
        .allSatisfy(r -> assertThat(r.getUrl().queryParameter("page_params.page_size")).isEqualTo("100"));
  }

  @Test
  void listAllStartsAtTheQuerysPageNumber() throws IOException {
    serve(30);

    assertThat(ids(client.listAll(CustomerQuery.builder().pageSize(10).pageNumber(2).build())))
        .containsExactlyElementsOf(expectedIds(30).subList(10, 30));
  }

  @Test
  void streamAndIterableAndPagesAgree() throws IOException {
    serve(42);
    CustomerPaginator all = client.listAll(CustomerQuery.builder().pageSize(10).build());

    List<String> fromStream;
    try (Stream<Customer> stream = all.stream()) {
      fromStream = stream.map(Customer::getId).toList();
    }
    List<String> fromPages = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    for (ListCustomersResponse page : all.pages()) {
      pageSizes.add(page.getCustomers().size());
      page.getCustomers().forEach(c -> fromPages.add(c.getId()));
    }
    List<String> fromPageStream;
    try (Stream<ListCustomersResponse> pages = all.pageStream()) {
      fromPageStream = pages.flatMap(p -> p.getCustomers().stream()).map(Customer::getId).toList();
    }

    assertThat(fromStream).containsExactlyElementsOf(expectedIds(42));
    assertThat(fromPages).isEqualTo(fromStream);
    assertThat(fromPageStream).isEqualTo(fromStream);
    assertThat(ids(all)).isEqualTo(fromStream);
    assertThat(pageSizes).containsExactly(10, 10, 10, 10, 2);
  }

  @Test
  void aStreamStoppedEarlyFetchesAtMostTwoPagesAheadAndThenNoMore() throws IOException {
    FakeListing listing = serve(100);

    try (Stream<Customer> stream = client.listAll(CustomerQuery.builder().pageSize(10).build()).stream()) {
      assertThat(stream.limit(15).count()).isEqualTo(15);
    }
    sleepQuietly(200); // a request sent just before the close may reach the server just after it
    int settled = listing.listRequests().size();
    sleepQuietly(200);

    // Pages 1 and 2 were read; at parallelism 1 at most 2 more were fetched ahead, and then no more.
    assertThat(settled).isBetween(2, 4);
    assertThat(listing.listRequests()).hasSize(settled);
  }

  @Test
  void anEntityWithoutCustomersListsAsEmpty() throws IOException {
    serve(0);

    assertThat(client.listAll(CustomerQuery.all())).isEmpty();
    assertThat(client.listAll(CustomerQuery.all()).pages()).isEmpty();
    ListCustomersResponse page = client.list(CustomerQuery.all());
    assertThat(page.getCustomers()).isEmpty();
    assertThat(page.getPaginationInfo()).isNull();
  }

  @ParameterizedTest(name = "parallelism {0}")
  @ValueSource(ints = {2, 4, 8})
  void parallelFetchingYieldsTheSameCustomersInTheSameOrder(int parallelism) throws IOException {
    FakeListing listing = serve(1003);
    List<String> sequential = ids(client.listAll(CustomerQuery.builder().pageSize(10).build()));

    try (PassportCustomersClient parallel = clientFor(server).parallelism(parallelism).build()) {
      List<String> concurrent = ids(parallel.listAll(CustomerQuery.builder().pageSize(10).build()));
      assertThat(concurrent).isEqualTo(sequential).containsExactlyElementsOf(expectedIds(1003));
    }
    Instant pinned = Instant.parse(FakeListing.FIRST_REQUEST_TIMESTAMP);
    assertThat(listing.listRequests()).hasSize(2 * 101).filteredOn(
            r -> !"1".equals(r.getUrl().queryParameter("page_params.page_number")))
        .allSatisfy(r -> assertThat(r.getUrl().queryParameter("page_params.first_request_timestamp.seconds"))
            .isEqualTo(String.valueOf(pinned.getEpochSecond())));
  }

  @Test
  void parallelFetchingRunsTwiceItsParallelismAheadOfTheConsumerAndNoFurther() throws IOException {
    FakeListing listing = serve(200);

    try (PassportCustomersClient parallel = clientFor(server).parallelism(3).build()) {
      Iterator<Customer> customers = parallel.listAll(CustomerQuery.builder().pageSize(10).build()).iterator();
      customers.next();
      for (int i = 0; i < 10; i++) {
        customers.next(); // into page 2: pages 1 and 2 taken, pages 3 to 8 fetched ahead (2 x 3)
      }
      await(() -> listing.listRequests().size() >= 8);
      sleepQuietly(100);
      assertThat(listing.listRequests()).hasSize(8);
    }
  }

  @Test
  void aPageAnsweringForAnotherPageNumberFailsLoudly() throws IOException {
    FakeListing listing = serve(30);
    listing.override(2, new MockResponse.Builder().body(listing.page(1, 10)).build());

    assertThatThrownBy(() -> ids(client.listAll(CustomerQuery.builder().pageSize(10).build())))
        .isInstanceOfSatisfying(PassportException.class,
            e -> assertThat(e.kind()).isEqualTo(PassportException.Kind.INVALID_RESPONSE))
        .hasMessageContaining("asked for page 2 but got page 1");
  }

  @Test
  void anEmptyPageInTheMiddleFailsLoudlyInsteadOfEndingShort() throws IOException {
    FakeListing listing = serve(30);
    listing.override(2, new MockResponse.Builder()
        .body("{\"customers\":[],\"pagination_info\":{\"current_page\":2,\"total_pages\":3}}").build());

    assertThatThrownBy(() -> ids(client.listAll(CustomerQuery.builder().pageSize(10).build())))
        .isInstanceOf(PassportException.class)
        .hasMessageContaining("page 2 of 3 is empty");
  }

  @Test
  void fewerCustomersThanTheServerCountedFailsLoudly() throws IOException {
    FakeListing listing = serve(30);
    listing.override(3, new MockResponse.Builder().body(
        "{\"customers\":[{\"id\":\"c-21\"}],\"pagination_info\":{\"current_page\":3,\"total_pages\":3,"
            + "\"total_elements\":30}}").build());

    assertThatThrownBy(() -> ids(client.listAll(CustomerQuery.builder().pageSize(10).build())))
        .isInstanceOf(PassportException.class)
        .hasMessageContaining("counts 30 customers but its 3 pages held 21");
  }

  @Test
  void aFirstPageWithCustomersButNoPageCountFailsLoudly() throws IOException {
    FakeListing listing = serve(30);
    listing.override(1, new MockResponse.Builder().body("{\"customers\":[{\"id\":\"c-1\"}]}").build());

    assertThatThrownBy(() -> ids(client.listAll(CustomerQuery.builder().pageSize(10).build())))
        .isInstanceOf(PassportException.class)
        .hasMessageContaining("no pagination_info.total_pages");
  }

  private static void await(java.util.function.BooleanSupplier condition) {
    long end = System.nanoTime() + 5_000_000_000L;
    while (!condition.getAsBoolean() && System.nanoTime() < end) {
      sleepQuietly(5);
    }
    assertThat(condition.getAsBoolean()).as("the awaited condition, within 5 s").isTrue();
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
