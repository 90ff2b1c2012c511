package io.passport.customers.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.passport.customers.model.Customer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Synthetic customers' creation times stay inside the window they are asked for. */
class SyntheticCustomersTest {
  @Test
  void aWindowShorterInMillisecondsThanTheCustomersStillHoldsEveryCreationTime() {
    Instant from = Instant.parse("2026-11-26T01:00:00.000123Z");
    Instant to = from.plusMillis(13);

    List<Customer> customers = SyntheticCustomers.generate(5, 15, from, to);

    assertThat(customers).hasSize(15).allSatisfy(c -> assertThat(c.getCreatedAt().toInstant())
        .isAfterOrEqualTo(from.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)).isBefore(to));
  }

  @Test
  void aWideWindowKeepsTheSameCustomersAsBefore() {
    Instant from = Instant.parse("2023-01-01T00:00:00Z");
    Instant to = Instant.parse("2026-01-01T00:00:00Z");

    List<Customer> customers = SyntheticCustomers.generate(5, 50, from, to);

    assertThat(customers).allSatisfy(c -> assertThat(c.getCreatedAt().toInstant()).isBetween(from, to));
    assertThat(SyntheticCustomers.generate(5, 50, from, to)).isEqualTo(customers);
  }
}
