package io.passport.customers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.entry;

import io.passport.customers.model.Customer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The catalogue of List Customers parameters: each rule as the Java API states it ({@code check}) and as
 * the wire carries it ({@code parse}, the sandbox's), and parallelism's range.
 */
@Timeout(value = 5, unit = TimeUnit.SECONDS)
class ListParametersTest {
  @Test
  void aRangeTakesItsBoundsAndNamesTheJavaAndWireNamesOfAValueOutsideThem() {
    assertThat(ListParameters.PAGE_SIZE.check(1)).isEqualTo(1);
    assertThat(ListParameters.PAGE_SIZE.check(100)).isEqualTo(100);
    assertThat(ListParameters.PAGE_SIZE.check(null)).isNull();
    assertThatIllegalArgumentException().isThrownBy(() -> ListParameters.PAGE_SIZE.check(0))
        .withMessage("pageSize (page_params.page_size) must be between 1 and 100, but was 0");
    assertThatIllegalArgumentException().isThrownBy(() -> ListParameters.PAGE_SIZE.check(101))
        .withMessage("pageSize (page_params.page_size) must be between 1 and 100, but was 101");
    assertThat(ListParameters.PAGE_SIZE.min()).isEqualTo(1);
    assertThat(ListParameters.PAGE_SIZE.max()).isEqualTo(100);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
      "page_params.page_size, 1, 1",
      "page_params.page_size, 100, 100",
      "page_params.page_number, 2147483647, 2147483647",
      "page_params.first_request_timestamp.seconds, -62135596800, -62135596800",
      "page_params.first_request_timestamp.seconds, 253402300799, 253402300799",
      "page_params.first_request_timestamp.nanos, 0, 0",
      "page_params.first_request_timestamp.nanos, 999999999, 999999999"})
  void aRangeReadsEachValueAtItsBoundsFromTheWire(String name, String text, long value) {
    assertThat(range(name).parse(text).longValue()).isEqualTo(value);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
      "page_params.page_size, 0, 1, 100",
      "page_params.page_size, 101, 1, 100",
      "page_params.page_size, ten, 1, 100",
      "page_params.page_number, 2147483648, 1, 2147483647",
      "page_params.first_request_timestamp.seconds, -62135596801, -62135596800, 253402300799",
      "page_params.first_request_timestamp.seconds, 253402300800, -62135596800, 253402300799",
      "page_params.first_request_timestamp.nanos, -1, 0, 999999999",
      "page_params.first_request_timestamp.nanos, 1000000000, 0, 999999999"})
  void aRangeRefusesAValueFromTheWireOutsideItsBoundsNamingTheWireParameter(String name, String text, long min,
      long max) {
    assertThatIllegalArgumentException().isThrownBy(() -> range(name).parse(text))
        .withMessage(name + " must be an integer between " + min + " and " + max + ", but was \"" + text + "\"");
  }

  private static ListParameters.Range<?> range(String wireName) {
    return java.util.stream.Stream.of(ListParameters.PAGE_SIZE, ListParameters.PAGE_NUMBER,
            ListParameters.SNAPSHOT_SECONDS, ListParameters.SNAPSHOT_NANOS)
        .filter(p -> p.wireName().equals(wireName)).findFirst().orElseThrow();
  }

  @Test
  void aFilterFromTheWireIsHeldToTheSpecsLengthOnly() {
    ListParameters.Filter id = ListParameters.CUSTOMER_ID;
    assertThat(id.parse("c")).isEqualTo("c");
    assertThat(id.parse("c".repeat(64))).hasSize(64);
    assertThat(id.parse(" ")).isEqualTo(" ");
    assertThat(id.parse("a\u0000b")).isEqualTo("a\u0000b");
    assertThatIllegalArgumentException().isThrownBy(() -> id.parse(""))
        .withMessage("customer_id must be 1 to 64 characters, but was 0");
    assertThatIllegalArgumentException().isThrownBy(() -> id.parse("c".repeat(65)))
        .withMessage("customer_id must be 1 to 64 characters, but was 65");
    assertThatIllegalArgumentException().isThrownBy(() -> ListParameters.IDENTIFICATION_TYPE.parse("N".repeat(33)))
        .withMessage("identification_type must be 1 to 32 characters, but was 33");
  }

  @Test
  void aFilterInTheJavaApiIsAlsoNotBlankAndFreeOfControlCharacters() {
    ListParameters.Filter type = ListParameters.IDENTIFICATION_TYPE;
    assertThat(type.check("N".repeat(32))).hasSize(32);
    assertThat(type.maxLength()).isEqualTo(32);
    assertThatIllegalArgumentException().isThrownBy(() -> type.check("N".repeat(33)))
        .withMessage("identificationType (identification_type) must be 1 to 32 characters and not blank,"
            + " but was 33 characters long");
    assertThatIllegalArgumentException().isThrownBy(() -> type.check(" "))
        .withMessage("identificationType (identification_type) must be 1 to 32 characters and not blank,"
            + " but was blank");
    assertThatIllegalArgumentException().isThrownBy(() -> type.check("N\u007fT"))
        .withMessage("identificationType (identification_type) must not contain control characters");
  }

  @Test
  void aValueThatMustBeThereIsCheckedByTheSameRuleAndNamedWhenMissing() {
    assertThat(ListParameters.CUSTOMER_ID.checkPresent("c-1")).isEqualTo("c-1");
    assertThatIllegalArgumentException().isThrownBy(() -> ListParameters.CUSTOMER_ID.checkPresent("c\u0000"))
        .withMessage("customerId (customer_id) must not contain control characters");
    assertThatNullPointerException().isThrownBy(() -> ListParameters.CUSTOMER_ID.checkPresent(null))
        .withMessage("customerId");
  }

  @Test
  void eachFilterReadsItsOwnFieldOfACustomer() {
    Customer customer = new Customer().id("c-1").identificationNumber("903978023").identificationType("NIT");

    assertThat(ListParameters.FILTERS).extracting(f -> f.of(customer)).containsExactly("903978023", "c-1", "NIT");
    assertThat(ListParameters.FILTERS).extracting(QueryParameter::wireName)
        .containsExactly("identification_number", "customer_id", "identification_type");
    assertThat(ListParameters.CUSTOMER_ID).hasToString("customerId (customer_id)");
    assertThat(ListParameters.CUSTOMER_ID.javaName()).isEqualTo("customerId");
    assertThat(ListParameters.CUSTOMER_ID.type()).isEqualTo(String.class);
  }

  @Test
  void theSnapshotGoesOnTheWireAsSecondsAndNanosAndIsHeldToTheApisRange() {
    Map<String, String> wire = new LinkedHashMap<>();
    ListParameters.SNAPSHOT.putOnWire(Instant.parse("2025-10-09T17:35:17.864Z"), wire);
    ListParameters.PAGE_SIZE.putOnWire(50, wire);

    assertThat(wire).containsExactly(entry("page_params.first_request_timestamp.seconds", "1760031317"),
        entry("page_params.first_request_timestamp.nanos", "864000000"), entry("page_params.page_size", "50"));
    assertThat(ListParameters.SNAPSHOT.check(Instant.parse("0001-01-01T00:00:00Z"))).isNotNull();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ListParameters.SNAPSHOT.check(Instant.parse("0000-12-31T23:59:59.999999999Z")))
        .withMessageStartingWith("snapshot (page_params.first_request_timestamp) must be between");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {1, 2, 31, 32})
  void parallelismFromOneToThirtyTwoIsTaken(int parallelism) {
    assertThat(ListParameters.checkParallelism(parallelism)).isEqualTo(parallelism);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 33, Integer.MAX_VALUE})
  void parallelismOutsideOneToThirtyTwoIsRefusedWithItsRange(int parallelism) {
    assertThatIllegalArgumentException().isThrownBy(() -> ListParameters.checkParallelism(parallelism))
        .withMessage("parallelism must be between 1 and 32, but was " + parallelism);
  }
}
