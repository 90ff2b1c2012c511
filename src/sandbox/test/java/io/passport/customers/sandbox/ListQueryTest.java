package io.passport.customers.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.passport.customers.internal.ListParameters;
import io.passport.customers.model.Customer;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** List Customers' query, parsed and checked without a server: defaults, decoding, and each 400's message. */
@Timeout(value = 5, unit = TimeUnit.SECONDS)
class ListQueryTest {
  private static ListQuery parse(String raw) {
    return ListQuery.parse(ListQuery.decode(raw));
  }

  @Test
  void anEmptyQueryGivesTheFirstPageOfTenByCreationAscendingWithANewSnapshotAndNoFilter() {
    ListQuery query = parse(null);
    assertThat(query.pageSize()).isEqualTo(10);
    assertThat(query.pageNumber()).isEqualTo(1);
    assertThat(query.snapshot()).isNull();
    assertThat(query.orderKey()).isEqualTo("created_at");
    assertThat(query.descending()).isFalse();
    assertThat(query.filtered()).isFalse();
    assertThat(query.matches().test(new Customer().id("any"))).isTrue();
  }

  @Test
  void everyParameterIsReadPercentDecodedAndTheFirstOfARepeatedOneCounts() {
    ListQuery query = parse("page_params.page_size=100&page_params.page_number=3"
        + "&page_params.first_request_timestamp.seconds=1700000000&page_params.first_request_timestamp.nanos=5"
        + "&order_params.order_key=business_name&order_params.order_direction=DESC"
        + "&identification_number=9%2B1&customer_id=a%20b&identification_type=NIT&page_params.page_size=7");
    assertThat(query.pageSize()).isEqualTo(100);
    assertThat(query.pageNumber()).isEqualTo(3);
    assertThat(query.snapshot()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 5));
    assertThat(query.orderKey()).isEqualTo("business_name");
    assertThat(query.descending()).isTrue();
    assertThat(query.filters()).containsExactly(entry(ListParameters.IDENTIFICATION_NUMBER, "9+1"),
        entry(ListParameters.CUSTOMER_ID, "a b"), entry(ListParameters.IDENTIFICATION_TYPE, "NIT"));
    assertThat(query.filtered()).isTrue();
  }

  @Test
  void nanosAloneStillPinTheSnapshotToTheEpochSecondZero() {
    assertThat(parse("page_params.first_request_timestamp.nanos=7").snapshot()).isEqualTo(Instant.ofEpochSecond(0, 7));
  }

  @Test
  void theFiltersLetThroughOnlyCustomersMatchingEveryOneSet() {
    ListQuery query = parse("identification_type=CC&identification_number=123");
    assertThat(query.matches().test(new Customer().identificationType("CC").identificationNumber("123"))).isTrue();
    assertThat(query.matches().test(new Customer().identificationType("NIT").identificationNumber("123"))).isFalse();
    assertThat(query.matches().test(new Customer().identificationType("CC").identificationNumber("124"))).isFalse();
  }

  @Test
  void aBlankFilterOrOneWithAControlCharacterIsWhatTheSpecAllowsSoItMatchesNoCustomerRatherThanFailing() {
    ListQuery blank = parse("customer_id=%20%20");
    ListQuery control = parse("identification_number=903%00978");

    assertThat(blank.filters()).containsExactly(entry(ListParameters.CUSTOMER_ID, "  "));
    assertThat(control.filters()).containsExactly(entry(ListParameters.IDENTIFICATION_NUMBER, "903\u0000978"));
    assertThat(blank.matches().test(new Customer().id("c-1"))).isFalse();
    assertThat(control.matches().test(new Customer().identificationNumber("903978"))).isFalse();
  }

  @Test
  void totalPagesRoundsUp() {
    ListQuery query = parse("page_params.page_size=10");
    assertThat(query.totalPages(0)).isZero();
    assertThat(query.totalPages(10)).isEqualTo(1);
    assertThat(query.totalPages(11)).isEqualTo(2);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "page_params.page_size=0|page_params.page_size must be an integer between 1 and 100, but was \"0\"",
      "page_params.page_size=101|page_params.page_size must be an integer between 1 and 100, but was \"101\"",
      "page_params.page_size=ten|page_params.page_size must be an integer between 1 and 100, but was \"ten\"",
      "page_params.page_number=0|page_params.page_number must be an integer between 1 and 2147483647, but was \"0\"",
      "page_params.page_number=2147483648|page_params.page_number must be an integer between 1 and 2147483647,"
          + " but was \"2147483648\"",
      "page_params.first_request_timestamp.seconds=253402300800|page_params.first_request_timestamp.seconds must be"
          + " an integer between -62135596800 and 253402300799, but was \"253402300800\"",
      "page_params.first_request_timestamp.nanos=1000000000|page_params.first_request_timestamp.nanos must be an"
          + " integer between 0 and 999999999, but was \"1000000000\"",
      "order_params.order_key=name|order_params.order_key must be one of created_at, updated_at, business_name,"
          + " identification_number, but was \"name\"",
      "order_params.order_direction=asc|order_params.order_direction must be one of"
          + " ORDER_DIRECTION_ENUM_UNSPECIFIED, ASC, DESC, but was \"asc\"",
      "identification_number=|identification_number must be 1 to 64 characters, but was 0",
      "customer_id=" + "12345678901234567890123456789012345678901234567890123456789012345"
          + "|customer_id must be 1 to 64 characters, but was 65",
      "identification_type=123456789012345678901234567890123|identification_type must be 1 to 32 characters,"
          + " but was 33",
  })
  void aBadValueFailsWithAMessageNamingTheParameterWhatItAllowsAndWhatWasSent(String raw, String message) {
    assertThatThrownBy(() -> parse(raw)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void thePageIsCheckedBeforeTheOrderAndTheOrderBeforeTheFilters() {
    assertThatThrownBy(() -> parse("customer_id=&order_params.order_key=x&page_params.page_size=0"))
        .hasMessageStartingWith("page_params.page_size ");
    assertThatThrownBy(() -> parse("customer_id=&order_params.order_key=x"))
        .hasMessageStartingWith("order_params.order_key ");
  }
}
