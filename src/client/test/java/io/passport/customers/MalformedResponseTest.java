package io.passport.customers;

import static io.passport.customers.ClientTestSupport.clientFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.passport.customers.PassportException.Kind;
import io.passport.customers.model.Customer;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Responses that are wrong in every way seen or imaginable: each gives a typed {@link
 * PassportException}, never a NullPointerException and never a listing that silently ends short.
 */
class MalformedResponseTest {
  private static final String CUSTOMER = "{\"id\":\"c-%d\",\"status\":\"ACTIVE\"}";
  private final MockWebServer server = ClientTestSupport.newServer();

  @AfterEach
  void stop() {
    server.close();
  }

  /** Serves pages of 10 customers (c-1..c-20, two pages) through {@code page}, which may spoil them. */
  private interface PageBody {
    MockResponse answer(int pageNumber);
  }

  private static String page(int number, int from, int to, String info) {
    StringBuilder customers = new StringBuilder();
    for (int i = from; i <= to; i++) {
      customers.append(i > from ? "," : "").append(String.format(CUSTOMER, i));
    }
    return "{\"customers\":[" + customers + "],\"pagination_info\":" + info + "}";
  }

  private static String info(Object current, Object totalPages, Object totalElements) {
    return "{\"first_request_timestamp\":\"2025-10-09T17:35:17.864Z\",\"current_page\":" + current
        + ",\"total_pages\":" + totalPages + ",\"total_elements\":" + totalElements + "}";
  }

  private static MockResponse ok(String body) {
    return new MockResponse.Builder().setHeader("Content-Type", "application/json").body(body).build();
  }

  private static MockResponse goodPage(int number) {
    return ok(page(number, (number - 1) * 10 + 1, number * 10, info(number, 2, 20)));
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        bad("an HTML page with 200", n -> new MockResponse.Builder().setHeader("Content-Type", "text/html")
            .body("<!DOCTYPE html><html><body>Maintenance</body></html>").build(), Kind.INVALID_RESPONSE),
        bad("an HTML error page from a proxy", n -> new MockResponse.Builder().code(502)
            .body("<html><head><title>502 Bad Gateway</title></head></html>").build(), Kind.SERVER_ERROR),
        bad("an empty 200 body", n -> ok(""), Kind.INVALID_RESPONSE),
        bad("truncated JSON", n -> ok("{\"customers\":[{\"id\":\"c-1\",\"sta"), Kind.INVALID_RESPONSE),
        bad("a JSON array instead of an object", n -> ok("[]"), Kind.INVALID_RESPONSE),
        bad("customers as an object", n -> ok("{\"customers\":{\"id\":\"c-1\"}}"), Kind.INVALID_RESPONSE),
        bad("total_pages as a word", n -> ok(page(1, 1, 10, info(1, "\"two\"", 20))), Kind.INVALID_RESPONSE),
        bad("total_elements quoted, as protobuf's JSON mapping writes an int64 (the spec says numbers)",
            n -> ok(page(n, (n - 1) * 10 + 1, n * 10, info(n, 2, "\"20\""))), Kind.INVALID_RESPONSE),
        bad("current_page as a fraction", n -> ok(page(1, 1, 10, info(1.5, 2, 20))), Kind.INVALID_RESPONSE),
        bad("total_pages beyond int", n -> ok(page(1, 1, 10, info(1, 1e12, 20))), Kind.INVALID_RESPONSE),
        bad("customers without pagination_info", n -> ok("{\"customers\":[{\"id\":\"c-1\"}]}"), Kind.INVALID_RESPONSE),
        bad("a negative page count", n -> ok(page(1, 1, 10, info(1, -2, 20))), Kind.INVALID_RESPONSE),
        bad("a negative customer count", n -> ok(page(1, 1, 10, info(1, 2, -20))), Kind.INVALID_RESPONSE),
        bad("fewer pages than the customers counted", n -> ok(page(1, 1, 10, info(1, 1, 20))), Kind.INVALID_RESPONSE),
        bad("a page count that changes between pages",
            n -> n == 1 ? goodPage(1) : ok(page(2, 11, 20, info(2, 3, 20))), Kind.INVALID_RESPONSE),
        bad("the same page for every page number", n -> goodPage(1), Kind.INVALID_RESPONSE),
        bad("an empty page before the last", n -> n == 1 ? goodPage(1) : ok(page(2, 1, 0, info(2, 2, 20))),
            Kind.INVALID_RESPONSE),
        bad("null among the customers", n -> ok("{\"customers\":[null],\"pagination_info\":" + info(1, 1, 1) + "}"),
            Kind.INVALID_RESPONSE),
        bad("a malformed timestamp", n -> ok("{\"customers\":[{\"id\":\"c-1\",\"created_at\":\"yesterday\"}],"
            + "\"pagination_info\":" + info(1, 1, 1) + "}"), Kind.INVALID_RESPONSE),
        bad("nesting deeper than any parser allows", n -> ok("{\"x\":" + "[".repeat(300) + "]".repeat(300) + "}"),
            Kind.INVALID_RESPONSE),
        bad("gzip declared but not sent", n -> new MockResponse.Builder().setHeader("Content-Encoding", "gzip")
            .body(page(1, 1, 10, info(1, 1, 10))).build(), Kind.TRANSPORT),
        bad("a 200 whose body is an error object", n -> ok("{\"code\":5,\"message\":\"not found\",\"customers\":7}"),
            Kind.INVALID_RESPONSE));
  }

  private static Arguments bad(String name, PageBody body, Kind kind) {
    return Arguments.of(name, body, kind);
  }

  /** A negative count names the field and the value, at one page at a time and with pages in flight. */
  @ParameterizedTest(name = "parallelism {0}")
  @ValueSource(ints = {1, 4})
  void aNegativeCountOnAnyPageIsNamedWithItsValue(int parallelism) throws IOException {
    for (String[] spoiled : new String[][] {{"-2", "20", "total_pages=-2"}, {"2", "-20", "total_elements=-20"}}) {
      PageBody body = n -> n == 1 ? goodPage(1)
          : ok(page(2, 11, 20, info(2, Integer.parseInt(spoiled[0]), Integer.parseInt(spoiled[1]))));
      serve(body);
      try (PassportCustomersClient client = clientFor(server).parallelism(parallelism).build()) {
        Throwable thrown = catchThrowable(
            () -> client.listAll(CustomerQuery.builder().pageSize(10).build()).stream().toList());

        assertThat(thrown).isInstanceOf(PassportException.class);
        assertThat(((PassportException) thrown).kind()).isEqualTo(Kind.INVALID_RESPONSE);
        assertThat(thrown.getMessage()).contains("negative count", spoiled[2]);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void aMalformedResponseIsATypedFailure(String name, PageBody body, Kind kind) throws IOException {
    serve(body);
    try (PassportCustomersClient client = clientFor(server).build()) {
      Throwable thrown = catchThrowable(
          () -> client.listAll(CustomerQuery.builder().pageSize(10).build()).stream().toList());

      assertThat(thrown).isInstanceOf(PassportException.class);
      assertThat(((PassportException) thrown).kind()).isEqualTo(kind);
      assertThat(thrown.getMessage()).isNotBlank().doesNotContain("\n");
    }
  }

  @Test
  void hugeStringsComeThroughWholeWhenTheCapsAllowThem() throws IOException {
    String name = "Ñ".repeat(2_000_000);
    serve(n -> ok("{\"customers\":[{\"id\":\"c-1\",\"business_name\":\"" + name + "\"}],\"pagination_info\":"
        + info(1, 1, 1) + "}"));
    try (PassportCustomersClient client =
        clientFor(server).maxStringChars(2_000_000).maxBodyBytes(8L * 1024 * 1024).build()) {
      List<Customer> all = client.listAll(CustomerQuery.all()).stream().toList();

      assertThat(all).singleElement().satisfies(c -> assertThat(c.getBusinessName()).isEqualTo(name));
    }
  }

  @Test
  void unknownValuesAndFieldsAreKeptOrIgnoredWithoutLosingAnyone() throws IOException {
    serve(n -> ok("{\"customers\":[{\"id\":\"c-1\",\"status\":\"UNDER_REVIEW\",\"type\":\"INDIVIDUAL\","
        + "\"loyalty\":{\"tier\":[1,2,{\"x\":null}]}},{\"id\":\"c-2\",\"identification_type\":\"PPT\"}],"
        + "\"pagination_info\":" + info(1, 1, 2) + ",\"next_cursor\":\"abc\"}"));
    try (PassportCustomersClient client = clientFor(server).build()) {
      List<Customer> all = client.listAll(CustomerQuery.all()).stream().toList();

      assertThat(all).extracting(Customer::getId).containsExactly("c-1", "c-2");
      assertThat(all.get(0).getStatus()).isEqualTo("UNDER_REVIEW");
      assertThat(all.get(0).getType()).isEqualTo("INDIVIDUAL");
      assertThat(all.get(1).getIdentificationType()).isEqualTo("PPT");
    }
  }

  @Test
  void aByteOrderMarkBeforeTheJsonIsSkipped() throws IOException {
    serve(n -> ok("\uFEFF" + page(n, (n - 1) * 10 + 1, n * 10, info(n, 2, 20))));
    try (PassportCustomersClient client = clientFor(server).build()) {
      assertThat(client.listAll(CustomerQuery.builder().pageSize(10).build())).hasSize(20);
    }
  }

  @Test
  void validJsonUnderAWrongContentTypeIsStillRead() throws IOException {
    serve(n -> new MockResponse.Builder().setHeader("Content-Type", "text/plain")
        .body(page(n, (n - 1) * 10 + 1, n * 10, info(n, 2, 20))).build());
    try (PassportCustomersClient client = clientFor(server).build()) {
      assertThat(client.listAll(CustomerQuery.builder().pageSize(10).build())).hasSize(20);
    }
  }

  private void serve(PageBody body) throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String number = request.getUrl().queryParameter("page_params.page_number");
        return body.answer(number == null ? 1 : Integer.parseInt(number));
      }
    });
    server.start();
  }

}
