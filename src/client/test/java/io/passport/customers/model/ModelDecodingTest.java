package io.passport.customers.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import io.passport.customers.internal.ApiJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The generated models read through the project's Moshi configuration: snake_case names, tolerance of
 * unknown fields and values, absent fields, both error shapes and the timestamp forms the API uses.
 */
class ModelDecodingTest {
  private final JsonAdapter<ListCustomersResponse> listAdapter =
      ApiJson.moshi().adapter(ListCustomersResponse.class);
  private final JsonAdapter<Customer> customerAdapter = ApiJson.moshi().adapter(Customer.class);
  private final JsonAdapter<ErrorResponse> errorAdapter = ApiJson.moshi().adapter(ErrorResponse.class);

  static String resource(String name) throws IOException {
    try (InputStream in = ModelDecodingTest.class.getResourceAsStream("/responses/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void providersExampleDecodesWithEveryFieldPresentAndCorrect() throws IOException {
    ListCustomersResponse page = listAdapter.fromJson(resource("provider-example.json"));

    assertThat(page.getCustomers()).hasSize(1);
    Customer customer = page.getCustomers().get(0);
    assertThat(customer.getId()).isEqualTo("db7e89e7-59d8-4ab1-b675-a2ae52c3339e");
    assertThat(customer.getType()).isEqualTo("BUSINESS");
    assertThat(customer.getBusinessName()).isEqualTo("changing");
    assertThat(customer.getEmail()).isEqualTo("eAqpUh6u@example.com");
    assertThat(customer.getMobilePhoneNumber()).isEqualTo("573956158117");
    assertThat(customer.getIdentificationType()).isEqualTo("NIT");
    assertThat(customer.getIdentificationNumber()).isEqualTo("903978023");
    assertThat(customer.getMerchantCategoryCode()).isEqualTo("0412");
    assertThat(customer.getStatus()).isEqualTo("ACTIVE");
    assertThat(customer.getCreatedAt())
        .isEqualTo(OffsetDateTime.of(2025, 10, 9, 10, 40, 27, 446_000_000, ZoneOffset.UTC));
    assertThat(customer.getUpdatedAt())
        .isEqualTo(OffsetDateTime.of(2025, 10, 9, 17, 19, 27, 951_000_000, ZoneOffset.UTC));
    Address address = customer.getAddress();
    assertThat(address.getLine1()).isEqualTo("Diagonal 46 1104");
    assertThat(address.getLine2()).isEqualTo("Carrera 18 2111");
    assertThat(address.getLine3()).isEqualTo("Calle 20 675");
    assertThat(address.getCity()).isEqualTo("Cartagena");
    assertThat(address.getState()).isEqualTo("Bolivar");
    assertThat(address.getPostCode()).isEqualTo("101010");
    assertThat(address.getCountry()).isEqualTo("CO");

    PaginationInfo info = page.getPaginationInfo();
    assertThat(info.getFirstRequestTimestamp())
        .isEqualTo(OffsetDateTime.of(2025, 10, 9, 17, 35, 17, 864_000_000, ZoneOffset.UTC));
    assertThat(info.getCurrentPage()).isEqualTo(1);
    assertThat(info.getTotalPages()).isEqualTo(1);
    assertThat(info.getTotalElements()).isEqualTo(1L);
  }

  @Test
  void unknownFieldsAreIgnoredAtEveryLevel() throws IOException {
    ListCustomersResponse page =
        listAdapter.fromJson(
            "{\"customers\":[{\"id\":\"c-1\",\"loyalty\":{\"tier\":\"gold\"},"
                + "\"address\":{\"city\":\"Cali\",\"geo\":[1.5,2.5]}}],"
                + "\"pagination_info\":{\"current_page\":1,\"cursor\":\"x\"},\"next\":null}");

    assertThat(page.getCustomers()).singleElement().satisfies(c -> {
      assertThat(c.getId()).isEqualTo("c-1");
      assertThat(c.getAddress().getCity()).isEqualTo("Cali");
    });
    assertThat(page.getPaginationInfo().getCurrentPage()).isEqualTo(1);
  }

  @Test
  void unseenStatusTypeAndIdentificationTypeAreKeptAsSent() throws IOException {
    Customer customer =
        customerAdapter.fromJson(
            "{\"status\":\"SUSPENDED_FOR_REVIEW\",\"type\":\"INDIVIDUAL\",\"identification_type\":\"PPT\"}");

    assertThat(customer.getStatus()).isEqualTo("SUSPENDED_FOR_REVIEW");
    assertThat(customer.getType()).isEqualTo("INDIVIDUAL");
    assertThat(customer.getIdentificationType()).isEqualTo("PPT");
    assertThat(customerAdapter.toJson(customer)).contains("\"status\":\"SUSPENDED_FOR_REVIEW\"");
  }

  @Test
  void absentFieldsAreNullAndAnAbsentListIsEmpty() throws IOException {
    ListCustomersResponse page = listAdapter.fromJson("{\"customers\":[{}],\"pagination_info\":{}}");

    Customer customer = page.getCustomers().get(0);
    assertThat(customer.getId()).isNull();
    assertThat(customer.getStatus()).isNull();
    assertThat(customer.getAddress()).isNull();
    assertThat(customer.getCreatedAt()).isNull();
    assertThat(page.getPaginationInfo().getTotalPages()).isNull();
    assertThat(page.getPaginationInfo().getFirstRequestTimestamp()).isNull();

    ListCustomersResponse empty = listAdapter.fromJson("{}");
    assertThat(empty.getCustomers()).isEmpty();
    assertThat(empty.getPaginationInfo()).isNull();
  }

  @Test
  void explicitNullsDecodeAsNull() throws IOException {
    Customer customer = customerAdapter.fromJson("{\"id\":null,\"created_at\":null,\"address\":null}");

    assertThat(customer.getId()).isNull();
    assertThat(customer.getCreatedAt()).isNull();
    assertThat(customer.getAddress()).isNull();
  }

  @Test
  void int64CountsDecodeFromJsonNumbersUpToLongRange() throws IOException {
    PaginationInfo info =
        ApiJson.moshi()
            .adapter(PaginationInfo.class)
            .fromJson("{\"total_elements\":9007199254740993,\"total_pages\":3,\"current_page\":null}");

    assertThat(info.getTotalElements()).isEqualTo(9_007_199_254_740_993L);
    assertThat(info.getTotalPages()).isEqualTo(3);
    assertThat(info.getCurrentPage()).isNull();
  }

  @Test
  void quotedIntegersAreRefusedBecauseTheSpecSaysEveryIntegerIsAJsonNumber() {
    var adapter = ApiJson.moshi().adapter(PaginationInfo.class);

    assertThatThrownBy(() -> adapter.fromJson("{\"total_elements\":\"53\"}"))
        .isInstanceOf(JsonDataException.class)
        .hasMessageContaining("JSON number")
        .hasMessageContaining("\"53\"")
        .hasMessageContaining("$.total_elements");
    assertThatThrownBy(() -> adapter.fromJson("{\"total_pages\":\"3\"}"))
        .isInstanceOf(JsonDataException.class)
        .hasMessageContaining("$.total_pages");
  }

  @Test
  void aQuotedIntegerIsRepeatedInTheMessageUpTo32Characters() {
    var adapter = ApiJson.moshi().adapter(PaginationInfo.class);
    String exactly32 = "1".repeat(32);
    String longer = "9".repeat(33);

    assertThatThrownBy(() -> adapter.fromJson("{\"total_elements\":\"" + exactly32 + "\"}"))
        .hasMessageContaining("\"" + exactly32 + "\"");
    assertThatThrownBy(() -> adapter.fromJson("{\"total_elements\":\"" + longer + "\"}"))
        .hasMessageContaining("\"" + "9".repeat(32) + "...\"")
        .hasMessageNotContaining(longer);
  }

  @Test
  void integersAreWrittenAsJsonNumbers() {
    PaginationInfo info = new PaginationInfo().currentPage(2).totalPages(3).totalElements(9_007_199_254_740_993L);

    assertThat(ApiJson.moshi().adapter(PaginationInfo.class).toJson(info))
        .contains("\"current_page\":2", "\"total_pages\":3", "\"total_elements\":9007199254740993");
  }

  @Test
  void gatewayStyleErrorDecodesWithNumericCode() throws IOException {
    ErrorResponse error =
        errorAdapter.fromJson(
            "{\"code\":3,\"message\":\"bad page size\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.BadRequest\"}]}");

    assertThat(error.getCode()).isEqualTo(3.0);
    assertThat(error.getMessage()).isEqualTo("bad page size");
    assertThat(error.getDetails()).singleElement()
        .satisfies(d -> assertThat(d).containsEntry("@type", "type.googleapis.com/google.rpc.BadRequest"));
  }

  @Test
  void providerStyleErrorDecodesWithStringCode() throws IOException {
    ErrorResponse error =
        errorAdapter.fromJson(
            "{\"message\":\"no customers\",\"code\":\"NOT_FOUND\",\"http_code\":404,\"type\":\"not_found\","
                + "\"trace_id\":\"abc\",\"resource\":\"customers\",\"url\":\"/v1/customers\"}");

    assertThat(error.getCode()).isEqualTo("NOT_FOUND");
    assertThat(error.getMessage()).isEqualTo("no customers");
    assertThat(error.getHttpCode()).isEqualTo(404);
    assertThat(error.getType()).isEqualTo("not_found");
    assertThat(error.getTraceId()).isEqualTo("abc");
    assertThat(error.getResource()).isEqualTo("customers");
    assertThat(error.getUrl()).isEqualTo("/v1/customers");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "2025-10-09T17:35:17.864Z,            2025-10-09T17:35:17.864Z",
    "2023-03-29T02:12:15,                 2023-03-29T02:12:15Z",
    "2023-03-29T02:12:15.123456789Z,      2023-03-29T02:12:15.123456789Z",
    "2023-03-29T02:12:15.123456789,       2023-03-29T02:12:15.123456789Z",
    "2023-03-29T02:12:15.1+05:00,         2023-03-28T21:12:15.100Z",
    "2023-03-29t02:12:15z,                2023-03-29T02:12:15Z",
    "0001-01-01T00:00:00Z,                0001-01-01T00:00:00Z",
  })
  void timestampsDecodeWithAndWithoutZoneAndUpToNineDigits(String wire, String instant)
      throws IOException {
    PaginationInfo info =
        ApiJson.moshi()
            .adapter(PaginationInfo.class)
            .fromJson("{\"first_request_timestamp\":\"" + wire + "\"}");

    assertThat(info.getFirstRequestTimestamp().toInstant()).isEqualTo(java.time.Instant.parse(instant));
  }

  @Test
  void malformedTimestampIsATypedDecodeFailure() {
    assertThatThrownBy(() -> customerAdapter.fromJson("{\"created_at\":\"yesterday\"}"))
        .isInstanceOf(JsonDataException.class)
        .hasMessageContaining("yesterday");
  }
}
