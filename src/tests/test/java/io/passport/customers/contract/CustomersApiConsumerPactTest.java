package io.passport.customers.contract;

import static io.passport.customers.contract.ContractBodies.BEARER;
import static io.passport.customers.contract.ContractBodies.CONSUMER;
import static io.passport.customers.contract.ContractBodies.CUSTOMER_ID;
import static io.passport.customers.contract.ContractBodies.JSON;
import static io.passport.customers.contract.ContractBodies.PROVIDER;
import static io.passport.customers.contract.ContractBodies.STATIC_TOKEN;
import static io.passport.customers.contract.ContractBodies.customer;
import static io.passport.customers.contract.ContractBodies.error;
import static io.passport.customers.contract.ContractBodies.page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.PactDslWithProvider;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import io.passport.customers.CustomerQuery;
import io.passport.customers.PassportCustomersClient;
import io.passport.customers.PassportException;
import io.passport.customers.RetryPolicy;
import io.passport.customers.model.Customer;
import io.passport.customers.model.ListCustomersResponse;
import io.passport.customers.model.OrderDirection;
import io.passport.customers.sandbox.ProviderStates;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The consumer side of the contract: the client (not hand-built HTTP) drives every interaction it
 * relies on against Pact's mock server, which writes {@code target/pacts}. {@code ContractDriftIT}
 * then insists that it equals the committed {@code contracts/}. Requests are exactly what the client
 * sends: {@code listAll} always names its page size (100 unless the query says) and page number.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = PROVIDER, pactVersion = PactSpecVersion.V4)
class CustomersApiConsumerPactTest {
  private static final Instant PINNED = Instant.parse("2025-10-09T17:35:17.864Z");

  private static PassportCustomersClient client(MockServer server, String token) {
    return PassportCustomersClient.builder().baseUrl(server.getUrl()).accessToken(token)
        .retryPolicy(RetryPolicy.none()).build();
  }

  private static PassportCustomersClient client(MockServer server) {
    return client(server, "sandbox-token");
  }

  // ---- List Customers: pages ----

  @Pact(consumer = CONSUMER)
  V4Pact firstPageWithDefaults(PactDslWithProvider builder) {
    return builder.given(ProviderStates.CUSTOMERS_EXIST, Map.of("count", 25))
        .uponReceiving("a request for the first page of customers with the server's defaults")
        .method("GET").path("/v1/customers")
        .matchHeader("Authorization", BEARER, STATIC_TOKEN)
        .willRespondWith().status(200).matchHeader("Content-Type", JSON, "application/json")
        .body(page(1, 3, 25, customer()))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "firstPageWithDefaults")
  void theFirstPageIsReadWithItsPaginationInfo(MockServer server) {
    try (PassportCustomersClient client = client(server)) {
      ListCustomersResponse page = client.list(CustomerQuery.all());

      assertThat(page.getCustomers()).singleElement().satisfies(c -> {
        assertThat(c.getId()).isEqualTo(CUSTOMER_ID);
        assertThat(c.getBusinessName()).isEqualTo("Panadería Ñapa S.A.S.");
        assertThat(c.getAddress().getCity()).isEqualTo("Cartagena");
      });
      assertThat(page.getPaginationInfo().getCurrentPage()).isEqualTo(1);
      assertThat(page.getPaginationInfo().getTotalPages()).isEqualTo(3);
    }
  }

  @Pact(consumer = CONSUMER)
  V4Pact twoPagesPinnedToOneSnapshot(PactDslWithProvider builder) {
    return builder.given(ProviderStates.CUSTOMERS_EXIST, Map.of("count", 15))
        .uponReceiving("a request for the first page of 10 customers")
        .method("GET").path("/v1/customers")
        .query("page_params.page_size=10&page_params.page_number=1")
        .matchHeader("Authorization", BEARER, STATIC_TOKEN)
        .willRespondWith().status(200).matchHeader("Content-Type", JSON, "application/json")
        .body(page(1, 2, 2, customer()))
        .given(ProviderStates.CUSTOMERS_EXIST, Map.of("count", 15))
        .uponReceiving("a request for a later page pinned to the first page's snapshot")
        .method("GET").path("/v1/customers")
        .query("page_params.page_size=10&page_params.page_number=2"
            + "&page_params.first_request_timestamp.seconds=" + PINNED.getEpochSecond()
            + "&page_params.first_request_timestamp.nanos=" + PINNED.getNano())
        .matchHeader("Authorization", BEARER, STATIC_TOKEN)
        .willRespondWith().status(200).matchHeader("Content-Type", JSON, "application/json")
        .body(page(2, 2, 2, customer()))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "twoPagesPinnedToOneSnapshot")
  void listAllSendsPageOnesTimestampOnTheNextPage(MockServer server) {
    try (PassportCustomersClient client = client(server)) {
      List<Customer> all = client.listAll(CustomerQuery.builder().pageSize(10).build()).stream().toList();

      assertThat(all).hasSize(2);
    }
  }

  // ---- List Customers: filters and ordering ----

  @Pact(consumer = CONSUMER)
  V4Pact filterByIdentificationNumber(PactDslWithProvider builder) {
    return builder.given(ProviderStates.CUSTOMER_EXISTS, Map.of("identification_number", "903978023"))
        .uponReceiving("a request for the customers with one identification number")
        .method("GET").path("/v1/customers").query("page_params.page_size=100&page_params.page_number=1&identification_number=903978023")
        .matchHeader("Authorization", BEARER, STATIC_TOKEN)
        .willRespondWith().status(200).matchHeader("Content-Type", JSON, "application/json")
        .body(page(1, 1, 1, customer(Map.of("identification_number", "903978023"))))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "filterByIdentificationNumber")
  void filteringByIdentificationNumber(MockServer server) {
    try (PassportCustomersClient client = client(server)) {
      assertThat(client.listAll(CustomerQuery.builder().identificationNumber("903978023").build()))
          .extracting(Customer::getIdentificationNumber).containsOnly("903978023");
    }
  }

  @Pact(consumer = CONSUMER)
  V4Pact filterByCustomerId(PactDslWithProvider builder) {
    return builder.given(ProviderStates.CUSTOMER_EXISTS, Map.of("id", CUSTOMER_ID))
        .uponReceiving("a request for the customer with one id")
        .method("GET").path("/v1/customers").query("page_params.page_size=100&page_params.page_number=1&customer_id=" + CUSTOMER_ID)
        .matchHeader("Authorization", BEARER, STATIC_TOKEN)
        .willRespondWith().status(200).matchHeader("Content-Type", JSON, "application/json")
        .body(page(1, 1, 1, customer(Map.of("id", CUSTOMER_ID))))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "filterByCustomerId")
  void filteringByCustomerId(MockServer server) {
    try (PassportCustomersClient client = client(server)) {
      assertThat(client.listAll(CustomerQuery.builder().customerId(CUSTOMER_ID).build()))
          .extracting(Customer::getId).containsExactly(CUSTOMER_ID);
    }
  }

  @Pact(consumer = CONSUMER)
  V4Pact filterByIdentificationType(PactDslWithProvider builder) {
    return builder.given(ProviderStates.CUSTOMER_EXISTS, Map.of("identification_type", "CC", "identification_number", "1032456789"))
        .uponReceiving("a request for the customers with one identification type")
        .method("GET").path("/v1/customers").query("page_params.page_size=100&page_params.page_number=1&identification_type=CC")
        .matchHeader("Authorization", BEARER, STATIC_TOKEN)
        .willRespondWith().status(200).matchHeader("Content-Type", JSON, "application/json")
        .body(page(1, 1, 1, customer(Map.of("identification_type", "CC"))))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "filterByIdentificationType")
  void filteringByIdentificationType(MockServer server) {
    try (PassportCustomersClient client = client(server)) {
      assertThat(client.listAll(CustomerQuery.builder().identificationType("CC").build()))
          .extracting(Customer::getIdentificationType).containsOnly("CC");
    }
  }

  @Pact(consumer = CONSUMER)
  V4Pact orderedByBusinessNameDescending(PactDslWithProvider builder) {
    return builder.given(ProviderStates.CUSTOMERS_EXIST, Map.of("count", 5))
        .uponReceiving("a request for customers ordered by business name, descending")
        .method("GET").path("/v1/customers")
        .query("order_params.order_key=business_name&order_params.order_direction=DESC")
        .matchHeader("Authorization", BEARER, STATIC_TOKEN)
        .willRespondWith().status(200).matchHeader("Content-Type", JSON, "application/json")
        .body(page(1, 1, 1, customer()))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "orderedByBusinessNameDescending")
  void orderingByAKeyAndDirection(MockServer server) {
    try (PassportCustomersClient client = client(server)) {
      assertThat(client.list(CustomerQuery.builder().orderKey("business_name")
          .orderDirection(OrderDirection.DESC).build()).getCustomers()).hasSize(1);
    }
  }

  // ---- List Customers: errors ----

  @Pact(consumer = CONSUMER)
  V4Pact unknownOrderKey(PactDslWithProvider builder) {
    return builder.given(ProviderStates.CUSTOMERS_EXIST, Map.of("count", 5))
        .uponReceiving("a request ordered by a key the server does not know")
        .method("GET").path("/v1/customers").query("order_params.order_key=favourite_colour")
        .matchHeader("Authorization", BEARER, STATIC_TOKEN)
        .willRespondWith().status(400).matchHeader("Content-Type", JSON, "application/json")
        .body(error(400, "INVALID_ARGUMENT"))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "unknownOrderKey")
  void aBadParameterIsABadRequest(MockServer server) {
    try (PassportCustomersClient client = client(server)) {
      PassportException e = catchThrowableOfType(PassportException.class,
          () -> client.list(CustomerQuery.builder().orderKey("favourite_colour").build()));
      assertThat(e.kind()).isEqualTo(PassportException.Kind.BAD_REQUEST);
      assertThat(e.errorCode()).isEqualTo("INVALID_ARGUMENT");
      assertThat(e.traceId()).isNotBlank();
    }
  }

  @Pact(consumer = CONSUMER)
  V4Pact noToken(PactDslWithProvider builder) {
    return builder.given(ProviderStates.CUSTOMERS_EXIST, Map.of("count", 5))
        .uponReceiving("a request for customers without a bearer token")
        .method("GET").path("/v1/customers")
        .willRespondWith().status(401).matchHeader("Content-Type", JSON, "application/json")
        .body(error(401, "UNAUTHENTICATED"))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "noToken")
  void withoutATokenTheCallIsUnauthorized(MockServer server) throws Exception {
    // The client always sends a token, so this interaction is driven by plain OkHttp to pin the server's side.
    okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
    try (okhttp3.Response response = http.newCall(new okhttp3.Request.Builder()
        .url(server.getUrl() + "/v1/customers").build()).execute()) {
      assertThat(response.code()).isEqualTo(401);
    }
  }

  @Pact(consumer = CONSUMER)
  V4Pact expiredToken(PactDslWithProvider builder) {
    return builder.given(ProviderStates.TOKEN_EXPIRED, Map.of("token", "expired-token"))
        .uponReceiving("a request for customers with an expired token")
        .method("GET").path("/v1/customers")
        .headers("Authorization", "Bearer expired-token")
        .willRespondWith().status(401).matchHeader("Content-Type", JSON, "application/json")
        .body(error(401, "UNAUTHENTICATED"))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "expiredToken")
  void anExpiredTokenIsUnauthorized(MockServer server) {
    try (PassportCustomersClient client = client(server, "expired-token")) {
      PassportException e = catchThrowableOfType(PassportException.class, () -> client.list(CustomerQuery.all()));
      assertThat(e.kind()).isEqualTo(PassportException.Kind.UNAUTHORIZED);
    }
  }

  @Pact(consumer = CONSUMER)
  V4Pact tokenWithoutScope(PactDslWithProvider builder) {
    return builder.given(ProviderStates.TOKEN_WITHOUT_SCOPES, Map.of("token", "unscoped-token"))
        .uponReceiving("a request for customers with a token that lacks the list scope")
        .method("GET").path("/v1/customers")
        .headers("Authorization", "Bearer unscoped-token")
        .willRespondWith().status(403).matchHeader("Content-Type", JSON, "application/json")
        .body(error(403, "PERMISSION_DENIED"))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "tokenWithoutScope")
  void aTokenWithoutTheScopeIsForbidden(MockServer server) {
    try (PassportCustomersClient client = client(server, "unscoped-token")) {
      PassportException e = catchThrowableOfType(PassportException.class, () -> client.list(CustomerQuery.all()));
      assertThat(e.kind()).isEqualTo(PassportException.Kind.FORBIDDEN);
    }
  }

  @Pact(consumer = CONSUMER)
  V4Pact noCustomers(PactDslWithProvider builder) {
    return builder.given(ProviderStates.NO_CUSTOMERS)
        .uponReceiving("a request for customers of an entity that has none")
        .method("GET").path("/v1/customers").query("page_params.page_size=100&page_params.page_number=1")
        .matchHeader("Authorization", BEARER, STATIC_TOKEN)
        .willRespondWith().status(404).matchHeader("Content-Type", JSON, "application/json")
        .body(error(404, "NOT_FOUND"))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "noCustomers")
  void anEntityWithoutCustomersListsAsEmpty(MockServer server) {
    try (PassportCustomersClient client = client(server)) {
      assertThat(client.listAll(CustomerQuery.all())).isEmpty();
    }
  }

  @Pact(consumer = CONSUMER)
  V4Pact serverFailure(PactDslWithProvider builder) {
    return builder.given(ProviderStates.SERVER_FAILS)
        .uponReceiving("a request for customers while the server fails")
        .method("GET").path("/v1/customers")
        .matchHeader("Authorization", BEARER, STATIC_TOKEN)
        .willRespondWith().status(500).matchHeader("Content-Type", JSON, "application/json")
        .body(error(500, "INTERNAL"))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "serverFailure")
  void aServerFailureIsAServerError(MockServer server) {
    try (PassportCustomersClient client = client(server)) {
      PassportException e = catchThrowableOfType(PassportException.class, () -> client.list(CustomerQuery.all()));
      assertThat(e.kind()).isEqualTo(PassportException.Kind.SERVER_ERROR);
      assertThat(e.isRetryable()).isTrue();
    }
  }

  // ---- Retrieve Customer ----

  @Pact(consumer = CONSUMER)
  V4Pact retrieveExisting(PactDslWithProvider builder) {
    return builder.given(ProviderStates.CUSTOMER_EXISTS, Map.of("id", CUSTOMER_ID))
        .uponReceiving("a request for one customer that exists")
        .method("GET").path("/v1/customers/" + CUSTOMER_ID)
        .matchHeader("Authorization", BEARER, STATIC_TOKEN)
        .willRespondWith().status(200).matchHeader("Content-Type", JSON, "application/json")
        .body(ContractBodies.customerBody(Map.of("id", CUSTOMER_ID)))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "retrieveExisting")
  void retrievingACustomer(MockServer server) {
    try (PassportCustomersClient client = client(server)) {
      assertThat(client.get(CUSTOMER_ID).getId()).isEqualTo(CUSTOMER_ID);
    }
  }

  @Pact(consumer = CONSUMER)
  V4Pact retrieveMissing(PactDslWithProvider builder) {
    return builder.given(ProviderStates.CUSTOMERS_EXIST, Map.of("count", 5))
        .uponReceiving("a request for one customer that does not exist")
        .method("GET").path("/v1/customers/00000000-0000-4000-8000-000000000000")
        .matchHeader("Authorization", BEARER, STATIC_TOKEN)
        .willRespondWith().status(404).matchHeader("Content-Type", JSON, "application/json")
        .body(error(404, "NOT_FOUND"))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "retrieveMissing")
  void retrievingAMissingCustomerIsNotFound(MockServer server) {
    try (PassportCustomersClient client = client(server)) {
      PassportException e = catchThrowableOfType(PassportException.class,
          () -> client.get("00000000-0000-4000-8000-000000000000"));
      assertThat(e.kind()).isEqualTo(PassportException.Kind.NOT_FOUND);
    }
  }

  // ---- Access token ----

  @Pact(consumer = CONSUMER)
  V4Pact issueTokenThenRetrieve(PactDslWithProvider builder) {
    return builder.given(ProviderStates.CLIENT_REGISTERED,
            Map.of("client_id", "sandbox-client", "client_secret", "sandbox-secret"))
        .uponReceiving("a request for an access token with client credentials")
        .method("POST").path("/v1/iam/oauth/tokens")
        .matchHeader("Content-Type", JSON, "application/json; charset=UTF-8")
        .body(au.com.dius.pact.consumer.dsl.LambdaDsl.newJsonBody(b -> {
          b.stringValue("client_id", "sandbox-client");
          b.stringValue("client_secret", "sandbox-secret");
          b.stringValue("grant_type", "client_credentials");
        }).build())
        .willRespondWith().status(200).matchHeader("Content-Type", JSON, "application/json")
        .body(au.com.dius.pact.consumer.dsl.LambdaDsl.newJsonBody(b -> {
          b.stringMatcher("access_token", "[A-Za-z0-9._~+/=-]+", "sandbox-token");
          b.stringValue("token_type", "Bearer");
          b.integerType("expires_in", 3600);
          b.stringType("token_id", "7d1e4c58-0b7e-4f3f-8f43-b0e3f4a5c6d7");
          b.eachLike("scopes", au.com.dius.pact.consumer.dsl.PactDslJsonRootValue.stringType(
              "paas.core.entity_customers.list.get"), 1);
        }).build())
        .given(ProviderStates.CUSTOMER_EXISTS, Map.of("id", CUSTOMER_ID))
        .uponReceiving("a request for one customer with an issued token")
        .method("GET").path("/v1/customers/" + CUSTOMER_ID)
        .matchHeader("Authorization", BEARER, STATIC_TOKEN)
        .willRespondWith().status(200).matchHeader("Content-Type", JSON, "application/json")
        .body(ContractBodies.customerBody(Map.of("id", CUSTOMER_ID)))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "issueTokenThenRetrieve")
  void clientCredentialsAreExchangedForATokenThatIsThenSent(MockServer server) {
    try (PassportCustomersClient client = PassportCustomersClient.builder().baseUrl(server.getUrl())
        .clientCredentials("sandbox-client", "sandbox-secret").retryPolicy(RetryPolicy.none()).build()) {
      assertThat(client.get(CUSTOMER_ID).getId()).isEqualTo(CUSTOMER_ID);
    }
  }
}
