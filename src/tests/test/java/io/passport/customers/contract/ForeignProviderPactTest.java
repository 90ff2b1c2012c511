package io.passport.customers.contract;

import au.com.dius.pact.provider.junit5.HttpTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The contract holds for a provider that shares nothing with the consumer's examples (see {@link
 * #foreignProvider()}): another seed, no static token, customers created after the contract's example
 * snapshot, ids the consumer never saw. This is what the team running the real API sees: every token,
 * id and snapshot reaches the requests from its own provider states.
 */
@Provider(ContractBodies.PROVIDER)
@PactFolder("contracts")
class ForeignProviderPactTest extends SandboxProviderStates {

  @BeforeAll
  static void startForeignProvider() throws IOException {
    start(foreignProvider());
  }

  @BeforeEach
  void target(PactVerificationContext context) {
    context.setTarget(new HttpTestTarget("127.0.0.1", sandbox.port()));
  }

  @TestTemplate
  @ExtendWith(PactVerificationInvocationContextProvider.class)
  void everyInteractionHoldsAgainstAForeignProvider(PactVerificationContext context) {
    context.verifyInteraction();
  }
}
