package io.passport.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

import io.passport.customers.model.OrderDirection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class CustomerQueryTest {

  static Stream<Arguments> badInputs() {
    return Stream.of(
        bad("page size 0", b -> b.pageSize(0), "page_params.page_size", "between 1 and 100", "was 0"),
        bad("page size -1", b -> b.pageSize(-1), "page_params.page_size", "between 1 and 100", "was -1"),
        bad("page size 101", b -> b.pageSize(101), "page_params.page_size", "between 1 and 100", "was 101"),
        bad("page size max int", b -> b.pageSize(Integer.MAX_VALUE), "page_params.page_size", "between 1 and 100"),
        bad("page size min int", b -> b.pageSize(Integer.MIN_VALUE), "page_params.page_size", "between 1 and 100"),
        bad("page number 0", b -> b.pageNumber(0), "page_params.page_number", "between 1 and 2147483647", "was 0"),
        bad("page number -5", b -> b.pageNumber(-5), "page_params.page_number", "between 1 and 2147483647"),
        bad("order key empty", b -> b.orderKey(""), "order_params.order_key", "created_at"),
        bad("order key upper case", b -> b.orderKey("CREATED_AT"), "order_params.order_key", "lower-case"),
        bad("order key with space", b -> b.orderKey("created at"), "order_params.order_key", "created_at"),
        bad("order key with dot", b -> b.orderKey("address.city"), "order_params.order_key", "lower-case"),
        bad("order key starting with digit", b -> b.orderKey("1st"), "order_params.order_key", "starting with a letter"),
        bad("order key too long", b -> b.orderKey("a".repeat(65)), "order_params.order_key", "1 to 64"),
        bad("order key injection", b -> b.orderKey("created_at&x=1"), "order_params.order_key", "lower-case"),
        bad("identification type empty", b -> b.identificationType(""), "identification_type", "1 to 32 characters"),
        bad("identification type blank", b -> b.identificationType("   "), "identification_type", "1 to 32", "blank"),
        bad("identification type too long", b -> b.identificationType("N".repeat(33)), "identification_type", "1 to 32", "33 characters"),
        bad("identification type control", b -> b.identificationType("NI\nT"), "identification_type", "control characters"),
        bad("identification number empty", b -> b.identificationNumber(""), "identification_number", "1 to 64 characters"),
        bad("identification number blank", b -> b.identificationNumber("\t"), "identification_number", "1 to 64"),
        bad("identification number too long", b -> b.identificationNumber("9".repeat(65)), "identification_number", "1 to 64", "65 characters"),
        bad("identification number NUL", b -> b.identificationNumber("9039\u00007802"), "identification_number", "control characters"),
        bad("customer id empty", b -> b.customerId(""), "customer_id", "1 to 64 characters"),
        bad("customer id blank", b -> b.customerId(" "), "customer_id", "1 to 64"),
        bad("customer id too long", b -> b.customerId("x".repeat(65)), "customer_id", "1 to 64"),
        bad("customer id control", b -> b.customerId("a\u0007b"), "customer_id", "control characters"),
        bad("snapshot before year 1", b -> b.snapshot(Instant.parse("0000-12-31T23:59:59Z")),
            "page_params.first_request_timestamp", "between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999999Z"),
        bad("snapshot after year 9999", b -> b.snapshot(Instant.parse("+10000-01-01T00:00:00Z")),
            "page_params.first_request_timestamp", "between 0001-01-01T00:00:00Z"),
        bad("snapshot at Instant.MIN", b -> b.snapshot(Instant.MIN), "page_params.first_request_timestamp", "between"),
        bad("snapshot at Instant.MAX", b -> b.snapshot(Instant.MAX), "page_params.first_request_timestamp", "between"),
        bad("snapshot offset date time out of range",
            b -> b.snapshot(OffsetDateTime.parse("+10000-01-01T00:00:00Z")), "page_params.first_request_timestamp", "between"));
  }

  @SafeVarargs
  private static Arguments bad(String name, Consumer<CustomerQuery.Builder> setter, String... messageParts) {
    return Arguments.of(name, setter, messageParts);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badValuesAreRejectedWithAMessageNamingTheParameterAndWhatItAllows(
      String name, Consumer<CustomerQuery.Builder> setter, String[] messageParts) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> setter.accept(CustomerQuery.builder()))
        .withMessageContainingAll(messageParts);
  }

  @Test
  void valuesAtTheEdgesAreAccepted() {
    CustomerQuery query = CustomerQuery.builder().pageSize(1).pageSize(100).pageNumber(Integer.MAX_VALUE)
        .orderKey("identification_number").orderDirection(OrderDirection.DESC).identificationType("N".repeat(32))
        .identificationNumber("Ñandú & Cía + 50%").customerId("x".repeat(64))
        .snapshot(CustomerQuery.MIN_SNAPSHOT).snapshot(CustomerQuery.MAX_SNAPSHOT).build();

    assertThat(query.pageSize()).isEqualTo(100);
    assertThat(query.pageNumber()).isEqualTo(Integer.MAX_VALUE);
    assertThat(query.identificationNumber()).isEqualTo("Ñandú & Cía + 50%");
    assertThat(query.snapshot()).isEqualTo(CustomerQuery.MAX_SNAPSHOT);
  }

  @Test
  void nullClearsAValue() {
    CustomerQuery query = CustomerQuery.builder().pageSize(5).pageSize(null).customerId("c").customerId(null).build();

    assertThat(query).isEqualTo(CustomerQuery.all());
    assertThat(query.pageSize()).isNull();
    assertThat(query.snapshotSeconds()).isNull();
    assertThat(query.snapshotNanos()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "2025-10-09T17:35:17.864Z,              1760031317,   864000000",
    "2025-10-09T17:35:17Z,                  1760031317,   0",
    "2025-10-09T17:35:17.000000001Z,        1760031317,   1",
    "2025-10-09T17:35:17.999999999Z,        1760031317,   999999999",
    "1970-01-01T00:00:00Z,                  0,            0",
    "1969-12-31T23:59:59.999999999Z,        -1,           999999999",
    "1969-12-31T23:59:59.000000001Z,        -1,           1",
    "0001-01-01T00:00:00Z,                  -62135596800, 0",
    "9999-12-31T23:59:59.999999999Z,        253402300799, 999999999",
  })
  void snapshotSplitsIntoSecondsAndNonNegativeNanosLikeAProtobufTimestamp(
      String timestamp, long seconds, int nanos) {
    CustomerQuery query = CustomerQuery.builder().snapshot(OffsetDateTime.parse(timestamp)).build();

    assertThat(query.snapshotSeconds()).isEqualTo(seconds);
    assertThat(query.snapshotNanos()).isEqualTo(nanos);
    assertThat(Instant.ofEpochSecond(seconds, nanos)).isEqualTo(Instant.parse(timestamp));
  }

  @Test
  void aSnapshotWithAnOffsetIsTheSameInstant() {
    CustomerQuery query = CustomerQuery.builder().snapshot(OffsetDateTime.parse("2025-10-09T12:35:17.5-05:00")).build();

    assertThat(query.snapshotSeconds()).isEqualTo(1760031317L);
    assertThat(query.snapshotNanos()).isEqualTo(500_000_000);
  }

  @Test
  void toBuilderCopiesEveryValueAndToStringShowsOnlyTheSetOnes() {
    CustomerQuery query = CustomerQuery.builder().pageSize(20).orderDirection(OrderDirection.ASC)
        .identificationType("CC").build();

    assertThat(query.toBuilder().build()).isEqualTo(query).hasSameHashCodeAs(query);
    assertThat(query).hasToString("CustomerQuery{pageSize=20, orderDirection=ASC, identificationType=CC}");
    assertThat(CustomerQuery.all()).hasToString("CustomerQuery{}");
  }

  @Test
  void everyValueSetGoesOnTheWireUnderItsDottedNameInTheSpecsOrderAndNothingElse() {
    CustomerQuery query = CustomerQuery.builder().identificationType("NIT").customerId("c-1")
        .identificationNumber("903 978+023").orderDirection(OrderDirection.DESC).orderKey(OrderKey.UPDATED_AT)
        .snapshot(Instant.parse("1969-12-31T23:59:59.000000001Z")).pageNumber(3).pageSize(50).build();

    assertThat(query.wireParameters()).containsExactly(
        entry("page_params.page_size", "50"), entry("page_params.page_number", "3"),
        entry("page_params.first_request_timestamp.seconds", "-1"),
        entry("page_params.first_request_timestamp.nanos", "1"),
        entry("order_params.order_key", "updated_at"), entry("order_params.order_direction", "DESC"),
        entry("identification_number", "903 978+023"), entry("customer_id", "c-1"),
        entry("identification_type", "NIT"));
    assertThat(CustomerQuery.builder().orderKey("created_at").customerId("c-2").build().wireParameters())
        .containsExactly(entry("order_params.order_key", "created_at"), entry("customer_id", "c-2"));
    assertThat(CustomerQuery.all().wireParameters()).isEmpty();
  }
}
