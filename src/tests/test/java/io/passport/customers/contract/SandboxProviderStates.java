package io.passport.customers.contract;

import au.com.dius.pact.provider.junitsupport.State;
import au.com.dius.pact.provider.junitsupport.StateChangeAction;
import io.passport.customers.sandbox.PassportSandbox;
import io.passport.customers.sandbox.ProviderStates;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;

/**
 * A sandbox for provider verification, and the state handlers the contracts name, each delegating
 * to {@link PassportSandbox#providerState} (the same code the sandbox's provider-state endpoint runs)
 * and returning the values it made, which Pact JVM puts into the requests through the contract's
 * {@code fromProviderState} generators. Each subclass starts its sandbox with {@link #start}.
 */
abstract class SandboxProviderStates {
  static PassportSandbox sandbox;

  static void start(PassportSandbox.Builder builder) throws IOException {
    sandbox = builder.start();
  }

  /**
   * A provider that shares nothing with the consumer's examples: customers from another seed,
   * created from now on (after the contract's example snapshot), no static token (only tokens it
   * issues itself), and client credentials nobody else knows.
   */
  static PassportSandbox.Builder foreignProvider() {
    return PassportSandbox.builder().seed(7_777).customers(40).staticToken(null)
        .customersCreatedSince(Instant.now())
        .clientCredentials("foreign-" + UUID.randomUUID(), UUID.randomUUID().toString());
  }

  @AfterAll
  static void stopSandbox() {
    if (sandbox != null) {
      sandbox.close();
      sandbox = null;
    }
  }

  @State(ProviderStates.VALID_TOKEN)
  Map<String, Object> validToken(Map<String, Object> params) {
    return sandbox.providerState(ProviderStates.VALID_TOKEN, params, true);
  }

  @State(ProviderStates.EXPIRED_TOKEN)
  Map<String, Object> expiredToken(Map<String, Object> params) {
    return sandbox.providerState(ProviderStates.EXPIRED_TOKEN, params, true);
  }

  @State(ProviderStates.TOKEN_WITHOUT_LIST_SCOPE)
  Map<String, Object> tokenWithoutListScope(Map<String, Object> params) {
    return sandbox.providerState(ProviderStates.TOKEN_WITHOUT_LIST_SCOPE, params, true);
  }

  @State(ProviderStates.CUSTOMERS_EXIST)
  Map<String, Object> customersExist(Map<String, Object> params) {
    return sandbox.providerState(ProviderStates.CUSTOMERS_EXIST, params, true);
  }

  @State(ProviderStates.CUSTOMERS_BEFORE_AND_AFTER_SNAPSHOT)
  Map<String, Object> customersBeforeAndAfterSnapshot(Map<String, Object> params) {
    return sandbox.providerState(ProviderStates.CUSTOMERS_BEFORE_AND_AFTER_SNAPSHOT, params, true);
  }

  @State(ProviderStates.NO_CUSTOMERS)
  Map<String, Object> noCustomers(Map<String, Object> params) {
    return sandbox.providerState(ProviderStates.NO_CUSTOMERS, params, true);
  }

  @State(ProviderStates.CUSTOMER_EXISTS)
  Map<String, Object> customerExists(Map<String, Object> params) {
    return sandbox.providerState(ProviderStates.CUSTOMER_EXISTS, params, true);
  }

  @State(ProviderStates.CLIENT_REGISTERED)
  Map<String, Object> clientRegistered(Map<String, Object> params) {
    return sandbox.providerState(ProviderStates.CLIENT_REGISTERED, params, true);
  }

  @State(value = {ProviderStates.VALID_TOKEN, ProviderStates.EXPIRED_TOKEN, ProviderStates.TOKEN_WITHOUT_LIST_SCOPE,
      ProviderStates.CUSTOMERS_EXIST, ProviderStates.CUSTOMERS_BEFORE_AND_AFTER_SNAPSHOT, ProviderStates.NO_CUSTOMERS, ProviderStates.CUSTOMER_EXISTS,
      ProviderStates.CLIENT_REGISTERED}, action = StateChangeAction.TEARDOWN)
  void tearDown(Map<String, Object> params) {
    sandbox.reset();
  }
}
