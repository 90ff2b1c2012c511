// Smoke of the STOCK Java client (openapi-generator-cli generate -g java --library native, nothing else set: the
// generator's own org.openapitools.client packages, java.net.http and Jackson) against the sandbox or
// scripts/variant-server.py: every List Customers feature, as a team that generated its own client would use
// it. Exit 1 on the first failure, naming it. Compiled with javac by scripts/check-stock-clients.sh.
//
//   java -cp target/stock-java-smoke:target/stock-clients/java/target/classes:$(cat target/stock-java.classpath) \
//     StockSmoke BASE_URL sandbox|variant
//
// first_request_timestamp is a String in the spec and so in the client: the pin is parsed from its text by
// the spec's rule (no zone suffix means UTC; java.time keeps all nine fraction digits). The native library
// has no bearer-token setting: the token goes on as a request interceptor, as its README shows for headers.
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.openapitools.client.ApiClient;
import org.openapitools.client.ApiException;
import org.openapitools.client.api.CustomersApi;
import org.openapitools.client.model.Customer;
import org.openapitools.client.model.ErrorResponse;
import org.openapitools.client.model.ListCustomersResponse;
import org.openapitools.client.model.OrderDirection;

public final class StockSmoke {
  private static final class SmokeFailure extends RuntimeException {
    SmokeFailure(String message) {
      super(message);
    }
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new SmokeFailure(message);
    }
  }

  static Instant pin(String text) {
    try {
      return OffsetDateTime.parse(Objects.requireNonNullElse(text, "")).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException | NullPointerException e2) {
        throw new SmokeFailure("first_request_timestamp \"" + text + "\" is not the spec's form");
      }
    }
  }

  interface Call {
    void run() throws ApiException;
  }

  static ApiException errorOf(Call call) {
    try {
      call.run();
    } catch (ApiException e) {
      return e;
    }
    throw new SmokeFailure("an error response was taken for a page");
  }

  /**
   * The error body's {@code code}, read with the client's own mapper: the generator makes the untyped {@code code}
   * a {@code JsonNullable<Object>}, which a plain {@code ObjectMapper} cannot read (no JsonNullableModule).
   */
  static Object errorCode(ApiException e) throws Exception {
    return ApiClient.createDefaultObjectMapper().readValue(e.getResponseBody(), ErrorResponse.class).getCode();
  }

  static CustomersApi api(String baseUrl, String token) {
    ApiClient client = new ApiClient();
    client.updateBaseUri(baseUrl.replaceAll("/+$", ""));
    client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
    return new CustomersApi(client);
  }

  static List<Customer> customers(ListCustomersResponse page) {
    return page.getCustomers() == null ? List.of() : page.getCustomers();
  }

  static String run(String baseUrl, boolean variant) throws Exception {
    check(pin("2023-03-29T02:12:15").equals(Instant.ofEpochSecond(1_680_055_935L)), "the zone-less form is not UTC");
    check(pin("2025-10-09T12:35:17.000000001-05:00").equals(Instant.ofEpochSecond(1_760_031_317L, 1)), "offset or nanos lost");
    CustomersApi api = api(baseUrl, "sandbox-token");
    int size = variant ? 3 : 40;
    ListCustomersResponse first = api.listCustomers(size, 1, null, null, null, null, null, null, null);
    String stamp = first.getPaginationInfo().getFirstRequestTimestamp();
    Instant snapshot = pin(stamp);
    long total = Objects.requireNonNullElse(first.getPaginationInfo().getTotalElements(), 0L);
    int pages = Objects.requireNonNullElse(first.getPaginationInfo().getTotalPages(), 0);
    check(total > 0 && pages == (total + size - 1) / size, total + " customers in " + pages + " pages of " + size + "?");
    List<String> ids = new ArrayList<>();
    customers(first).forEach(c -> ids.add(c.getId()));
    for (int page = 2; page <= pages; page++) {
      ListCustomersResponse next = api.listCustomers(size, page, snapshot.getEpochSecond(), snapshot.getNano(),
          null, null, null, null, null);
      check(Objects.equals(next.getPaginationInfo().getCurrentPage(), page), "asked for page " + page);
      check(pin(next.getPaginationInfo().getFirstRequestTimestamp()).equals(snapshot), "page " + page + " left the snapshot");
      customers(next).forEach(c -> ids.add(c.getId()));
    }
    Set<String> distinct = new HashSet<>(ids);
    check(ids.size() == total && distinct.size() == total, "listed " + ids.size() + " (" + distinct.size() + " distinct) of " + total);

    List<Customer> ordered = customers(api.listCustomers(5, null, null, null, "business_name", OrderDirection.DESC, null, null, null));
    check(ordered.size() == 5, "an ordered page of 5 has " + ordered.size());
    if (variant) {
      List<String> names = ordered.stream().map(Customer::getBusinessName).collect(Collectors.toList());
      check(names.equals(names.stream().sorted(Comparator.reverseOrder()).collect(Collectors.toList())),
          "business_name DESC came back as " + names);
    }
    List<Customer> nit = customers(api.listCustomers(100, null, null, null, null, null, null, null, "NIT"));
    check(!nit.isEmpty() && nit.stream().allMatch(c -> "NIT".equals(c.getIdentificationType())), "identification_type=NIT let others through");
    List<Customer> one = customers(api.listCustomers(null, null, null, null, null, null, null, ids.get(0), null));
    check(one.size() == 1 && one.get(0).getId().equals(ids.get(0)), "customer_id=" + ids.get(0) + " gave " + one.size());
    List<Customer> byNumber = customers(api.listCustomers(null, null, null, null, null, null, one.get(0).getIdentificationNumber(), null, null));
    check(byNumber.stream().anyMatch(c -> c.getId().equals(ids.get(0))), "identification_number filter missed its customer");

    if (!variant) {
      ApiException wrong = errorOf(() -> api(baseUrl, "wrong-token").listCustomers(null, null, null, null, null, null, null, null, null));
      Object code = errorCode(wrong);
      check(wrong.getCode() == 401 && code instanceof String, "a wrong token gave " + wrong.getCode() + " " + wrong.getResponseBody());
      return "sandbox ok: " + total + " customers in " + pages + " pages pinned to " + stamp + ", order, 3 filters, 401 with code " + code;
    }
    check("2023-03-29T02:12:15.123456789".equals(stamp), "the zone-less text was not kept: " + stamp);
    List<Customer> every = customers(api.listCustomers(100, null, null, null, null, null, null, null, null));
    Set<String> statuses = new HashSet<>();
    every.forEach(c -> statuses.add(c.getStatus()));
    check(statuses.contains("UNDER_REVIEW") && statuses.contains("SUSPENDED_BY_RISK") && statuses.contains(null),
        "unknown or absent statuses lost: " + statuses);
    check(every.stream().anyMatch(c -> "PERSON".equals(c.getType())), "an unknown type was lost");
    ListCustomersResponse empty = api.listCustomers(null, null, null, null, null, null, null, null, "NONE");
    check(customers(empty).isEmpty() && Objects.requireNonNullElse(empty.getPaginationInfo().getTotalElements(), 0L) == 0,
        "an empty page is not empty");
    ApiException gateway = errorOf(() -> api.listCustomers(null, null, null, null, null, null, "gateway-error", null, null));
    check(gateway.getCode() == 400 && errorCode(gateway) instanceof Number n && n.intValue() == 3,
        "the gateway error read as " + gateway.getCode() + " " + gateway.getResponseBody());
    ApiException html = errorOf(() -> api.listCustomers(null, null, null, null, null, null, "html-error", null, null));
    check(html.getCode() == 500 && html.getResponseBody().contains("<html"), "the HTML 500 read as " + html.getCode());
    return "variant ok: zone-less snapshot " + stamp + " pinned to " + snapshot.getEpochSecond() + " s + " + snapshot.getNano()
        + " ns, unknown fields and values kept, zero values absent, gateway code 3, HTML 500";
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2 || !Set.of("sandbox", "variant").contains(args[1])) {
      System.err.println("usage: StockSmoke BASE_URL sandbox|variant");
      System.exit(2);
    }
    try {
      System.out.println("java stock client: " + run(args[0], args[1].equals("variant")));
    } catch (SmokeFailure | ApiException e) {
      System.err.println("java stock client: " + e.getMessage());
      System.exit(1);
    }
  }
}
