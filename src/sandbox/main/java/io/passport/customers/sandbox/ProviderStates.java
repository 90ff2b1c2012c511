package io.passport.customers.sandbox;

import io.passport.customers.model.Address;
import io.passport.customers.model.Customer;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The provider states the contracts in {@code contracts/} name, what each sets up in a sandbox, and
 * the values each returns; {@code contracts/PROVIDER.md} is the same list written for a provider team.
 * The states are generic: none names a token or an id; the provider makes its own and returns them,
 * and the contract's {@code fromProviderState} generators put them into the requests. Both the JVM
 * provider verification and a standalone Pact verifier (through {@code POST /_pact/provider-states})
 * use this one implementation.
 *
 * <p>The entity model: a sandbox is one entity (the test entity), its customers are that entity's
 * customers, and every token it issues is for that entity. An interaction names a token state first
 * and then one data state. Token states only add a token; data states replace the entity's customers
 * from scratch (counts are exact), so nothing depends on what an earlier interaction left behind. A
 * teardown puts the sandbox back as it was built.
 *
 * <p>Thread-safety: stateless; each call acts on the sandbox it is given.
 */
public final class ProviderStates {
  /** Returns {@code token} (string): a token accepted by both customer operations. */
  public static final String VALID_TOKEN = "a valid access token with the customer scopes";
  /** Returns {@code token} (string): a token that was valid and has expired. */
  public static final String EXPIRED_TOKEN = "an expired access token";
  /** Returns {@code token} (string): a valid token that carries the retrieve scope but not the list scope. */
  public static final String TOKEN_WITHOUT_LIST_SCOPE = "a token without the list scope";
  /** The entity has exactly {@code count} customers (param, an integer, default 25); returns nothing. */
  public static final String CUSTOMERS_EXIST = "customers exist";
  /**
   * The entity has exactly {@code before} customers created before {@code snapshot} (param, an RFC 3339
   * string) and exactly {@code after} created after it (params, integers); returns nothing. A listing
   * pinned to {@code snapshot} counts the first and never the second.
   */
  public static final String CUSTOMERS_BEFORE_AND_AFTER_SNAPSHOT = "customers were created before and after a snapshot";
  /** The entity has no customers at all (List Customers answers 404); returns nothing. */
  public static final String NO_CUSTOMERS = "no customers exist";
  /**
   * The entity has a customer and others, none of which shares its identification type or number;
   * returns its {@code id}, {@code identification_type} and {@code identification_number} (strings).
   */
  public static final String CUSTOMER_EXISTS = "a customer exists";
  /** An API client is registered; returns its {@code client_id} and {@code client_secret} (strings). */
  public static final String CLIENT_REGISTERED = "an API client is registered";

  private static final int DEFAULT_COUNT = 25;
  private static final int MAX_COUNT = 10_000;
  /** The identification type of the customer {@link #CUSTOMER_EXISTS} makes: one synthetic customers never have. */
  private static final String OWN_IDENTIFICATION_TYPE = "PA";

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
        sandbox.replaceCustomers(count(params, "count", DEFAULT_COUNT));
      }
      case CUSTOMERS_BEFORE_AND_AFTER_SNAPSHOT -> {
        Instant snapshot = snapshot(params);
        int before = count(params, "before", -1);
        int after = count(params, "after", -1);
        sandbox.faults(Faults.none());
        sandbox.removeAllCustomers();
        for (int i = before; i > 0; i--) { // one second apart, the last a second before the snapshot
          sandbox.addCustomer(customer("Antes " + i + " S.A.S.", "NIT", String.valueOf(800_000_000L + i))
              .createdAt(OffsetDateTime.ofInstant(snapshot.minusSeconds(i), ZoneOffset.UTC)));
        }
        for (int i = 1; i <= after; i++) { // created now, with the sandbox's clock: after every snapshot so far
          Customer made = sandbox.addCustomer(customer("Después " + i + " S.A.S.", "NIT",
              String.valueOf(900_000_000L + i)));
          if (!made.getCreatedAt().toInstant().isAfter(snapshot)) {
            throw new IllegalArgumentException("the param \"snapshot\" must be in the past, but was \""
                + params.get("snapshot") + "\"");
          }
        }
      }
      case NO_CUSTOMERS -> {
        sandbox.faults(Faults.none());
        sandbox.removeAllCustomers();
      }
      case CUSTOMER_EXISTS -> {
        sandbox.faults(Faults.none());
        sandbox.replaceCustomers(DEFAULT_COUNT);
        // Synthetic customers are NIT or CC with 8 to 10 digits: a PA with 12 digits is the only one of its kind.
        Customer customer = sandbox.addCustomer(customer("Panadería Ñapa S.A.S.", OWN_IDENTIFICATION_TYPE,
            String.valueOf(100_000_000_000L + Math.floorMod(UUID.randomUUID().getLeastSignificantBits(),
                900_000_000_000L))));
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

  private static Customer customer(String businessName, String identificationType, String identificationNumber) {
    return new Customer()
        .type("BUSINESS")
        .businessName(businessName)
        .email("contacto@example.com")
        .mobilePhoneNumber("573956158117")
        .identificationType(identificationType)
        .identificationNumber(identificationNumber)
        .merchantCategoryCode("5411")
        .status("ACTIVE")
        .address(new Address().line1("Diagonal 46 1104").city("Cartagena")
            .state("Bolívar").postCode("130001").country("CO"));
  }

  private static Instant snapshot(Map<String, ?> params) {
    Object value = params == null ? null : params.get("snapshot");
    try {
      return OffsetDateTime.parse(String.valueOf(value)).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "the param \"snapshot\" must be an RFC 3339 date-time such as 2025-10-09T17:35:17.864Z, but was \""
              + value + "\"", e);
    }
  }

  /** The whole-number param {@code name}; {@code absent} when it is missing (negative: it is required). */
  private static int count(Map<String, ?> params, String name, int absent) {
    Object value = params == null ? null : params.get(name);
    if (value == null) {
      if (absent >= 0) {
        return absent;
      }
    } else {
      try {
        double number = value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString());
        if (number >= 0 && number <= MAX_COUNT && number == Math.rint(number)) {
          return (int) number;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException(
        "the param \"" + name + "\" must be a whole number between 0 and " + MAX_COUNT + ", but was \"" + value + "\"");
  }
}
