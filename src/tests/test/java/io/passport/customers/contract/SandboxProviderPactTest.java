package io.passport.customers.contract;

import au.com.dius.pact.provider.junit5.HttpTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import io.passport.customers.sandbox.PassportSandbox;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Provider verification: every interaction in the committed {@code contracts/} replayed against the
 * sandbox as it is built by default, each after its provider states are set up.
 */
@Provider(ContractBodies.PROVIDER)
@PactFolder("contracts")
class SandboxProviderPactTest extends SandboxProviderStates {

  @BeforeAll
  static void startSandbox() throws IOException {
    start(PassportSandbox.builder());
  }

  @BeforeEach
  void target(PactVerificationContext context) {
    context.setTarget(new HttpTestTarget("127.0.0.1", sandbox.port()));
  }

  @TestTemplate
  @ExtendWith(PactVerificationInvocationContextProvider.class)
  void everyInteractionHoldsAgainstTheSandbox(PactVerificationContext context) {
    context.verifyInteraction();
  }
}
