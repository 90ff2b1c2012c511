package io.passport.customers.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.passport.customers.internal.ApiJson;
import io.passport.customers.model.OrderDirection;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import retrofit2.Call;
import retrofit2.Retrofit;
import retrofit2.http.Query;
import retrofit2.converter.moshi.MoshiConverterFactory;

/**
 * What the generated Retrofit interface puts on the wire, byte for byte, through the query-map method the
 * client uses (generated-config/templates/java/libraries/retrofit2/api.mustache), and that it is what the
 * stock positional method sends.
 */
class CustomersApiWireTest {
  private final MockWebServer server = new MockWebServer();
  private CustomersApi api;

  @BeforeEach
  void start() throws IOException {
    server.start();
    api =
        new Retrofit.Builder()
            .baseUrl(server.url("/"))
            .addConverterFactory(MoshiConverterFactory.create(ApiJson.moshi()))
            .build()
            .create(CustomersApi.class);
    server.enqueue(new MockResponse.Builder().body("{}").build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String sentTarget() throws InterruptedException {
    RecordedRequest request = server.takeRequest();
    HttpUrl url = request.getUrl();
    return url.encodedPath() + (url.encodedQuery() == null ? "" : "?" + url.encodedQuery());
  }

  /** The query parameters in the order given. */
  private static Map<String, String> query(String... namesAndValues) {
    Map<String, String> query = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      query.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return query;
  }

  @Test
  void noArgumentsSendsNoQueryAtAll() throws Exception {
    api.listCustomers(Map.of()).execute();

    assertThat(sentTarget()).isEqualTo("/v1/customers");
  }

  @Test
  void everyParameterUsesItsDottedWireNameAndTheMapSendsWhatThePositionalMethodSends() throws Exception {
    Map<String, String> query = query("page_params.page_size", "50", "page_params.page_number", "3",
        "page_params.first_request_timestamp.seconds", "1760031317",
        "page_params.first_request_timestamp.nanos", "864000000", "order_params.order_key", "created_at",
        "order_params.order_direction", "DESC", "identification_number", "903 978+023",
        "customer_id", "db7e89e7-59d8-4ab1-b675-a2ae52c3339e", "identification_type", "NIT");
    server.enqueue(new MockResponse.Builder().body("{}").build());
    api.listCustomers(query).execute();
    positionalListCustomers(query).execute();

    String expected = "/v1/customers?page_params.page_size=50&page_params.page_number=3"
        + "&page_params.first_request_timestamp.seconds=1760031317"
        + "&page_params.first_request_timestamp.nanos=864000000"
        + "&order_params.order_key=created_at&order_params.order_direction=DESC"
        + "&identification_number=903%20978%2B023"
        + "&customer_id=db7e89e7-59d8-4ab1-b675-a2ae52c3339e&identification_type=NIT";
    assertThat(sentTarget()).isEqualTo(expected);
    assertThat(sentTarget()).as("the generated positional method").isEqualTo(expected);
  }

  /**
   * The stock generated {@code listCustomers} with one positional argument per parameter, called with
   * {@code query}'s values (null for the others), found by its {@code @Query} annotations so that a new
   * parameter in the spec changes no line here.
   */
  private Call<?> positionalListCustomers(Map<String, String> query) throws ReflectiveOperationException {
    for (Method method : CustomersApi.class.getMethods()) {
      if (!method.getName().equals("listCustomers") || method.getParameterCount() < 2) {
        continue;
      }
      Object[] args = new Object[method.getParameterCount()];
      Map<String, String> unused = new LinkedHashMap<>(query);
      for (int i = 0; i < args.length; i++) {
        String name = ((Query) method.getParameterAnnotations()[i][0]).value();
        String value = unused.remove(name);
        Class<?> type = method.getParameterTypes()[i];
        args[i] = value == null ? null
            : type == Integer.class ? Integer.valueOf(value)
            : type == Long.class ? Long.valueOf(value)
            : type == OrderDirection.class ? OrderDirection.fromValue(value)
            : value;
      }
      assertThat(unused).as("parameters the positional method lacks").isEmpty();
      return (Call<?>) method.invoke(api, args);
    }
    throw new AssertionError("no positional listCustomers");
  }

  @ParameterizedTest(name = "page_size {0}")
  @CsvSource({"1", "100"})
  void eachParameterAloneAppearsAlone(int size) throws Exception {
    api.listCustomers(query("page_params.page_size", Integer.toString(size))).execute();

    assertThat(sentTarget()).isEqualTo("/v1/customers?page_params.page_size=" + size);
  }

  @Test
  void negativeSecondsBeforeTheEpochAreSentAsSigned() throws Exception {
    api.listCustomers(query("page_params.first_request_timestamp.seconds", "-62135596800",
        "page_params.first_request_timestamp.nanos", "0")).execute();

    assertThat(sentTarget())
        .isEqualTo(
            "/v1/customers?page_params.first_request_timestamp.seconds=-62135596800"
                + "&page_params.first_request_timestamp.nanos=0");
  }

  @Test
  void everyOrderDirectionIsSentAsItsWireValue() throws Exception {
    for (OrderDirection direction : OrderDirection.values()) {
      server.enqueue(new MockResponse.Builder().body("{}").build());
    }
    for (OrderDirection direction : OrderDirection.values()) {
      api.listCustomers(query("order_params.order_direction", direction.toString())).execute();
    }
    assertThat(sentTarget()).isEqualTo("/v1/customers?order_params.order_direction=ORDER_DIRECTION_ENUM_UNSPECIFIED");
    assertThat(sentTarget()).isEqualTo("/v1/customers?order_params.order_direction=ASC");
    assertThat(sentTarget()).isEqualTo("/v1/customers?order_params.order_direction=DESC");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a+b        | a%2Bb",
        "a&b=c      | a%26b%3Dc",
        "two words  | two%20words",
        "Ñandú      | %C3%91and%C3%BA",
        "50%        | 50%25",
        "x#y?z      | x%23y%3Fz",
      })
  void oddFilterValuesArePercentEncoded(String value, String encoded) throws Exception {
    api.listCustomers(query("identification_number", value)).execute();

    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedQuery()).isEqualTo("identification_number=" + encoded);
    assertThat(request.getUrl().queryParameter("identification_number")).isEqualTo(value);
  }

  @Test
  void getCustomerEncodesTheIdAsOnePathSegment() throws Exception {
    api.getCustomer("a/b c").execute();

    assertThat(sentTarget()).isEqualTo("/v1/customers/a%2Fb%20c");
  }
}
