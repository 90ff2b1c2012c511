package io.passport.customers.contract;

import au.com.dius.pact.provider.junitsupport.State;
import io.passport.customers.sandbox.PassportSandbox;
import io.passport.customers.sandbox.ProviderStates;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A sandbox for provider verification, and the state handlers the contracts name, each delegating
 * to {@link PassportSandbox#providerState} (the same code the sandbox's provider-state endpoint runs).
 */
abstract class SandboxProviderStates {
  static PassportSandbox sandbox;

  @BeforeAll
  static void startSandbox() throws IOException {
    sandbox = PassportSandbox.builder().start();
  }

  @AfterAll
  static void stopSandbox() {
    sandbox.close();
  }

  @State(ProviderStates.CUSTOMERS_EXIST)
  void customersExist(Map<String, Object> params) {
    sandbox.providerState(ProviderStates.CUSTOMERS_EXIST, params, true);
  }

  @State(ProviderStates.NO_CUSTOMERS)
  void noCustomers(Map<String, Object> params) {
    sandbox.providerState(ProviderStates.NO_CUSTOMERS, params, true);
  }

  @State(ProviderStates.CUSTOMER_EXISTS)
  void customerExists(Map<String, Object> params) {
    sandbox.providerState(ProviderStates.CUSTOMER_EXISTS, params, true);
  }

  @State(ProviderStates.TOKEN_EXPIRED)
  void tokenExpired(Map<String, Object> params) {
    sandbox.providerState(ProviderStates.TOKEN_EXPIRED, params, true);
  }

  @State(ProviderStates.TOKEN_WITHOUT_SCOPES)
  void tokenWithoutScopes(Map<String, Object> params) {
    sandbox.providerState(ProviderStates.TOKEN_WITHOUT_SCOPES, params, true);
  }

  @State(ProviderStates.SERVER_FAILS)
  void serverFails(Map<String, Object> params) {
    sandbox.providerState(ProviderStates.SERVER_FAILS, params, true);
  }

  @State(ProviderStates.CLIENT_REGISTERED)
  void clientRegistered(Map<String, Object> params) {
    sandbox.providerState(ProviderStates.CLIENT_REGISTERED, params, true);
  }
}
