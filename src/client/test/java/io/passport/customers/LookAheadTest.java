package io.passport.customers;

import static io.passport.customers.LifecycleTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.passport.customers.model.Customer;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How far a listing fetches ahead of its consumer: the window bounds the calls on the wire, and a
 * listing fetches at most twice its parallelism of pages that its consumer has not taken yet. So a slow
 * page does not stop the pages after it, a sequential listing fetches the next page while its consumer
 * works, and a consumer that stops taking pages stops the listing after that many. Counted at the server.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class LookAheadTest {
  private static final Pattern PAGE = Pattern.compile("page_params\\.page_number=(\\d+)");
  private static final int TOTAL_PAGES = LifecycleTest.TOTAL_PAGES;

  private final Set<Integer> pagesAsked = ConcurrentHashMap.newKeySet();
  private StallingServer server;
  private PassportCustomersClient client;

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** Answers each page as {@code byPage} says, noting the pages asked for. */
  private void serve(IntFunction<StallingServer.Reply> byPage) throws IOException {
    server = new StallingServer(line -> {
      Matcher page = PAGE.matcher(line);
      int number = page.find() ? Integer.parseInt(page.group(1)) : 1;
      pagesAsked.add(number);
      return byPage.apply(number);
    });
  }

  /** Answers every page at once, except {@code stalled}, which it holds until the client hangs up. */
  private void serveHolding(int stalled) throws IOException {
    serve(number -> number == stalled ? StallingServer.Reply.stall()
        : StallingServer.Reply.json(LifecycleTest.page(number)));
  }

  private Iterator<Customer> firstCustomerTakenAt(int parallelism) {
    client = PassportCustomersClient.builder().baseUrl(server.url()).accessToken("t").parallelism(parallelism)
        .retryPolicy(ClientTestSupport.FAST_RETRIES).build();
    Iterator<Customer> customers = client.listAll(CustomerQuery.builder().pageSize(3).build()).iterator();
    assertThat(customers.next().getId()).isEqualTo("c-1");
    return customers;
  }

  @Test
  void aSlowPageDoesNotStopThePagesAfterItUpToTwiceTheParallelismAhead() throws Exception {
    serveHolding(2);

    Iterator<Customer> customers = firstCustomerTakenAt(2);

    // The consumer holds page 1 and waits for none; page 2 hangs. Pages 3 to 5 come back at once, so the
    // two calls on the wire move on until 4 pages (2 x 2) are fetched ahead: pages 2 to 5.
    awaitTrue(() -> server.requestCount() == 5, Duration.ofSeconds(5));
    Thread.sleep(200);
    assertThat(server.requestCount()).as("requests after 200 ms more").isEqualTo(5);
    assertThat(pagesAsked).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
    assertThat(server.heldRequests()).isEqualTo(1);
    assertThat(customers.next().getId()).isEqualTo("c-2"); // page 1 is still there to read
  }

  @Test
  void aSequentialListingFetchesTheNextPagesWhileItsConsumerWorksOneAtATime() throws Exception {
    serveHolding(0);

    firstCustomerTakenAt(1);

    // One call at a time, two pages ahead of the consumer, who is still in page 1.
    awaitTrue(() -> server.requestCount() == 3, Duration.ofSeconds(5));
    Thread.sleep(200);
    assertThat(server.requestCount()).as("requests after 200 ms more").isEqualTo(3);
    assertThat(pagesAsked).containsExactlyInAnyOrder(1, 2, 3);
  }

  @Test
  void aConsumerThatReadsOnGetsEveryPageOnceInOrderAfterTheSlowOneComes() throws Exception {
    serve(number -> {
      if (number == 2) {
        sleepQuietly(300); // late, but answered
      }
      return StallingServer.Reply.json(LifecycleTest.page(number));
    });

    Iterator<Customer> customers = firstCustomerTakenAt(3);
    StringBuilder ids = new StringBuilder("c-1");
    customers.forEachRemaining(c -> ids.append(',').append(c.getId()));

    StringBuilder expected = new StringBuilder("c-1");
    for (int id = 2; id <= TOTAL_PAGES * 3; id++) {
      expected.append(",c-").append(id);
    }
    assertThat(ids).hasToString(expected.toString());
    assertThat(server.requestCount()).isEqualTo(TOTAL_PAGES);
  }

  @Test
  void aPageThatFailsStopsTheListingFromSendingMore() throws Exception {
    serve(number -> number == 3
        ? StallingServer.Reply.status(400, "{\"code\":\"INVALID_ARGUMENT\",\"message\":\"no\"}")
        : StallingServer.Reply.json(LifecycleTest.page(number)));

    Iterator<Customer> customers = firstCustomerTakenAt(1);
    awaitTrue(() -> server.requestCount() == 3, Duration.ofSeconds(5));
    Thread.sleep(200);

    // Pages 2 and 3 were fetched ahead; page 3 failed, so page 4 is never asked for, though the look-ahead
    // has room for it once the consumer takes page 2.
    for (int id = 2; id <= 6; id++) {
      assertThat(customers.next().getId()).isEqualTo("c-" + id);
    }
    Thread.sleep(200);
    assertThat(pagesAsked).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(server.requestCount()).isEqualTo(3);
    assertThatThrownBy(customers::next).isInstanceOfSatisfying(PassportException.class,
        e -> assertThat(e.httpStatus()).isEqualTo(400));
  }

  @Test
  void theFlowStatusIsTheCeilingBeforeAnyListingAndThenTheListingsOwnWindow() throws Exception {
    serve(number -> number == 1 ? StallingServer.Reply.json(LifecycleTest.page(1)) : StallingServer.Reply.stall());
    client = PassportCustomersClient.builder().baseUrl(server.url()).accessToken("t").parallelism(16)
        .retryPolicy(ClientTestSupport.FAST_RETRIES).build();

    try (CustomerPaginator customers = client.listAll(CustomerQuery.builder().pageSize(3).build())) {
      assertThat(customers.flowStatus()).hasToString("window 16/16");
      assertThat(customers.iterator().next().getId()).isEqualTo("c-1");
      // The adaptive window starts at 8 and grows only past 8 admitted pages; the later pages hang.
      awaitTrue(() -> server.heldRequests() == 8, Duration.ofSeconds(5));
      assertThat(customers.flowStatus()).hasToString("window 8/16");
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
