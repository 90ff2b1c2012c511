package io.passport.customers.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonAdapter;
import io.passport.customers.CustomerQuery;
import io.passport.customers.PassportCustomersClient;
import io.passport.customers.PassportException;
import io.passport.customers.RetryPolicy;
import io.passport.customers.internal.ApiJson;
import io.passport.customers.model.Customer;
import io.passport.customers.model.ErrorResponse;
import io.passport.customers.model.ListCustomersResponse;
import io.passport.customers.model.OrderDirection;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The sandbox, checked on the wire (OkHttp) and through the client, rule by rule. */
class SandboxTest {
  private static final JsonAdapter<ListCustomersResponse> LIST = ApiJson.moshi().adapter(ListCustomersResponse.class);
  private static final JsonAdapter<ErrorResponse> ERROR = ApiJson.moshi().adapter(ErrorResponse.class);
  private static final JsonAdapter<Map<String, Object>> STATE_VALUES = ApiJson.moshi().adapter(
      com.squareup.moshi.Types.newParameterizedType(Map.class, String.class, Object.class));
  private final OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private PassportSandbox start(PassportSandbox.Builder builder) throws IOException {
    PassportSandbox sandbox = builder.start();
    open.add(sandbox);
    return sandbox;
  }

  private PassportCustomersClient client(PassportSandbox sandbox) {
    PassportCustomersClient client = PassportCustomersClient.builder().baseUrl(sandbox.baseUrl())
        .accessToken(PassportSandbox.STATIC_TOKEN).retryPolicy(RetryPolicy.none()).build();
    open.add(client);
    return client;
  }

  private Response get(PassportSandbox sandbox, String target, String token) throws IOException {
    Request.Builder request = new Request.Builder().url(sandbox.baseUrl() + target);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.newCall(request.build()).execute();
  }

  private ListCustomersResponse page(PassportSandbox sandbox, String query) throws IOException {
    try (Response response = get(sandbox, "v1/customers?" + query, PassportSandbox.STATIC_TOKEN)) {
      assertThat(response.code()).as(query).isEqualTo(200);
      return LIST.fromJson(response.body().string());
    }
  }

  /**
   * The customers a sandbox built with {@code customers(count)} holds, from the seeded generator (the
   * builder's default seed), in the API's default order (created_at, ties by id): expected values
   * that do not come from a listing by the client under test.
   */
  private static List<Customer> seeded(int count) {
    return SyntheticCustomers.generate(PassportSandbox.DEFAULT_SEED, count).stream()
        .sorted(Comparator.comparing(Customer::getCreatedAt).thenComparing(Customer::getId)).toList();
  }

  private static List<String> idsOf(List<Customer> customers) {
    return customers.stream().map(Customer::getId).toList();
  }

  private ErrorResponse error(Response response, int status) throws IOException {
    try (response) {
      assertThat(response.code()).isEqualTo(status);
      assertThat(response.header("Content-Type")).isEqualTo("application/json");
      ErrorResponse error = ERROR.fromJson(response.body().string());
      assertThat(error.getHttpCode()).isEqualTo(status);
      assertThat(error.getCode()).isInstanceOf(String.class);
      assertThat(error.getMessage()).isNotBlank();
      assertThat(error.getTraceId()).isNotBlank();
      return error;
    }
  }

  @Test
  void theSameSeedGivesTheSameCustomersAndAnotherSeedOthers() throws IOException {
    List<Customer> a = page(start(PassportSandbox.builder().customers(30).seed(7)), "page_params.page_size=30").getCustomers();
    List<Customer> b = page(start(PassportSandbox.builder().customers(30).seed(7)), "page_params.page_size=30").getCustomers();
    List<Customer> c = page(start(PassportSandbox.builder().customers(30).seed(8)), "page_params.page_size=30").getCustomers();

    assertThat(a).isEqualTo(b);
    assertThat(a).extracting(Customer::getId).doesNotContainAnyElementsOf(c.stream().map(Customer::getId).toList());
  }

  @Test
  void syntheticCustomersLookLikeColombianBusinesses() throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder().customers(500).seed(3));
    List<Customer> all = new ArrayList<>();
    client(sandbox).listAll(CustomerQuery.all()).forEach(all::add);

    assertThat(all).hasSize(500).allSatisfy(customer -> {
      assertThat(customer.getId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
      assertThat(customer.getType()).isEqualTo("BUSINESS");
      assertThat(customer.getIdentificationNumber())
          .matches("NIT".equals(customer.getIdentificationType()) ? "[89]\\d{8}" : "[1-9]\\d{7,9}");
      assertThat(customer.getMerchantCategoryCode()).matches("\\d{4}");
      assertThat(customer.getMobilePhoneNumber()).matches("573\\d{9}");
      assertThat(customer.getEmail()).matches("[a-z0-9.]+@example\\.com");
      assertThat(customer.getAddress().getCountry()).isEqualTo("CO");
      assertThat(customer.getAddress().getCity()).isNotBlank();
      assertThat(customer.getBusinessName()).isNotBlank().hasSizeLessThanOrEqualTo(140);
      assertThat(customer.getUpdatedAt()).isAfterOrEqualTo(customer.getCreatedAt());
    });
    assertThat(all).extracting(Customer::getIdentificationType).containsOnly("NIT", "CC").contains("CC");
    assertThat(all).extracting(Customer::getStatus).contains("ACTIVE", "INACTIVE", "PENDING", "BLOCKED");
    assertThat(all).extracting(Customer::getBusinessName).anyMatch(n -> n.contains("ñ")).anyMatch(n -> n.matches(".*[áéíóúÁ].*"));
    assertThat(all).extracting(c -> c.getAddress().getCity()).contains("Bogotá", "Medellín");
    assertThat(all.stream().map(Customer::getCreatedAt).toList()).isSorted();
    assertThat(all.get(0).getCreatedAt().getYear()).isEqualTo(2023);
    assertThat(all.get(499).getCreatedAt().getYear()).isEqualTo(2025);
  }

  @Test
  void paginationInfoDescribesTheWholeListing() throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder().customers(25));

    ListCustomersResponse first = page(sandbox, "");
    assertThat(first.getCustomers()).hasSize(PassportSandbox.DEFAULT_PAGE_SIZE);
    assertThat(first.getPaginationInfo().getCurrentPage()).isEqualTo(1);
    assertThat(first.getPaginationInfo().getTotalPages()).isEqualTo(3);
    assertThat(first.getPaginationInfo().getTotalElements()).isEqualTo(25L);
    assertThat(first.getPaginationInfo().getFirstRequestTimestamp()).isNotNull();

    ListCustomersResponse last = page(sandbox, "page_params.page_number=3");
    assertThat(last.getCustomers()).hasSize(5);
    assertThat(last.getPaginationInfo().getCurrentPage()).isEqualTo(3);

    ListCustomersResponse beyond = page(sandbox, "page_params.page_number=4");
    assertThat(beyond.getCustomers()).isEmpty();
    assertThat(beyond.getPaginationInfo().getTotalElements()).isEqualTo(25L);

    assertThat(page(sandbox, "page_params.page_size=100").getCustomers()).hasSize(25);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "page_params.page_size=0                          | page_params.page_size must be an integer between 1 and 100",
    "page_params.page_size=101                        | page_params.page_size must be an integer between 1 and 100",
    "page_params.page_size=ten                        | page_params.page_size",
    "page_params.page_number=0                        | page_params.page_number must be an integer between 1",
    "page_params.page_number=-1                       | page_params.page_number",
    "page_params.first_request_timestamp.seconds=253402300800 | page_params.first_request_timestamp.seconds",
    "page_params.first_request_timestamp.nanos=1000000000     | page_params.first_request_timestamp.nanos",
    "page_params.first_request_timestamp.nanos=-1     | page_params.first_request_timestamp.nanos",
    "order_params.order_key=email                     | order_params.order_key must be one of created_at, updated_at, business_name, identification_number",
    "order_params.order_direction=UP                  | order_params.order_direction must be one of",
    // Found by Schemathesis: filters longer than the spec allows were served as an empty page.
    "identification_type=000000000000000000000000000000000 | identification_type must be 1 to 32 characters, but was 33",
    "identification_type=                             | identification_type must be 1 to 32 characters, but was 0",
    "identification_number=00000000000000000000000000000000000000000000000000000000000000000 | identification_number must be 1 to 64 characters, but was 65",
    "customer_id=                                     | customer_id must be 1 to 64 characters, but was 0",
  })
  void outOfRangeParametersAre400NamingTheParameter(String query, String message) throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder().customers(3));

    ErrorResponse error = error(get(sandbox, "v1/customers?" + query, PassportSandbox.STATIC_TOKEN), 400);
    assertThat(error.getCode()).isEqualTo("INVALID_ARGUMENT");
    assertThat(error.getMessage()).contains(message);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "created_at, ASC", "created_at, DESC", "updated_at, ASC", "updated_at, DESC",
    "business_name, ASC", "business_name, DESC", "identification_number, ASC", "identification_number, DESC",
  })
  void everyOrderKeySortsInBothDirections(String key, OrderDirection direction) throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder().customers(120));
    List<Customer> all = new ArrayList<>();
    client(sandbox).listAll(CustomerQuery.builder().orderKey(key).orderDirection(direction).pageSize(25).build())
        .forEach(all::add);

    Map<String, Function<Customer, Comparable>> keys = Map.of(
        "created_at", Customer::getCreatedAt, "updated_at", Customer::getUpdatedAt,
        "business_name", c -> c.getBusinessName().toLowerCase(java.util.Locale.ROOT),
        "identification_number", Customer::getIdentificationNumber);
    Comparator<Customer> order = Comparator.comparing(keys.get(key));
    Comparator<Customer> directed = direction == OrderDirection.DESC ? order.reversed() : order;
    assertThat(all).hasSize(120).isSortedAccordingTo(directed);
    // Exactly the seeded customers, ties in id order.
    assertThat(idsOf(all)).isEqualTo(idsOf(seeded(120).stream()
        .sorted(directed.thenComparing(Customer::getId)).toList()));
  }

  @Test
  void eachFilterSelectsExactlyItsCustomers() throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder().customers(300));
    PassportCustomersClient client = client(sandbox);
    List<Customer> all = seeded(300);
    Customer target = all.get(123);

    assertThat(client.listAll(CustomerQuery.builder().customerId(target.getId()).build())).containsExactly(target);
    assertThat(client.listAll(CustomerQuery.builder().identificationNumber(target.getIdentificationNumber()).build()))
        .containsExactlyElementsOf(all.stream().filter(c -> c.getIdentificationNumber().equals(target.getIdentificationNumber())).toList());
    List<Customer> ccs = new ArrayList<>();
    client.listAll(CustomerQuery.builder().identificationType("CC").build()).forEach(ccs::add);
    assertThat(ccs).isNotEmpty()
        .containsExactlyElementsOf(all.stream().filter(c -> "CC".equals(c.getIdentificationType())).toList());
    assertThat(client.list(CustomerQuery.builder().identificationType("PA").build()).getPaginationInfo().getTotalElements()).isZero();
  }

  @Test
  void customersAddedWhileAClientPagesAreLeftOutOfItsSnapshot() throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder().customers(95));
    PassportCustomersClient client = client(sandbox);
    List<String> before = idsOf(seeded(95));

    List<String> seen = new ArrayList<>();
    var iterator = client.listAll(CustomerQuery.builder().pageSize(10).build()).iterator();
    for (int i = 0; i < 15; i++) {
      seen.add(iterator.next().getId());
    }
    sandbox.addSyntheticCustomers(30);
    iterator.forEachRemaining(c -> seen.add(c.getId()));

    assertThat(seen).isEqualTo(before);
    assertThat(client.listAll(CustomerQuery.all()).stream().count()).isEqualTo(125);
  }

  @Test
  void addCustomerFillsInIdAndTimesAndKeepsTheRest() throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder().customers(1));

    Customer added = sandbox.addCustomer(new Customer().businessName("Añadida S.A.S.").status("SUSPENDED_FOR_REVIEW"));

    assertThat(added.getId()).isNotBlank();
    assertThat(added.getCreatedAt()).isNotNull().isEqualTo(added.getUpdatedAt());
    Customer fetched = client(sandbox).get(added.getId());
    assertThat(fetched.getBusinessName()).isEqualTo("Añadida S.A.S.");
    assertThat(fetched.getStatus()).isEqualTo("SUSPENDED_FOR_REVIEW");
  }

  @Test
  void anEntityWithoutCustomersAnswers404() throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder().customers(0));

    ErrorResponse error = error(get(sandbox, "v1/customers", PassportSandbox.STATIC_TOKEN), 404);
    assertThat(error.getCode()).isEqualTo("NOT_FOUND");
    assertThat(client(sandbox).listAll(CustomerQuery.all())).isEmpty();
  }

  @Test
  void aPathWithADoubledLeadingSlashAsFromABaseUrlWithATrailingSlashIsTheSameResource() throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder().customers(5));
    Customer first = page(sandbox, "").getCustomers().get(0);

    try (Response list = get(sandbox, "/v1/customers?page_size=5", PassportSandbox.STATIC_TOKEN);
        Response one = get(sandbox, "/v1/customers/" + first.getId(), PassportSandbox.STATIC_TOKEN)) {
      assertThat(list.request().url().encodedPath()).isEqualTo("//v1/customers");
      assertThat(list.code()).isEqualTo(200);
      assertThat(idsOf(LIST.fromJson(list.body().string()).getCustomers())).isEqualTo(idsOf(seeded(5)));
      assertThat(one.code()).isEqualTo(200);
      assertThat(one.body().string()).contains(first.getId());
    }
    assertThat(error(get(sandbox, "/v2/customers", PassportSandbox.STATIC_TOKEN), 404).getMessage())
        .isEqualTo("no route for GET /v2/customers");
  }

  @Test
  void retrieveCustomerFindsByIdAndAnswers404Otherwise() throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder().customers(5));
    Customer first = page(sandbox, "").getCustomers().get(0);

    assertThat(client(sandbox).get(first.getId())).isEqualTo(first);
    ErrorResponse error = error(get(sandbox, "v1/customers/no-such-id", PassportSandbox.STATIC_TOKEN), 404);
    assertThat(error.getMessage()).isEqualTo("customer not found");
    assertThatThrownBy(() -> client(sandbox).get("no-such-id")).isInstanceOfSatisfying(PassportException.class,
        e -> assertThat(e.kind()).isEqualTo(PassportException.Kind.NOT_FOUND));
  }

  @Test
  void clientCredentialsGetATokenThatListsCustomers() throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder().customers(12).staticToken(null));
    try (PassportCustomersClient client = PassportCustomersClient.builder().baseUrl(sandbox.baseUrl())
        .clientCredentials(PassportSandbox.DEFAULT_CLIENT_ID, PassportSandbox.DEFAULT_CLIENT_SECRET).build()) {
      assertThat(client.listAll(CustomerQuery.all())).hasSize(12);
    }
  }

  @Test
  void theTokenEndpointChecksBodyAndCredentials() throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder());
    MediaType json = MediaType.get("application/json");

    try (Response ok = post(sandbox, "{\"client_id\":\"sandbox-client\",\"client_secret\":\"sandbox-secret\",\"grant_type\":\"client_credentials\"}", json)) {
      assertThat(ok.code()).isEqualTo(200);
      String body = ok.body().string();
      assertThat(body).contains("\"token_type\":\"Bearer\"", "\"expires_in\":3600", PassportSandbox.LIST_SCOPE);
    }
    assertThat(error(post(sandbox, "{\"client_id\":\"sandbox-client\",\"client_secret\":\"wrong\",\"grant_type\":\"client_credentials\"}", json), 401)
        .getMessage()).isEqualTo("invalid client credentials");
    error(post(sandbox, "{\"client_id\":\"sandbox-client\",\"client_secret\":\"sandbox-secret\",\"grant_type\":\"password\"}", json), 400);
    error(post(sandbox, "{\"client_id\":\"sandbox-client\"}", json), 400);
    error(post(sandbox, "client_id=sandbox-client&client_secret=sandbox-secret", MediaType.get("application/x-www-form-urlencoded")), 400);
  }

  private Response post(PassportSandbox sandbox, String body, MediaType type) throws IOException {
    return http.newCall(new Request.Builder().url(sandbox.baseUrl() + "v1/iam/oauth/tokens")
        .post(RequestBody.create(body, type)).build()).execute();
  }

  @Test
  void bearerAuthRefusesMissingUnknownExpiredAndUnscopedTokens() throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder().customers(3));

    assertThat(error(get(sandbox, "v1/customers", null), 401).getMessage()).isEqualTo("missing bearer token");
    assertThat(error(get(sandbox, "v1/customers", "made-up"), 401).getMessage()).isEqualTo("unknown access token");
    String expired = sandbox.issueToken(Duration.ZERO, PassportSandbox.LIST_SCOPE);
    assertThat(error(get(sandbox, "v1/customers", expired), 401).getMessage()).isEqualTo("access token expired");
    String getOnly = sandbox.issueToken(Duration.ofMinutes(1), PassportSandbox.GET_SCOPE);
    ErrorResponse forbidden = error(get(sandbox, "v1/customers", getOnly), 403);
    assertThat(forbidden.getCode()).isEqualTo("PERMISSION_DENIED");
    assertThat(forbidden.getMessage()).contains(PassportSandbox.LIST_SCOPE);
    String listOnly = sandbox.issueToken(Duration.ofMinutes(1), PassportSandbox.LIST_SCOPE);
    try (Response listed = get(sandbox, "v1/customers", listOnly)) {
      assertThat(listed.code()).isEqualTo(200);
    }
  }

  @Test
  void theStaticTokenCanBeSwitchedOff() throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder().staticToken(null));

    error(get(sandbox, "v1/customers", PassportSandbox.STATIC_TOKEN), 401);
  }

  @Test
  void injectedLatencyDelaysEveryCustomerRequest() throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder().customers(3)
        .faults(Faults.builder().latency(Duration.ofMillis(150)).build()));

    long start = System.nanoTime();
    page(sandbox, "");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"SERVER_ERROR", "UNAVAILABLE", "RATE_LIMITED"})
  void injectedErrorAnswersCarryTheirStatusAndRetryAfter(Faults.Kind kind) throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder().customers(3)
        .faults(Faults.builder().failureRate(1).kinds(java.util.EnumSet.of(kind)).retryAfterSeconds(2).build()));
    int status = Map.of(Faults.Kind.SERVER_ERROR, 500, Faults.Kind.UNAVAILABLE, 503, Faults.Kind.RATE_LIMITED, 429).get(kind);

    Response response = get(sandbox, "v1/customers", PassportSandbox.STATIC_TOKEN);
    assertThat(response.header("Retry-After")).isEqualTo(status == 500 ? null : "2");
    error(response, status);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"DROPPED_CONNECTION", "TRUNCATED_BODY"})
  void injectedNetworkFaultsBreakTheExchange(Faults.Kind kind) throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder().customers(30)
        .faults(Faults.builder().failureRate(1).kinds(java.util.EnumSet.of(kind)).build()));

    assertThatThrownBy(() -> {
      try (Response response = get(sandbox, "v1/customers", PassportSandbox.STATIC_TOKEN)) {
        response.body().string();
      }
    }).isInstanceOf(IOException.class);
  }

  @Test
  void faultsRepeatForTheSameSeed() throws IOException {
    Faults faults = Faults.builder().failureRate(0.5).kinds(java.util.EnumSet.of(Faults.Kind.SERVER_ERROR)).seed(99).build();
    PassportSandbox a = start(PassportSandbox.builder().customers(3).faults(faults));
    PassportSandbox b = start(PassportSandbox.builder().customers(3).faults(faults));

    List<Integer> first = new ArrayList<>();
    List<Integer> second = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      try (Response r = get(a, "v1/customers", PassportSandbox.STATIC_TOKEN)) {
        first.add(r.code());
      }
      try (Response r = get(b, "v1/customers", PassportSandbox.STATIC_TOKEN)) {
        second.add(r.code());
      }
    }
    assertThat(first).isEqualTo(second).contains(200, 500);
  }

  @Test
  void theClientListsEverythingExactlyOnceThroughInjectedFaults() throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder().customers(1000)
        .faults(Faults.builder().failureRate(0.2).retryAfterSeconds(0).seed(5).build()));
    List<String> expected = idsOf(seeded(1000));
    try (PassportCustomersClient client = PassportCustomersClient.builder().baseUrl(sandbox.baseUrl())
        .accessToken(PassportSandbox.STATIC_TOKEN)
        .retryPolicy(RetryPolicy.builder().maxAttempts(10).initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build())
        .build()) {
      List<String> ids = client.listAll(CustomerQuery.builder().pageSize(20).build()).stream().map(Customer::getId).toList();
      assertThat(ids).hasSize(1000).doesNotHaveDuplicates().isEqualTo(expected);
    }
    // 50 pages of 20: the requests are those of the seeded fault sequence up to its 50th answered one.
    SeededFaultReplay replay = SeededFaultReplay.untilSuccesses(5, 0.2, 50);
    assertThat(sandbox.faultInjector().draws()).isEqualTo(replay.requests);
    for (Faults.Kind kind : Faults.Kind.values()) {
      assertThat(sandbox.faultInjector().failures(kind)).as("failed as %s", kind).isEqualTo(replay.failures.get(kind));
    }
    assertThat(sandbox.requestCount()).as("the static token: no token request").isEqualTo(replay.requests);
  }

  @Test
  void filtersAreCheckedBeforeAnEmptyEntityAnswers404() throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder().customers(0));

    ErrorResponse error = error(get(sandbox, "v1/customers?identification_type=" + "X".repeat(33),
        PassportSandbox.STATIC_TOKEN), 400);
    assertThat(error.getMessage()).startsWith("identification_type must be 1 to 32 characters");
    error(get(sandbox, "v1/customers?identification_type=" + "X".repeat(32), PassportSandbox.STATIC_TOKEN), 404);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    // Found by Schemathesis (unsupported_method): RFC 9110 requires Allow on every 405.
    "TRACE, v1/customers, GET", "DELETE, v1/customers/c-1, GET", "PUT, v1/iam/oauth/tokens, POST",
    "GET, _pact/provider-states, POST",
  })
  void aWrongMethodIs405NamingTheAllowedOne(String method, String path, String allowed) throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder());
    RequestBody body = method.equals("GET") || method.equals("TRACE") ? null
        : RequestBody.create("{}", MediaType.get("application/json"));
    try (Response response = http.newCall(new Request.Builder().url(sandbox.baseUrl() + path)
        .header("Authorization", "Bearer " + PassportSandbox.STATIC_TOKEN).method(method, body).build()).execute()) {
      assertThat(response.code()).isEqualTo(405);
      assertThat(response.header("Allow")).isEqualTo(allowed);
      assertThat(ERROR.fromJson(response.body().string()).getMessage()).isEqualTo("use " + allowed);
    }
  }

  @Test
  void unknownRoutesAndMethodsAnswerWithJsonErrors() throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder());

    error(get(sandbox, "v2/customers", PassportSandbox.STATIC_TOKEN), 404);
    error(http.newCall(new Request.Builder().url(sandbox.baseUrl() + "v1/customers")
        .post(RequestBody.create("{}", MediaType.get("application/json"))).build()).execute(), 405);
  }

  @Test
  void theProviderStateEndpointSetsUpStatesReturnsTheirValuesAndTearsThemDown() throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder().customers(8));
    MediaType json = MediaType.get("application/json");

    Map<String, Object> values;
    try (Response setup = http.newCall(new Request.Builder().url(sandbox.baseUrl() + "_pact/provider-states")
        .post(RequestBody.create("{\"state\":\"customers exist\",\"params\":{\"count\":3},\"action\":\"setup\"}", json))
        .build()).execute()) {
      assertThat(setup.code()).isEqualTo(200);
      values = STATE_VALUES.fromJson(setup.body().string());
    }
    assertThat(sandbox.customerCount()).isEqualTo(3);
    assertThat(values).as("customers exist returns nothing").isEmpty();

    try (Response teardown = http.newCall(new Request.Builder().url(sandbox.baseUrl() + "_pact/provider-states")
        .post(RequestBody.create("{\"state\":\"customers exist\",\"action\":\"teardown\"}", json)).build()).execute()) {
      assertThat(teardown.code()).isEqualTo(200);
      assertThat(teardown.body().string()).isEqualTo("{}");
    }
    assertThat(sandbox.customerCount()).isEqualTo(8);

    ErrorResponse unknown = error(http.newCall(new Request.Builder().url(sandbox.baseUrl() + "_pact/provider-states")
        .post(RequestBody.create("{\"state\":\"the moon is full\"}", json)).build()).execute(), 400);
    assertThat(unknown.getMessage()).contains("unknown provider state \"the moon is full\"");
    ErrorResponse badCount = error(http.newCall(new Request.Builder().url(sandbox.baseUrl() + "_pact/provider-states")
        .post(RequestBody.create("{\"state\":\"customers exist\",\"params\":{\"count\":-1}}", json)).build()).execute(), 400);
    assertThat(badCount.getMessage()).contains("\"count\"").contains("between 0 and 10000");
    error(http.newCall(new Request.Builder().url(sandbox.baseUrl() + "_pact/provider-states")
        .post(RequestBody.create("not json", json)).build()).execute(), 400);
  }

  @Test
  void tokenStatesIssueTokensTheSandboxJudgesAsTheirNamesSay() throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder().customers(4).staticToken(null));

    String valid = (String) sandbox.providerState(ProviderStates.VALID_TOKEN, Map.of(), true).get("token");
    String expired = (String) sandbox.providerState(ProviderStates.EXPIRED_TOKEN, Map.of(), true).get("token");
    String unscoped = (String) sandbox.providerState(ProviderStates.TOKEN_WITHOUT_LIST_SCOPE, Map.of(), true).get("token");

    assertThat(List.of(valid, expired, unscoped)).doesNotHaveDuplicates().allMatch(t -> !t.contains("sandbox-token"));
    try (Response ok = get(sandbox, "v1/customers", valid)) {
      assertThat(ok.code()).isEqualTo(200);
    }
    assertThat(error(get(sandbox, "v1/customers", expired), 401).getMessage()).isEqualTo("access token expired");
    assertThat(error(get(sandbox, "v1/customers", unscoped), 403).getMessage()).contains(PassportSandbox.LIST_SCOPE);
    assertThat(error(get(sandbox, "v1/customers", PassportSandbox.STATIC_TOKEN), 401).getMessage())
        .isEqualTo("unknown access token");
  }

  @Test
  void dataStatesMakeExactlyTheCustomersTheirNamesSayAndReturnTheIds() throws IOException {
    Instant since = Instant.now();
    PassportSandbox sandbox = start(PassportSandbox.builder().customers(4).seed(5).customersCreatedSince(since));
    PassportCustomersClient client = client(sandbox);

    Map<String, Object> customer = sandbox.providerState(ProviderStates.CUSTOMER_EXISTS, Map.of(), true);
    Customer made = client.get((String) customer.get("id"));
    assertThat(made.getIdentificationType()).isEqualTo(customer.get("identification_type"));
    assertThat(made.getIdentificationNumber()).isEqualTo(customer.get("identification_number"));
    assertThat(sandbox.providerState(ProviderStates.CUSTOMER_EXISTS, Map.of(), true).get("id"))
        .as("each setup makes a customer of its own").isNotEqualTo(customer.get("id"));

    assertThat(page(sandbox, "identification_type=" + customer.get("identification_type")).getCustomers())
        .as("no other customer shares the identification type").hasSize(1);

    assertThat(sandbox.providerState(ProviderStates.CUSTOMERS_EXIST, Map.of("count", 15), true)).isEmpty();
    List<Customer> all = client.listAll(CustomerQuery.builder().pageSize(10).build()).stream().toList();
    assertThat(all).as("exactly count customers").hasSize(15)
        .allSatisfy(c -> assertThat(c.getCreatedAt().toInstant()).isAfterOrEqualTo(since));

    Instant pin = Instant.parse("2025-10-09T17:35:17.864Z");
    assertThat(sandbox.providerState(ProviderStates.CUSTOMERS_BEFORE_AND_AFTER_SNAPSHOT,
        Map.of("snapshot", pin.toString(), "before", 2, "after", 1), true)).isEmpty();
    assertThat(sandbox.customerCount()).isEqualTo(3);
    ListCustomersResponse pinned = page(sandbox, "page_params.page_size=10&page_params.page_number=1"
        + "&page_params.first_request_timestamp.seconds=" + pin.getEpochSecond()
        + "&page_params.first_request_timestamp.nanos=" + pin.getNano());
    assertThat(pinned.getCustomers()).as("the two created before the pin, not the one after").hasSize(2);
    assertThat(pinned.getPaginationInfo().getTotalElements()).isEqualTo(2);
    assertThat(pinned.getPaginationInfo().getFirstRequestTimestamp().toInstant()).isEqualTo(pin);
    assertThatThrownBy(() -> sandbox.providerState(ProviderStates.CUSTOMERS_BEFORE_AND_AFTER_SNAPSHOT,
        Map.of("before", 2, "after", 1), true)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"snapshot\"").hasMessageContaining("RFC 3339");
    assertThatThrownBy(() -> sandbox.providerState(ProviderStates.CUSTOMERS_BEFORE_AND_AFTER_SNAPSHOT,
        Map.of("snapshot", pin.toString(), "after", 1), true)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"before\"");

    sandbox.providerState(ProviderStates.NO_CUSTOMERS, Map.of(), true);
    assertThat(sandbox.customerCount()).isZero();
  }

  @Test
  void theClientStateRegistersCredentialsOfItsOwn() throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder());

    Map<String, Object> client = sandbox.providerState(ProviderStates.CLIENT_REGISTERED, Map.of(), true);
    assertThat(client.get("client_id")).isNotEqualTo(PassportSandbox.DEFAULT_CLIENT_ID);
    try (Response token = post(sandbox, "{\"client_id\":\"" + client.get("client_id") + "\",\"client_secret\":\""
        + client.get("client_secret") + "\",\"grant_type\":\"client_credentials\"}", MediaType.get("application/json"))) {
      assertThat(token.code()).isEqualTo(200);
    }
    sandbox.providerState(ProviderStates.CLIENT_REGISTERED, Map.of(), false);
    try (Response token = post(sandbox, "{\"client_id\":\"" + client.get("client_id") + "\",\"client_secret\":\""
        + client.get("client_secret") + "\",\"grant_type\":\"client_credentials\"}", MediaType.get("application/json"))) {
      assertThat(token.code()).as("a teardown puts the default credentials back").isEqualTo(401);
    }
  }

  @Test
  void theSandboxListensOnLoopbackOnly() throws IOException {
    PassportSandbox sandbox = start(PassportSandbox.builder());
    assertThat(sandbox.baseUrl()).startsWith("http://127.0.0.1:").endsWith("/");
  }
}
