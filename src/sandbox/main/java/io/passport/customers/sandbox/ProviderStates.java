package io.passport.customers.sandbox;

import io.passport.customers.model.Customer;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Objects;

/**
 * The provider states the contracts in {@code contracts/} name, and what each sets up in a sandbox.
 * Every state starts from {@link PassportSandbox#reset()}, so states never leak into each other. Both
 * the JVM provider verification and a standalone Pact verifier (through {@code POST
 * /_pact/provider-states}) use this one implementation.
 */
public final class ProviderStates {
  /** The entity has customers; param {@code count} (default 25) says how many. */
  public static final String CUSTOMERS_EXIST = "customers exist";
  /** The entity has no customers at all. */
  public static final String NO_CUSTOMERS = "no customers exist";
  /**
   * The entity has, among others, a customer with the params {@code id}, {@code identification_type},
   * {@code identification_number} and {@code business_name} (each optional).
   */
  public static final String CUSTOMER_EXISTS = "a customer exists";
  /** Param {@code token} is a known token that has expired. */
  public static final String TOKEN_EXPIRED = "the access token has expired";
  /** Param {@code token} is a valid token without the customer scopes. */
  public static final String TOKEN_WITHOUT_SCOPES = "the access token lacks the customer scopes";
  /** Every customer request fails with a 500. */
  public static final String SERVER_FAILS = "the server fails unexpectedly";
  /** The API client with params {@code client_id} and {@code client_secret} is registered. */
  public static final String CLIENT_REGISTERED = "an API client is registered";

  private ProviderStates() {}

  static void apply(PassportSandbox sandbox, String state, Map<String, ?> params, boolean setup) {
    Objects.requireNonNull(state, "state");
    sandbox.reset();
    if (!setup) {
      return;
    }
    switch (state) {
      case CUSTOMERS_EXIST -> sandbox.replaceCustomers(intParam(params, "count", 25));
      case NO_CUSTOMERS -> sandbox.removeAllCustomers();
      case CUSTOMER_EXISTS -> sandbox.addCustomer(new Customer()
          .id(stringParam(params, "id", null))
          .type("BUSINESS")
          .businessName(stringParam(params, "business_name", "Panadería Ñapa S.A.S."))
          .email("contacto@example.com")
          .mobilePhoneNumber("573956158117")
          .identificationType(stringParam(params, "identification_type", "NIT"))
          .identificationNumber(stringParam(params, "identification_number", "903978023"))
          .merchantCategoryCode("5411")
          .status("ACTIVE")
          .address(new io.passport.customers.model.Address().line1("Diagonal 46 1104").city("Cartagena")
              .state("Bolívar").postCode("130001").country("CO"))
          .createdAt(OffsetDateTime.parse("2025-10-09T10:40:27.446Z"))
          .updatedAt(OffsetDateTime.parse("2025-10-09T17:19:27.951Z")));
      case TOKEN_EXPIRED -> sandbox.registerToken(requiredParam(params, "token"), Duration.ZERO,
          PassportSandbox.LIST_SCOPE, PassportSandbox.GET_SCOPE);
      case TOKEN_WITHOUT_SCOPES -> sandbox.registerToken(requiredParam(params, "token"), Duration.ofHours(1));
      case SERVER_FAILS -> sandbox.faults(Faults.builder().failureRate(1)
          .kinds(java.util.EnumSet.of(Faults.Kind.SERVER_ERROR)).build());
      case CLIENT_REGISTERED -> sandbox.clientCredentials(
          stringParam(params, "client_id", PassportSandbox.DEFAULT_CLIENT_ID),
          stringParam(params, "client_secret", PassportSandbox.DEFAULT_CLIENT_SECRET));
      default -> throw new IllegalArgumentException("unknown provider state \"" + state + "\"");
    }
  }

  private static String requiredParam(Map<String, ?> params, String name) {
    String value = stringParam(params, name, null);
    if (value == null) {
      throw new IllegalArgumentException("this provider state needs the param \"" + name + "\"");
    }
    return value;
  }

  private static String stringParam(Map<String, ?> params, String name, String absent) {
    Object value = params == null ? null : params.get(name);
    return value == null ? absent : value.toString();
  }

  private static int intParam(Map<String, ?> params, String name, int absent) {
    Object value = params == null ? null : params.get(name);
    if (value == null) {
      return absent;
    }
    return value instanceof Number number ? number.intValue() : Integer.parseInt(value.toString());
  }
}
