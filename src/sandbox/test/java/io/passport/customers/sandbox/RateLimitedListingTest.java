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
  private static final int PAGE_SIZE = 25; // 120 pages
  private static final int LIMIT = 40;
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
      // 120 pages: every page once, plus the refused ones again. Without the fields the client finds
      // the limit by its first 429s (a few, while its window opens); with them it paces from page 1.
      assertThat(requests).isEqualTo(120 + throttled);
      assertThat(throttled).isLessThanOrEqualTo(headers ? 2 : 12);
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
