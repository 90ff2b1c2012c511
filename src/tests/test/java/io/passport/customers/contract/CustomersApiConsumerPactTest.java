package io.passport.customers.contract;

import static io.passport.customers.contract.ContractBodies.CLIENT_ID;
import static io.passport.customers.contract.ContractBodies.CLIENT_SECRET;
import static io.passport.customers.contract.ContractBodies.CONSUMER;
import static io.passport.customers.contract.ContractBodies.CUSTOMER_ID;
import static io.passport.customers.contract.ContractBodies.CUSTOMER_ID_WITH_ISSUED_TOKEN;
import static io.passport.customers.contract.ContractBodies.EXPIRED_TOKEN;
import static io.passport.customers.contract.ContractBodies.FIRST_PAGE;
import static io.passport.customers.contract.ContractBodies.IDENTIFICATION_NUMBER;
import static io.passport.customers.contract.ContractBodies.IDENTIFICATION_TYPE;
import static io.passport.customers.contract.ContractBodies.JSON_REQUEST;
import static io.passport.customers.contract.ContractBodies.LATER_PAGE;
import static io.passport.customers.contract.ContractBodies.MISSING_CUSTOMER_ID;
import static io.passport.customers.contract.ContractBodies.NANOS;
import static io.passport.customers.contract.ContractBodies.PAGE_SIZE;
import static io.passport.customers.contract.ContractBodies.PROVIDER;
import static io.passport.customers.contract.ContractBodies.SECONDS;
import static io.passport.customers.contract.ContractBodies.SNAPSHOT;
import static io.passport.customers.contract.ContractBodies.TOKEN;
import static io.passport.customers.contract.ContractBodies.TOKEN_OF_EMPTY_ENTITY;
import static io.passport.customers.contract.ContractBodies.TOKEN_WITHOUT_LIST_SCOPE;
import static io.passport.customers.contract.ContractBodies.DATE_TIME;
import static io.passport.customers.contract.ContractBodies.ISSUED_TOKEN;
import static io.passport.customers.contract.ContractBodies.SNAPSHOT_ECHOED;
import static io.passport.customers.contract.ContractBodies.firstPageAtServerDefaults;
import static io.passport.customers.contract.ContractBodies.pageOfOne;
import static io.passport.customers.sandbox.ProviderStates.CLIENT_REGISTERED;
import static io.passport.customers.sandbox.ProviderStates.CUSTOMERS_BEFORE_AND_AFTER_SNAPSHOT;
import static io.passport.customers.sandbox.ProviderStates.CUSTOMERS_EXIST;
import static io.passport.customers.sandbox.ProviderStates.CUSTOMER_EXISTS;
import static io.passport.customers.sandbox.ProviderStates.NO_CUSTOMERS;
import static io.passport.customers.sandbox.ProviderStates.VALID_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.LambdaDsl;
import au.com.dius.pact.consumer.dsl.PactDslRequestWithPath;
import au.com.dius.pact.consumer.dsl.PactDslRequestWithoutPath;
import au.com.dius.pact.consumer.dsl.PactDslResponse;
import au.com.dius.pact.consumer.dsl.PactDslWithProvider;
import au.com.dius.pact.consumer.dsl.PactDslWithState;
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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The consumer side of the contract: the client itself ({@link PassportCustomersClient}, never
 * hand-built HTTP) drives every interaction against Pact's mock server, which writes {@code
 * target/pacts}; {@code ContractDriftIT} then insists that it equals the committed {@code contracts/}.
 *
 * <p>Each interaction names a token state and a data state (see {@link ProviderStates}); every value a
 * provider picks for itself reaches the request through a {@code fromProviderState} generator: the
 * {@code Authorization} header ({@code Bearer ${token}}), ids in the path and the query ({@code ${id}},
 * {@code ${identification_type}}, {@code ${identification_number}}) and the client credentials ({@code
 * ${client_id}}, {@code ${client_secret}}). The one value the provider is given instead is the snapshot
 * of the pinned page (a param of its state), so that the page can be held to it. The examples (in {@link
 * ContractBodies}) are what the mock and a stub see, and each interaction's example request is its own,
 * so that {@code pact-stub-server} tells them apart. {@code contracts/README.md} says what the contract
 * proves about a provider and what it leaves to the provider's own tests.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = PROVIDER, pactVersion = PactSpecVersion.V4)
class CustomersApiConsumerPactTest {

  private static PassportCustomersClient client(MockServer server, String token) {
    return PassportCustomersClient.builder().baseUrl(server.getUrl()).accessToken(token)
        .retryPolicy(RetryPolicy.none()).build();
  }

  /** A GET with the token from {@code tokenState} (example {@code exampleToken}) in Authorization. */
  private static PactDslRequestWithoutPath get(PactDslWithState states, String description, String exampleToken) {
    return states.uponReceiving(description).method("GET")
        .headerFromProviderState("Authorization", "Bearer ${token}", "Bearer " + exampleToken);
  }

  /** The first page of a listing at some page size: the way {@code listAll} starts. */
  private static PactDslRequestWithPath firstPageQuery(PactDslRequestWithPath request, String exampleSize) {
    return request.matchQuery("page_params.page_size", PAGE_SIZE, exampleSize)
        .matchQuery("page_params.page_number", FIRST_PAGE, "1");
  }

  // ---- List Customers: pages ----

  @Pact(consumer = CONSUMER)
  V4Pact firstPageWithDefaults(PactDslWithProvider builder) {
    return get(builder.given(VALID_TOKEN).given(CUSTOMERS_EXIST, Map.of("count", 25)),
            "a request for the first page of customers with the server's defaults", TOKEN)
        .path("/v1/customers")
        .willRespondWith().status(200)
        .body(firstPageAtServerDefaults("4b8f2c1e-0d3a-4f6b-9c2d-1e5a7b9c0d21", 3, 25))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "firstPageWithDefaults")
  void theFirstPageIsReadWithItsPaginationInfo(MockServer server) {
    try (PassportCustomersClient client = client(server, TOKEN)) {
      ListCustomersResponse page = client.list(CustomerQuery.all());

      assertThat(page.getCustomers()).extracting(Customer::getId)
          .containsExactly("4b8f2c1e-0d3a-4f6b-9c2d-1e5a7b9c0d21");
      assertThat(page.getPaginationInfo().getCurrentPage()).isEqualTo(1);
      assertThat(page.getPaginationInfo().getTotalPages()).isEqualTo(3);
      assertThat(page.getPaginationInfo().getTotalElements()).isEqualTo(25);
    }
  }

  /**
   * Page 1 of a listing of the entity's two customers, then page 2 pinned to {@link
   * ContractBodies#SNAPSHOT}, under a state where two customers were created before that snapshot and
   * one after it: the pinned page must echo the snapshot and count two customers, not three, so a
   * provider that ignores the pin fails. Both pages hold exactly one customer (page size 1).
   */
  @Pact(consumer = CONSUMER)
  V4Pact twoPagesPinnedToOneSnapshot(PactDslWithProvider builder) {
    PactDslResponse first = firstPageQuery(get(builder.given(VALID_TOKEN).given(CUSTOMERS_EXIST, Map.of("count", 2)),
            "a request for the first page of a listing", TOKEN).path("/v1/customers"), "1")
        .willRespondWith().status(200)
        .body(pageOfOne("9a3e6d10-2b4c-4d8e-a1f3-5c7b9d0e2f41", 1, 2, 2, DATE_TIME));
    Map<String, Object> beforeAndAfter = new TreeMap<>(Map.of("snapshot", SNAPSHOT.toString(), "before", 2, "after", 1));
    return get(first.given(VALID_TOKEN).given(CUSTOMERS_BEFORE_AND_AFTER_SNAPSHOT, beforeAndAfter),
            "a request for a later page of a listing, pinned to the first page's snapshot", TOKEN)
        .path("/v1/customers")
        .matchQuery("page_params.page_size", PAGE_SIZE, "1")
        .matchQuery("page_params.page_number", LATER_PAGE, "2")
        .matchQuery("page_params.first_request_timestamp.seconds", SECONDS, String.valueOf(SNAPSHOT.getEpochSecond()))
        .matchQuery("page_params.first_request_timestamp.nanos", NANOS, String.valueOf(SNAPSHOT.getNano()))
        .willRespondWith().status(200)
        .body(pageOfOne("e2c4a6b8-3d5f-4a7c-8e9b-0f1a2b3c4d52", 2, 2, 2, SNAPSHOT_ECHOED))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "twoPagesPinnedToOneSnapshot")
  void listAllSendsPageOnesTimestampOnTheNextPage(MockServer server) {
    try (PassportCustomersClient client = client(server, TOKEN)) {
      List<Customer> all = client.listAll(CustomerQuery.builder().pageSize(1).build()).stream().toList();

      assertThat(all).extracting(Customer::getId).containsExactly(
          "9a3e6d10-2b4c-4d8e-a1f3-5c7b9d0e2f41", "e2c4a6b8-3d5f-4a7c-8e9b-0f1a2b3c4d52");
    }
  }

  // ---- List Customers: filters and ordering ----

  /**
   * A listing filtered by query {@code param}, its value {@code stateValue} from state {@code a customer
   * exists}, under which no other customer shares it: exactly that one customer, so a provider that
   * ignores the filter fails.
   */
  private static V4Pact filtered(PactDslWithProvider builder, String description, String param, String stateValue,
      String exampleValue, String exampleCustomerId) {
    return firstPageQuery(get(builder.given(VALID_TOKEN).given(CUSTOMER_EXISTS), description, TOKEN)
            .path("/v1/customers"), "100")
        .queryParameterFromProviderState(param, "${" + stateValue + "}", exampleValue)
        .willRespondWith().status(200)
        .body(pageOfOne(exampleCustomerId, 1, 1, 1, DATE_TIME))
        .toPact(V4Pact.class);
  }

  @Pact(consumer = CONSUMER)
  V4Pact filterByIdentificationNumber(PactDslWithProvider builder) {
    return filtered(builder, "a request for the customers with one identification number",
        "identification_number", "identification_number", IDENTIFICATION_NUMBER, "5d7f9b1c-4e6a-4c8e-b2d4-6f8a0c2e4a63");
  }

  @Test
  @PactTestFor(pactMethod = "filterByIdentificationNumber")
  void filteringByIdentificationNumber(MockServer server) {
    try (PassportCustomersClient client = client(server, TOKEN)) {
      assertThat(client.listAll(CustomerQuery.builder().identificationNumber(IDENTIFICATION_NUMBER).build()))
          .extracting(Customer::getId).containsExactly("5d7f9b1c-4e6a-4c8e-b2d4-6f8a0c2e4a63");
    }
  }

  @Pact(consumer = CONSUMER)
  V4Pact filterByCustomerId(PactDslWithProvider builder) {
    return filtered(builder, "a request for the customer with one id", "customer_id", "id", CUSTOMER_ID, CUSTOMER_ID);
  }

  @Test
  @PactTestFor(pactMethod = "filterByCustomerId")
  void filteringByCustomerId(MockServer server) {
    try (PassportCustomersClient client = client(server, TOKEN)) {
      assertThat(client.listAll(CustomerQuery.builder().customerId(CUSTOMER_ID).build()))
          .extracting(Customer::getId).containsExactly(CUSTOMER_ID);
    }
  }

  @Pact(consumer = CONSUMER)
  V4Pact filterByIdentificationType(PactDslWithProvider builder) {
    return filtered(builder, "a request for the customers with one identification type",
        "identification_type", "identification_type", IDENTIFICATION_TYPE, "7e9a1c3e-5f7b-4d9f-83e5-7a9b1d3f5b74");
  }

  @Test
  @PactTestFor(pactMethod = "filterByIdentificationType")
  void filteringByIdentificationType(MockServer server) {
    try (PassportCustomersClient client = client(server, TOKEN)) {
      assertThat(client.listAll(CustomerQuery.builder().identificationType(IDENTIFICATION_TYPE).build()))
          .extracting(Customer::getId).containsExactly("7e9a1c3e-5f7b-4d9f-83e5-7a9b1d3f5b74");
    }
  }

  @Pact(consumer = CONSUMER)
  V4Pact orderedByBusinessNameDescending(PactDslWithProvider builder) {
    return get(builder.given(VALID_TOKEN).given(CUSTOMERS_EXIST, Map.of("count", 5)),
            "a request for customers ordered by business name, descending", TOKEN)
        .path("/v1/customers")
        .query("order_params.order_key=business_name&order_params.order_direction=DESC")
        .willRespondWith().status(200)
        .body(firstPageAtServerDefaults("1f3b5d7f-6a8c-4eaf-94f6-8b0c2e4a6c85", 1, 5))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "orderedByBusinessNameDescending")
  void orderingByAKeyAndDirection(MockServer server) {
    try (PassportCustomersClient client = client(server, TOKEN)) {
      assertThat(client.list(CustomerQuery.builder().orderKey("business_name")
          .orderDirection(OrderDirection.DESC).build()).getCustomers())
          .extracting(Customer::getId).containsExactly("1f3b5d7f-6a8c-4eaf-94f6-8b0c2e4a6c85");
    }
  }

  // ---- List Customers: errors (the client acts on the status; on the 404 also on the code) ----

  @Pact(consumer = CONSUMER)
  V4Pact unknownOrderKey(PactDslWithProvider builder) {
    return get(builder.given(VALID_TOKEN).given(CUSTOMERS_EXIST, Map.of("count", 5)),
            "a request ordered by a key the server does not know", TOKEN)
        .path("/v1/customers").query("order_params.order_key=favourite_colour")
        .willRespondWith().status(400)
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "unknownOrderKey")
  void aBadParameterIsABadRequest(MockServer server) {
    try (PassportCustomersClient client = client(server, TOKEN)) {
      PassportException e = catchThrowableOfType(PassportException.class,
          () -> client.list(CustomerQuery.builder().orderKey("favourite_colour").build()));
      assertThat(e.kind()).isEqualTo(PassportException.Kind.BAD_REQUEST);
    }
  }

  @Pact(consumer = CONSUMER)
  V4Pact expiredToken(PactDslWithProvider builder) {
    return get(builder.given(ProviderStates.EXPIRED_TOKEN).given(CUSTOMERS_EXIST, Map.of("count", 5)),
            "a request for customers with an expired token", EXPIRED_TOKEN)
        .path("/v1/customers")
        .willRespondWith().status(401)
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "expiredToken")
  void anExpiredTokenIsUnauthorized(MockServer server) {
    try (PassportCustomersClient client = client(server, EXPIRED_TOKEN)) {
      PassportException e = catchThrowableOfType(PassportException.class, () -> client.list(CustomerQuery.all()));
      assertThat(e.kind()).isEqualTo(PassportException.Kind.UNAUTHORIZED);
    }
  }

  @Pact(consumer = CONSUMER)
  V4Pact tokenWithoutListScope(PactDslWithProvider builder) {
    return get(builder.given(ProviderStates.TOKEN_WITHOUT_LIST_SCOPE).given(CUSTOMERS_EXIST, Map.of("count", 5)),
            "a request for customers with a token that lacks the list scope", TOKEN_WITHOUT_LIST_SCOPE)
        .path("/v1/customers")
        .willRespondWith().status(403)
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "tokenWithoutListScope")
  void aTokenWithoutTheScopeIsForbidden(MockServer server) {
    try (PassportCustomersClient client = client(server, TOKEN_WITHOUT_LIST_SCOPE)) {
      PassportException e = catchThrowableOfType(PassportException.class, () -> client.list(CustomerQuery.all()));
      assertThat(e.kind()).isEqualTo(PassportException.Kind.FORBIDDEN);
    }
  }

  @Pact(consumer = CONSUMER)
  V4Pact noCustomers(PactDslWithProvider builder) {
    return firstPageQuery(get(builder.given(VALID_TOKEN).given(NO_CUSTOMERS),
            "a request for customers of an entity that has none", TOKEN_OF_EMPTY_ENTITY)
            .path("/v1/customers"), "100")
        .willRespondWith().status(404)
        .body(ContractBodies.noCustomersError())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "noCustomers")
  void anEntityWithoutCustomersListsAsEmpty(MockServer server) {
    try (PassportCustomersClient client = client(server, TOKEN_OF_EMPTY_ENTITY)) {
      assertThat(client.listAll(CustomerQuery.all())).isEmpty();
    }
  }

  // ---- Retrieve Customer ----

  /**
   * Retrieve the customer from state {@code a customer exists}; the example token and id make the
   * example request (and answer) one of its own.
   */
  private static PactDslResponse retrieveExisting(PactDslWithState states, String description, String exampleToken,
      String exampleId) {
    return get(states, description, exampleToken)
        .pathFromProviderState("/v1/customers/${id}", "/v1/customers/" + exampleId)
        .willRespondWith().status(200)
        .body(ContractBodies.customer(exampleId));
  }

  @Pact(consumer = CONSUMER)
  V4Pact retrieveExisting(PactDslWithProvider builder) {
    return retrieveExisting(builder.given(VALID_TOKEN).given(CUSTOMER_EXISTS), "a request for one customer that exists",
        TOKEN, CUSTOMER_ID).toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "retrieveExisting")
  void retrievingACustomer(MockServer server) {
    try (PassportCustomersClient client = client(server, TOKEN)) {
      assertThat(client.get(CUSTOMER_ID).getId()).isEqualTo(CUSTOMER_ID);
    }
  }

  @Pact(consumer = CONSUMER)
  V4Pact retrieveMissing(PactDslWithProvider builder) {
    return get(builder.given(VALID_TOKEN).given(CUSTOMERS_EXIST, Map.of("count", 5)),
            "a request for one customer that does not exist", TOKEN)
        .path("/v1/customers/" + MISSING_CUSTOMER_ID)
        .willRespondWith().status(404)
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "retrieveMissing")
  void retrievingAMissingCustomerIsNotFound(MockServer server) {
    try (PassportCustomersClient client = client(server, TOKEN)) {
      PassportException e = catchThrowableOfType(PassportException.class, () -> client.get(MISSING_CUSTOMER_ID));
      assertThat(e.kind()).isEqualTo(PassportException.Kind.NOT_FOUND);
    }
  }

  // ---- Access token ----

  @Pact(consumer = CONSUMER)
  V4Pact issueTokenThenRetrieve(PactDslWithProvider builder) {
    PactDslResponse issued = builder.given(CLIENT_REGISTERED)
        .uponReceiving("a request for an access token with client credentials")
        .method("POST").path("/v1/iam/oauth/tokens")
        .matchHeader("Content-Type", JSON_REQUEST, "application/json; charset=UTF-8")
        .body(LambdaDsl.newJsonBody(b -> {
          b.valueFromProviderState("client_id", "${client_id}", CLIENT_ID);
          b.valueFromProviderState("client_secret", "${client_secret}", CLIENT_SECRET);
          b.stringValue("grant_type", "client_credentials");
        }).build())
        .willRespondWith().status(200)
        .body(ContractBodies.token());
    return retrieveExisting(issued.given(VALID_TOKEN).given(CUSTOMER_EXISTS),
        "a request for one customer that exists, with the token issued for client credentials", ISSUED_TOKEN,
        CUSTOMER_ID_WITH_ISSUED_TOKEN)
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "issueTokenThenRetrieve")
  void clientCredentialsAreExchangedForATokenThatIsThenSent(MockServer server) {
    try (PassportCustomersClient client = PassportCustomersClient.builder().baseUrl(server.getUrl())
        .clientCredentials(CLIENT_ID, CLIENT_SECRET).retryPolicy(RetryPolicy.none()).build()) {
      assertThat(client.get(CUSTOMER_ID_WITH_ISSUED_TOKEN).getId()).isEqualTo(CUSTOMER_ID_WITH_ISSUED_TOKEN);
    }
  }
}
