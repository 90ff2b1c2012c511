package io.passport.customers.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.passport.customers.CustomerPaginator;
import io.passport.customers.CustomerQuery;
import io.passport.customers.PassportCustomersClient;
import io.passport.customers.PassportException;
import io.passport.customers.RetryPolicy;
import io.passport.customers.model.Customer;
import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The client against the sandbox's rate limit (a token bucket per access token, 429 with Retry-After,
 * and the IETF draft's RateLimit fields when asked): requests and 429s are counted at the sandbox.
 */
@Timeout(30)
class RateLimitedListingTest {
  private static final int CUSTOMERS = 3_000;
  private static final int PAGE_SIZE = 30;
  private static final int PAGES = CUSTOMERS / PAGE_SIZE; // 100: about 5 s at the limit below
  private static final int LIMIT = 20;
  private static List<String> expected;

  /** The ids in the default order, from the seeded data itself, not from a listing by the client. */
  @BeforeAll
  static void theSeededCustomersInTheDefaultOrder() {
    expected = SyntheticCustomers.generate(PassportSandbox.DEFAULT_SEED, CUSTOMERS).stream()
        .sorted(Comparator.comparing(Customer::getCreatedAt).thenComparing(Customer::getId))
        .map(Customer::getId)
        .toList();
  }

  private static PassportSandbox sandbox(boolean headers) throws IOException {
    return PassportSandbox.builder().customers(CUSTOMERS)
        .faults(Faults.builder().latency(Duration.ofMillis(5)).rateLimit(LIMIT).rateLimitHeaders(headers).build())
        .start();
  }

  private static PassportCustomersClient.Builder client(PassportSandbox sandbox, int parallelism) {
    return PassportCustomersClient.builder().baseUrl(sandbox.baseUrl())
        .accessToken(sandbox.issueToken(Duration.ofHours(1), PassportSandbox.LIST_SCOPE))
        .parallelism(parallelism);
  }

  private static List<String> ids(PassportCustomersClient client) {
    try (CustomerPaginator customers = client.listAll(CustomerQuery.builder().pageSize(PAGE_SIZE).build())) {
      return customers.stream().map(Customer::getId).toList();
    }
  }

  @ParameterizedTest(name = "parallelism {0}, headers {1}")
  @CsvSource({"8, false", "32, false", "8, true", "32, true"})
  void aListingUnderTheLimitReturnsExactlyTheCustomersOfAnUnlimitedOneWithFew429s(int parallelism, boolean headers)
      throws IOException {
    try (PassportSandbox sandbox = sandbox(headers);
        PassportCustomersClient client = client(sandbox, parallelism).build()) {
      List<String> ids = ids(client);

      assertThat(ids).isEqualTo(expected);
      long requests = sandbox.requestCount();
      long throttled = sandbox.throttledCount();
      // Every page once, plus the refused ones again: no 429 costs more than its own retry.
      assertThat(requests).isEqualTo(PAGES + throttled);
      // With the fields the client paces from page 1 (2 allows for two requests landing closer together
      // than they were sent). Without them it finds the limit by one episode of 429s: the pages on the
      // wire when the bucket ran dry, at most its window, which never passes the ceiling. It then paces
      // at 90% of what was admitted in the second before; that count includes the bucket's burst (20
      // here, as large as a second of the rate), so the first pace is too fast and a few paced episodes
      // of one or two 429s each bring it down: 8 allows for them.
      assertThat(throttled).isLessThanOrEqualTo(headers ? 2 : parallelism + 8);
    }
  }

  @Test
  void aStormOf429sFromTheFirstRequestCostsExactlyThePolicysAttempts() throws IOException {
    // Every request is refused: nothing was ever admitted, so no 429 is the client's own doing.
    Faults storm = Faults.builder().failureRate(1).kinds(Set.of(Faults.Kind.RATE_LIMITED)).retryAfterSeconds(0).build();
    try (PassportSandbox sandbox = PassportSandbox.builder().customers(CUSTOMERS).faults(storm).start();
        PassportCustomersClient client = client(sandbox, 8)
            .retryPolicy(RetryPolicy.builder().maxAttempts(4).initialBackoff(Duration.ofMillis(1))
                .maxBackoff(Duration.ofMillis(2)).build()).build()) {
      Throwable failure = catchThrowable(() -> ids(client));

      assertThat(failure).isInstanceOfSatisfying(PassportException.class,
          e -> assertThat(e.kind()).isEqualTo(PassportException.Kind.RATE_LIMITED));
      assertThat(sandbox.requestCount()).isEqualTo(4);
    }
  }
}
