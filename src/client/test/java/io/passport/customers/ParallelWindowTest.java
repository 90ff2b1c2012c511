package io.passport.customers;

import static io.passport.customers.ClientTestSupport.clientFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.passport.customers.model.Customer;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Parallel listing really runs pages at once, up to its parallelism and never more. The server answers
 * each page after {@link #PAGE_TIME_MS} and counts the page calls it is answering at the same moment.
 * A sequential fetcher peaks at 1; a window that lets one more call out peaks above the parallelism.
 * The server never waits for a given number of calls to arrive, so a window that starts small and
 * grows on each answered page (slow start) still reaches its ceiling over the 20 pages.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ParallelWindowTest {
  private static final int PAGE_TIME_MS = 100;
  private static final int PAGES = 20;
  private static final int PAGE_SIZE = 10;

  private final MockWebServer server = ClientTestSupport.newServer();
  private final FakeListing listing = new FakeListing(PAGES * PAGE_SIZE);
  private final AtomicInteger answering = new AtomicInteger();
  private final AtomicInteger mostAtOnce = new AtomicInteger();

  @AfterEach
  void stop() {
    server.close();
  }

  private void serveSlowly() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        int now = answering.incrementAndGet();
        mostAtOnce.accumulateAndGet(now, Math::max);
        try {
          Thread.sleep(PAGE_TIME_MS);
          return listing.dispatch(request);
        } finally {
          answering.decrementAndGet();
        }
      }
    });
    server.start();
  }

  private List<String> listWith(int parallelism) {
    try (PassportCustomersClient client = clientFor(server).parallelism(parallelism).build()) {
      return client.listAll(CustomerQuery.builder().pageSize(PAGE_SIZE).build()).stream()
          .map(Customer::getId).toList();
    }
  }

  @Test
  void fourPagesAreFetchedAtOnceAtParallelismFourAndNeverFive() throws IOException {
    serveSlowly();

    List<String> ids = listWith(4);

    assertThat(ids).containsExactlyElementsOf(
        IntStream.rangeClosed(1, PAGES * PAGE_SIZE).mapToObj(i -> "c-" + i).toList());
    assertThat(listing.listRequests()).hasSize(PAGES);
    assertThat(mostAtOnce.get()).as("page calls the server answered at the same moment").isEqualTo(4);
  }

  @Test
  void parallelismOneFetchesOnePageAtATime() throws IOException {
    serveSlowly();

    assertThat(listWith(1)).hasSize(PAGES * PAGE_SIZE);
    assertThat(mostAtOnce.get()).isEqualTo(1);
  }

  @Test
  void theClientsOwnConnectionPoolKeepsEveryConnectionOfAListingForTheNextOne() throws IOException {
    serveSlowly();
    try (PassportCustomersClient client = clientFor(server).parallelism(8).build()) {
      CustomerQuery query = CustomerQuery.builder().pageSize(PAGE_SIZE).build();
      assertThat(client.listAll(query).stream().count()).isEqualTo(PAGES * PAGE_SIZE);
      Set<Integer> first = connections(listing.listRequests());
      int firstRequests = listing.listRequests().size();

      assertThat(client.listAll(query).stream().count()).isEqualTo(PAGES * PAGE_SIZE);
      Set<Integer> second = connections(listing.listRequests().subList(firstRequests, listing.listRequests().size()));

      // OkHttp's default pool keeps 5 idle connections, and would have closed the rest.
      assertThat(first).as("connections of the first listing").hasSizeGreaterThan(5);
      assertThat(second).as("connections of the second listing").isSubsetOf(first);
    }
  }

  private static Set<Integer> connections(List<RecordedRequest> requests) {
    return requests.stream().map(RecordedRequest::getConnectionIndex).collect(Collectors.toSet());
  }
}
