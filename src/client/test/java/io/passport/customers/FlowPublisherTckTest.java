package io.passport.customers;

import io.passport.customers.model.Customer;
import java.io.IOException;
import java.util.concurrent.Flow;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * The Reactive Streams TCK (reactive-streams-tck-flow) against {@link CustomerPaginator#publisher()}:
 * each publisher is a listing of exactly the number of customers the TCK asks for, served in pages of
 * 4 by a MockWebServer, 3 pages in flight at most. It is a TestNG class, run by the JUnit Platform's
 * TestNG engine in the same surefire run as the JUnit 5 tests. Every wait the TCK makes is bounded by
 * the environment's timeouts below. The TCK's own "untested_" methods skip themselves (they test
 * nothing); no required or optional test is skipped.
 */
public class FlowPublisherTckTest extends FlowPublisherVerification<Customer> {
  private static final int PAGE_SIZE = 4;
  private MockWebServer server;
  private PassportCustomersClient client;

  public FlowPublisherTckTest() {
    // 10 s for an expected signal: a wait that ends as soon as the signal comes, so only a missing signal
    // costs it (2 s was once not enough for request(0)'s onError on a 2-core machine under a load of 20);
    // 200 ms of silence to prove no signal comes, polled every 20 ms; 1 s for the subscriber to be
    // collected after cancel.
    super(new TestEnvironment(10_000, 200, 20), 1_000);
  }

  @BeforeClass
  public void startServer() throws IOException {
    server = ClientTestSupport.newServer();
    server.setDispatcher(new Listings());
    server.start();
    client = ClientTestSupport.clientFor(server).parallelism(3).build();
  }

  @AfterClass(alwaysRun = true)
  public void stopServer() {
    client.close();
    server.close();
  }

  /** A query for a listing of {@code customers}: the server reads the count from the filter. */
  private static CustomerQuery listingOf(long customers) {
    return CustomerQuery.builder().pageSize(PAGE_SIZE).identificationNumber(Long.toString(customers)).build();
  }

  @Override
  public Flow.Publisher<Customer> createFlowPublisher(long elements) {
    return client.listAll(listingOf(elements)).publisher();
  }

  /** A closed paginator: it refuses every subscriber, by onError after onSubscribe. */
  @Override
  public Flow.Publisher<Customer> createFailedFlowPublisher() {
    CustomerPaginator paginator = client.listAll(listingOf(3));
    paginator.close();
    return paginator.publisher();
  }

  /** Listings of up to {@link Integer#MAX_VALUE} customers, served lazily page by page. */
  @Override
  public long maxElementsFromPublisher() {
    return Integer.MAX_VALUE;
  }

  /** Serves page N of a listing whose size is the {@code identification_number} filter. */
  private static final class Listings extends Dispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) {
      long count = Long.parseLong(request.getUrl().queryParameter("identification_number"));
      String number = request.getUrl().queryParameter("page_params.page_number");
      int page = number == null ? 1 : Integer.parseInt(number);
      if (count == 0) {
        return new MockResponse.Builder().code(404)
            .body("{\"message\":\"no customers found\",\"code\":\"NOT_FOUND\"}").build();
      }
      long totalPages = (count + PAGE_SIZE - 1) / PAGE_SIZE;
      StringBuilder body = new StringBuilder("{\"customers\":[");
      long first = (long) (page - 1) * PAGE_SIZE + 1;
      for (long i = first; i <= Math.min(count, first + PAGE_SIZE - 1); i++) {
        body.append(i == first ? "" : ",").append("{\"id\":\"c-").append(i).append("\"}");
      }
      body.append("],\"pagination_info\":{\"first_request_timestamp\":\"2025-10-09T17:35:17Z\",\"current_page\":")
          .append(page).append(",\"total_pages\":").append(totalPages).append(",\"total_elements\":").append(count)
          .append("}}");
      return new MockResponse.Builder().body(body.toString()).build();
    }
  }
}
