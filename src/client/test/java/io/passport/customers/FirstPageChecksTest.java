package io.passport.customers;

import static io.passport.customers.ClientTestSupport.clientFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.passport.customers.internal.ApiJson;
import io.passport.customers.internal.SharedResources;
import io.passport.customers.model.Customer;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a listing checks on the first page it reads, before it trusts its counts: an empty first page
 * that counts customers, a negative count, and a page answering for another page number each fail as
 * an INVALID_RESPONSE; an empty first page that counts none, or an empty later starting page, is an
 * empty listing.
 */
class FirstPageChecksTest {
  private final MockWebServer server = ClientTestSupport.newServer();

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void answer(String body) {
    server.enqueue(new MockResponse.Builder().body(body).build());
  }

  private List<String> list(CustomerQuery query) {
    try (PassportCustomersClient client = clientFor(server).retryPolicy(RetryPolicy.none()).build()) {
      return client.listAll(query).stream().map(Customer::getId).toList();
    }
  }

  private PassportException failure(CustomerQuery query) {
    PassportException e = catchThrowableOfType(PassportException.class, () -> list(query));
    assertThat(e.kind()).isEqualTo(PassportException.Kind.INVALID_RESPONSE);
    return e;
  }

  @Test
  void anEmptyFirstPageThatCountsCustomersFails() {
    answer("{\"customers\":[],\"pagination_info\":{\"current_page\":1,\"total_pages\":1,\"total_elements\":1}}");
    assertThat(failure(CustomerQuery.all()).getMessage()).contains("page 1 is empty but the server counts 1 customers");
  }

  @Test
  void anEmptyFirstPageThatCountsNoneIsAnEmptyListing() {
    answer("{\"customers\":[],\"pagination_info\":{\"current_page\":1,\"total_pages\":0,\"total_elements\":0}}");
    assertThat(list(CustomerQuery.all())).isEmpty();
  }

  @Test
  void anEmptyLaterStartingPageIsAnEmptyListingWhateverItCounts() {
    answer("{\"customers\":[],\"pagination_info\":{\"current_page\":3,\"total_pages\":2,\"total_elements\":20}}");
    assertThat(list(CustomerQuery.builder().pageSize(10).pageNumber(3).build())).isEmpty();
  }

  @Test
  void aNegativeCountOnTheFirstPageFailsNamingIt() {
    answer("{\"customers\":[{\"id\":\"c-1\"}],\"pagination_info\":{\"current_page\":1,\"total_pages\":1,"
        + "\"total_elements\":-1}}");
    assertThat(failure(CustomerQuery.all()).getMessage())
        .contains("pagination_info has a negative count: current_page=1, total_pages=1, total_elements=-1");
  }

  @Test
  void aFirstPageAnsweringForAnotherPageNumberFails() {
    answer("{\"customers\":[{\"id\":\"c-11\"}],\"pagination_info\":{\"current_page\":2,\"total_pages\":2,"
        + "\"total_elements\":11}}");
    assertThat(failure(CustomerQuery.builder().pageSize(10).build()).getMessage())
        .contains("asked for page 1 but got page 2");
  }

  @Test
  void timestampsAreWrittenBackInTheFormTheyAreRead() throws IOException {
    var adapter = ApiJson.moshi().adapter(OffsetDateTime.class);
    OffsetDateTime instant = OffsetDateTime.parse("2025-10-09T17:35:17.123456789Z");
    assertThat(adapter.toJson(instant)).isEqualTo("\"2025-10-09T17:35:17.123456789Z\"");
    assertThat(adapter.fromJson(adapter.toJson(instant))).isEqualTo(instant);
  }

  @Test
  void callThreadsAreDaemonsAndTheLastReleaseStopsOkHttpsOwnThreads() throws Exception {
    SharedResources shared = SharedResources.create(null, 1);
    assertThat(shared.retain()).isTrue();
    shared.release();
    shared.callThreads.submit(() -> { }).get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(LifecycleTest.callThreads()).allSatisfy(t -> assertThat(t.isDaemon()).isTrue());
    shared.release();

    assertThat(shared.retain()).as("no owner is added once the last one has gone").isFalse();
    assertThat(shared.callThreads.isShutdown()).isTrue();
    assertThat(shared.http.dispatcher().executorService().isShutdown()).isTrue();
  }
}
