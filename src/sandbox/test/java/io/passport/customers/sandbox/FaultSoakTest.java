package io.passport.customers.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.passport.customers.CustomerQuery;
import io.passport.customers.PassportCustomersClient;
import io.passport.customers.RetryPolicy;
import io.passport.customers.model.Customer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client against a sandbox that misbehaves on purpose: nothing lost, nothing twice, order kept.
 * Bounded: the whole class runs in seconds.
 */
class FaultSoakTest {
  private static final int CUSTOMERS = 10_000;
  /** Enough attempts that a page failing every one of them at a 20% fault rate (0.2^12) never happens. */
  private static final RetryPolicy PATIENT = RetryPolicy.builder().maxAttempts(12)
      .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(4)).build();
  private static List<String> expected;

  /**
   * The ids in the default order (created_at, ties by id), from the seeded data itself (the builder's
   * default seed), not from a listing by the client under test.
   */
  @BeforeAll
  static void theSeededCustomersInTheDefaultOrder() {
    expected = SyntheticCustomers.generate(PassportSandbox.DEFAULT_SEED, CUSTOMERS).stream()
        .sorted(Comparator.comparing(Customer::getCreatedAt).thenComparing(Customer::getId))
        .map(Customer::getId)
        .toList();
    assertThat(expected).hasSize(CUSTOMERS).doesNotHaveDuplicates();
  }

  @AfterAll
  static void forget() {
    expected = null;
  }

  private static PassportCustomersClient client(PassportSandbox sandbox, int parallelism, OkHttpClient http) {
    return PassportCustomersClient.builder().baseUrl(sandbox.baseUrl())
        .clientCredentials(PassportSandbox.DEFAULT_CLIENT_ID, PassportSandbox.DEFAULT_CLIENT_SECRET)
        .retryPolicy(PATIENT).parallelism(parallelism).okHttpClient(http).build();
  }

  private static List<String> ids(PassportCustomersClient client) {
    return client.listAll(CustomerQuery.builder().pageSize(100).build()).stream().map(Customer::getId).toList();
  }

  @ParameterizedTest(name = "parallelism {0}")
  @ValueSource(ints = {1, 8})
  void tenThousandCustomersComeThroughTwentyPercentFaultsExactlyOnceInOrder(int parallelism) throws IOException {
    Faults faults = Faults.builder().failureRate(0.2).retryAfterSeconds(0).seed(parallelism).build();
    try (PassportSandbox sandbox = PassportSandbox.builder().customers(CUSTOMERS).faults(faults).start();
        PassportCustomersClient client = client(sandbox, parallelism, new OkHttpClient())) {
      List<String> ids = ids(client);

      assertThat(ids).hasSize(CUSTOMERS).doesNotHaveDuplicates().isEqualTo(expected);
      SeededFaultReplay draws = SeededFaultReplay.untilSuccesses(parallelism, 0.2, CUSTOMERS / 100);
      FaultInjector injector = sandbox.faultInjector();
      assertThat(injector.draws()).as("customer requests, faults included").isEqualTo(draws.requests);
      for (Faults.Kind kind : Faults.Kind.values()) {
        assertThat(injector.failures(kind)).as("requests failed as %s", kind).isEqualTo(draws.failures.get(kind));
      }
      assertThat(draws.failures.values().stream().mapToLong(Long::longValue).sum()).as("faults in the replay")
          .isPositive();
      assertThat(sandbox.requestCount()).as("every request: one token request and the customer requests")
          .isEqualTo(draws.requests + 1);
    }
  }

  @Test
  void customersAddedDuringAParallelListingAreNotInItsSnapshot() throws Exception {
    try (PassportSandbox sandbox = PassportSandbox.builder().customers(CUSTOMERS).start();
        PassportCustomersClient client = client(sandbox, 8, new OkHttpClient())) {
      AtomicBoolean listing = new AtomicBoolean(true);
      AtomicInteger added = new AtomicInteger();
      Thread adder = new Thread(() -> {
        while (listing.get() && added.get() < 5_000) {
          sandbox.addSyntheticCustomers(10);
          added.addAndGet(10);
        }
      });
      var customers = client.listAll(CustomerQuery.builder().pageSize(100).build()).iterator();
      List<String> ids = new ArrayList<>();
      ids.add(customers.next().getId()); // page 1 is in: its snapshot is pinned
      adder.start();
      customers.forEachRemaining(c -> ids.add(c.getId()));
      listing.set(false);
      adder.join();

      assertThat(added.get()).isPositive();
      assertThat(ids).hasSize(CUSTOMERS).doesNotHaveDuplicates().isEqualTo(expected);
      assertThat(ids(client)).hasSize(CUSTOMERS + added.get());
    }
  }

  @Test
  void thirtyTwoThreadsShareOneClientWithoutErrorsAndWithOneTokenRequest() throws Exception {
    AtomicInteger tokenRequests = new AtomicInteger();
    OkHttpClient counting = new OkHttpClient.Builder().addNetworkInterceptor(chain -> {
      if (chain.request().url().encodedPath().equals("/v1/iam/oauth/tokens")) {
        tokenRequests.incrementAndGet();
      }
      return chain.proceed(chain.request());
    }).build();
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try (PassportSandbox sandbox = PassportSandbox.builder().customers(1_000).start();
        PassportCustomersClient client = client(sandbox, 2, counting)) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<String>>> results = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        results.add(pool.submit(() -> {
          go.await();
          return client.listAll(CustomerQuery.builder().pageSize(50).build()).stream().map(Customer::getId).toList();
        }));
      }
      go.countDown();
      List<String> first = results.get(0).get();
      assertThat(first).hasSize(1_000).doesNotHaveDuplicates();
      for (Future<List<String>> result : results) {
        assertThat(result.get()).isEqualTo(first);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(tokenRequests.get()).isEqualTo(1);
  }
}
