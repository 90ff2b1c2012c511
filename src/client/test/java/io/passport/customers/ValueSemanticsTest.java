package io.passport.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.passport.customers.model.OrderDirection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Queries and order keys are values (equal when every field is, usable as map keys, readable in logs),
 * and a retry policy's documented ranges are inclusive.
 */
class ValueSemanticsTest {
  private static CustomerQuery.Builder full() {
    return CustomerQuery.builder().pageSize(50).pageNumber(3).orderKey("business_name")
        .orderDirection(OrderDirection.DESC).identificationType("NIT").identificationNumber("903978023")
        .customerId("c-1").snapshot(Instant.parse("2025-10-09T17:35:17Z"));
  }

  @Test
  void queriesWithTheSameFieldsAreEqualAndHashAlikeAndAnyFieldMakesThemDiffer() {
    assertThat(full().build()).isEqualTo(full().build()).hasSameHashCodeAs(full().build());
    List<CustomerQuery> others = List.of(
        full().pageSize(51).build(), full().pageNumber(4).build(), full().orderKey("created_at").build(),
        full().orderDirection(OrderDirection.ASC).build(), full().identificationType("CC").build(),
        full().identificationNumber("903978024").build(), full().customerId("c-2").build(),
        full().snapshot(Instant.parse("2025-10-09T17:35:18Z")).build(), CustomerQuery.all());
    for (CustomerQuery other : others) {
      assertThat(other).isNotEqualTo(full().build());
    }
    Set<CustomerQuery> distinct = new HashSet<>(others);
    distinct.add(full().build());
    distinct.add(full().build());
    assertThat(distinct).hasSize(others.size() + 1);
    assertThat(full().build()).isNotEqualTo("a string");
  }

  @Test
  void aQueryShowsEveryFieldItSetsAndNoOther() {
    assertThat(full().build()).hasToString("CustomerQuery{pageSize=50, pageNumber=3, snapshot=2025-10-09T17:35:17Z, "
        + "orderKey=business_name, orderDirection=DESC, identificationNumber=903978023, customerId=c-1, "
        + "identificationType=NIT}");
    assertThat(CustomerQuery.builder().customerId("c-9").build()).hasToString("CustomerQuery{customerId=c-9}");
    assertThat(CustomerQuery.all()).hasToString("CustomerQuery{}");
  }

  @Test
  void orderKeysAreEqualByTheirWireValue() {
    assertThat(OrderKey.of("business_name")).isEqualTo(OrderKey.BUSINESS_NAME)
        .hasSameHashCodeAs(OrderKey.BUSINESS_NAME);
    assertThat(new HashSet<>(List.of(OrderKey.of("created_at"), OrderKey.CREATED_AT))).hasSize(1);
    assertThat(OrderKey.of("favourite_colour")).isNotEqualTo(OrderKey.CREATED_AT);
  }

  @Test
  void retryPolicyRangesAreInclusive() {
    assertThatCode(() -> RetryPolicy.builder().maxAttempts(1).build()).doesNotThrowAnyException();
    assertThatCode(() -> RetryPolicy.builder().maxAttempts(100).build()).doesNotThrowAnyException();
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(101)).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0)).hasMessageContaining("maxAttempts");
    assertThatCode(() -> RetryPolicy.builder().initialBackoff(Duration.ZERO).maxBackoff(Duration.ofMinutes(10))
        .deadline(Duration.ofHours(1)).build()).doesNotThrowAnyException();
    assertThatCode(() -> RetryPolicy.builder().initialBackoff(Duration.ofMinutes(1)).deadline(Duration.ofMillis(1))
        .maxBackoff(Duration.ofMinutes(1)).build()).doesNotThrowAnyException();
    assertThatThrownBy(() -> RetryPolicy.builder().deadline(Duration.ofHours(1).plusNanos(1)))
        .hasMessageContaining("deadline");
    assertThatThrownBy(() -> RetryPolicy.builder().initialBackoff(Duration.ofMillis(-1)))
        .hasMessageContaining("initialBackoff");
  }

  @Test
  void aRetryPolicyShowsItsSettings() {
    assertThat(RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(100))
        .maxBackoff(Duration.ofSeconds(2)).deadline(Duration.ofSeconds(30)).build())
        .hasToString("RetryPolicy{maxAttempts=3, initialBackoff=PT0.1S, maxBackoff=PT2S, deadline=PT30S}");
  }

  @Test
  void backoffsAreJitteredBetweenHalfAndAllOfTheExponentialStep() {
    RetryPolicy policy = RetryPolicy.builder().initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(1)).build();
    Set<Duration> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      Duration backoff = policy.backoff(3, null); // the step before the third attempt: 200 ms
      assertThat(backoff).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
      seen.add(backoff);
    }
    assertThat(seen).as("distinct backoffs in 200 draws from 101 values").hasSizeGreaterThan(10);
  }
}
