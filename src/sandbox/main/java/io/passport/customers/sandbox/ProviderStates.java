package io.passport.customers.sandbox;

import io.passport.customers.model.Address;
import io.passport.customers.model.Customer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The provider states the contracts in {@code contracts/} name, what each sets up in a sandbox, and
 * the values each returns. The states are generic: none names a token, an id or a date; the provider
 * makes its own and returns them, and the contract's {@code fromProviderState} generators put them into
 * the requests. Both the JVM provider verification and a standalone Pact verifier (through {@code POST
 * /_pact/provider-states}) use this one implementation.
 *
 * <p>An interaction names one token state and one data state. Token states only add a token; data
 * states set the entity's customers (and nothing else) from scratch, so the order in which a verifier
 * sets them up does not matter. A teardown puts the sandbox back as it was built.
 */
public final class ProviderStates {
  /** Returns {@code token}: a token accepted by both customer operations. */
  public static final String VALID_TOKEN = "a valid access token with the customer scopes";
  /** Returns {@code token}: a token that was valid and has expired. */
  public static final String EXPIRED_TOKEN = "an expired access token";
  /** Returns {@code token}: a valid token that carries the retrieve scope but not the list scope. */
  public static final String TOKEN_WITHOUT_LIST_SCOPE = "a token without the list scope";
  /**
   * The entity has at least {@code count} customers (param, default 25); returns {@code seconds} and
   * {@code nanos}: a snapshot time later than every one of them.
   */
  public static final String CUSTOMERS_EXIST = "customers exist";
  /** The entity has no customers at all (List Customers answers 404); returns nothing. */
  public static final String NO_CUSTOMERS = "no customers exist";
  /**
   * The entity has a customer, among others; returns its {@code id}, {@code identification_type}
   * and {@code identification_number}.
   */
  public static final String CUSTOMER_EXISTS = "a customer exists";
  /** An API client is registered; returns its {@code client_id} and {@code client_secret}. */
  public static final String CLIENT_REGISTERED = "an API client is registered";

  private static final int DEFAULT_COUNT = 25;
  private static final int MAX_COUNT = 10_000;

  private ProviderStates() {}

  static Map<String, Object> apply(PassportSandbox sandbox, String state, Map<String, ?> params, boolean setup) {
    Objects.requireNonNull(state, "state");
    if (!setup) {
      sandbox.reset();
      return Map.of();
    }
    Map<String, Object> values = new LinkedHashMap<>();
    switch (state) {
      case VALID_TOKEN -> values.put("token",
          sandbox.issueToken(Duration.ofHours(1), PassportSandbox.LIST_SCOPE, PassportSandbox.GET_SCOPE));
      case EXPIRED_TOKEN -> values.put("token",
          sandbox.issueToken(Duration.ZERO, PassportSandbox.LIST_SCOPE, PassportSandbox.GET_SCOPE));
      case TOKEN_WITHOUT_LIST_SCOPE -> values.put("token",
          sandbox.issueToken(Duration.ofHours(1), PassportSandbox.GET_SCOPE));
      case CUSTOMERS_EXIST -> {
        sandbox.faults(Faults.none());
        sandbox.replaceCustomers(count(params));
        Instant snapshot = sandbox.snapshotAfterEveryCustomer();
        values.put("seconds", snapshot.getEpochSecond());
        values.put("nanos", snapshot.getNano());
      }
      case NO_CUSTOMERS -> {
        sandbox.faults(Faults.none());
        sandbox.removeAllCustomers();
      }
      case CUSTOMER_EXISTS -> {
        sandbox.faults(Faults.none());
        sandbox.replaceCustomers(DEFAULT_COUNT);
        Customer customer = sandbox.addCustomer(new Customer()
            .type("BUSINESS")
            .businessName("Panadería Ñapa S.A.S.")
            .email("contacto@example.com")
            .mobilePhoneNumber("573956158117")
            .identificationType("CC")
            .identificationNumber(String.valueOf(1_000_000_000L + Math.floorMod(UUID.randomUUID()
                .getLeastSignificantBits(), 9_000_000_000L)))
            .merchantCategoryCode("5411")
            .status("ACTIVE")
            .address(new Address().line1("Diagonal 46 1104").city("Cartagena")
                .state("Bolívar").postCode("130001").country("CO")));
        values.put("id", customer.getId());
        values.put("identification_type", customer.getIdentificationType());
        values.put("identification_number", customer.getIdentificationNumber());
      }
      case CLIENT_REGISTERED -> {
        String clientId = "client-" + UUID.randomUUID();
        String clientSecret = "secret-" + UUID.randomUUID();
        sandbox.clientCredentials(clientId, clientSecret);
        values.put("client_id", clientId);
        values.put("client_secret", clientSecret);
      }
      default -> throw new IllegalArgumentException("unknown provider state \"" + state + "\"");
    }
    return values;
  }

  private static int count(Map<String, ?> params) {
    Object value = params == null ? null : params.get("count");
    if (value == null) {
      return DEFAULT_COUNT;
    }
    try {
      double number = value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString());
      if (number >= 0 && number <= MAX_COUNT && number == Math.rint(number)) {
        return (int) number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "the param \"count\" must be a whole number between 0 and " + MAX_COUNT + ", but was \"" + value + "\"");
  }
}
