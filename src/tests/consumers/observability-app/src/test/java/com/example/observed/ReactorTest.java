package com.example.observed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.passport.customers.CustomerQuery;
import io.passport.customers.PassportCustomersClient;
import io.passport.customers.micrometer.PassportMicrometer;
import io.passport.customers.model.Customer;
import io.passport.customers.sandbox.PassportSandbox;
import io.passport.customers.sandbox.PassportSandboxExtension;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ReactiveListing: the paginator's Flow.Publisher read by Project Reactor, through FlowAdapters only. */
class ReactorTest {
  @RegisterExtension
  static final PassportSandboxExtension SANDBOX = new PassportSandboxExtension();

  private static final CustomerQuery PAGES_OF_50 = CustomerQuery.builder().pageSize(50).build();

  @Test
  void aFluxWithLimitRateGetsEveryCustomerExactlyOnceInTheListingsOrder(PassportCustomersClient client) {
    List<String> expected = client.listAll(PAGES_OF_50).stream().map(Customer::getId).toList();

    List<String> ids = ReactiveListing.customers(client, PAGES_OF_50)
        .limitRate(7)
        .map(Customer::getId)
        .collectList()
        .block(Duration.ofSeconds(30));

    assertEquals(250, ids.size());
    assertEquals(250, new HashSet<>(ids).size(), "no customer twice");
    assertEquals(expected, ids);
  }

  @Test
  void takeCancelsTheListingLongBeforeItsLastPage(PassportSandbox sandbox, PassportCustomersClient unobserved)
      throws InterruptedException {
    CustomerQuery pagesOf10 = CustomerQuery.builder().pageSize(10).build();
    List<String> first;
    try (Stream<Customer> customers = unobserved.listAll(pagesOf10).stream()) {
      first = customers.map(Customer::getId).limit(10).toList();
    }
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (PassportCustomersClient client = PassportCustomersClient.builder().baseUrl(sandbox.baseUrl())
        .accessToken(PassportSandbox.STATIC_TOKEN).parallelism(2).listener(PassportMicrometer.create(registry))
        .build()) {
      List<String> taken = ReactiveListing.customers(client, pagesOf10)
          .take(10)
          .map(Customer::getId)
          .collectList()
          .block(Duration.ofSeconds(30));

      assertEquals(first, taken);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (registry.find("passport.listings").tag("outcome", "CANCELLED").timer() == null
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(1, registry.get("passport.listings").tag("outcome", "CANCELLED").timer().count(),
          "take(10) cancelled the listing");
      // 25 pages in all; the demand of 10 fills one, and the window (parallelism 2) sends at most two ahead.
      long requests = registry.get(PassportMicrometer.REQUESTS).timers().stream().mapToLong(Timer::count).sum();
      assertTrue(requests >= 1 && requests <= 3, "requests for take(10): " + requests);
    }
  }
}
