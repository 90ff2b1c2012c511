package io.passport.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link OrderKey}: the spec's known keys as constants, a way through for new ones, and bad keys refused. */
class OrderKeyTest {
  @Test
  void theKnownKeysAreTheSpecsAndOfReturnsTheConstants() {
    assertThat(OrderKey.KNOWN).extracting(OrderKey::value)
        .containsExactly("created_at", "updated_at", "business_name", "identification_number");
    assertThat(OrderKey.of("business_name")).isSameAs(OrderKey.BUSINESS_NAME);
    assertThat(OrderKey.CREATED_AT.isKnown()).isTrue();
  }

  @Test
  void aKeyTheClientDoesNotKnowYetGoesThroughAndOnTheWire() {
    OrderKey added = OrderKey.of("merchant_category_code");

    assertThat(added.isKnown()).isFalse();
    assertThat(added).isEqualTo(OrderKey.of("merchant_category_code")).hasToString("merchant_category_code");
    CustomerQuery query = CustomerQuery.builder().orderKey(added).build();
    assertThat(query.orderKey()).isEqualTo(added);
    assertThat(query.orderKey().value()).isEqualTo("merchant_category_code");
    assertThat(CustomerQuery.builder().orderKey("updated_at").build().orderKey()).isSameAs(OrderKey.UPDATED_AT);
  }

  @Test
  void aMalformedKeyIsRefusedNamingTheParameterAndTheKnownKeys() {
    for (String bad : new String[] {"", "Created_At", "created at", "1st", "a".repeat(65), "created_at&x=1"}) {
      assertThatThrownBy(() -> OrderKey.of(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("order_params.order_key")
          .hasMessageContaining("created_at, updated_at, business_name, identification_number");
    }
    assertThat(OrderKey.of("a".repeat(64)).value()).hasSize(64);
  }

  @Test
  void theLimitsAreTheSpecs() {
    assertThat(Limits.MIN_PAGE_SIZE).isEqualTo(1);
    assertThat(Limits.MAX_PAGE_SIZE).isEqualTo(100).isEqualTo(CustomerQuery.MAX_PAGE_SIZE);
    assertThat(Limits.DEFAULT_PAGE_SIZE).isEqualTo(10);
    assertThat(Limits.MAX_ID_LENGTH).isEqualTo(64);
    assertThat(Limits.isWellFormedId("db7e89e7-59d8-4ab1-b675-a2ae52c3339e")).isTrue();
    assertThat(Limits.isWellFormedId(" ")).isFalse();
    assertThat(Limits.isWellFormedId("x".repeat(65))).isFalse();
    assertThat(Limits.isWellFormedId("a\u0000b")).isFalse();
  }
}
