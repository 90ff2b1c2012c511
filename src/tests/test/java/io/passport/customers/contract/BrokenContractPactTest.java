package io.passport.customers.contract;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import au.com.dius.pact.provider.junit5.HttpTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Provider verification catches a broken contract: a copy of {@code contracts/} whose every
 * interaction expects a status one above the real one (200 becomes 201, 404 becomes 405) must fail
 * against the foreign provider, interaction by interaction.
 */
@Provider(ContractBodies.PROVIDER)
@PactFolder(BrokenContractPactTest.BROKEN)
class BrokenContractPactTest extends SandboxProviderStates {
  static final String BROKEN = "target/broken-contracts";
  private static final Pattern STATUS = Pattern.compile("\"status\": (\\d{3})");

  @BeforeAll
  static void startSandbox() throws IOException {
    start(foreignProvider());
  }

  @BeforeAll
  static void writeBrokenCopy() throws IOException {
    Path folder = Files.createDirectories(Path.of(BROKEN));
    try (var pacts = Files.list(Path.of("contracts"))) {
      for (Path pact : pacts.filter(p -> p.toString().endsWith(".json")).toList()) {
        Matcher m = STATUS.matcher(Files.readString(pact));
        Files.writeString(folder.resolve(pact.getFileName()),
            m.replaceAll(r -> "\"status\": " + (Integer.parseInt(r.group(1)) + 1)));
      }
    }
  }

  @BeforeEach
  void target(PactVerificationContext context) {
    context.setTarget(new HttpTestTarget("127.0.0.1", sandbox.port()));
  }

  @TestTemplate
  @ExtendWith(PactVerificationInvocationContextProvider.class)
  void everyBrokenInteractionFailsAgainstTheSandbox(PactVerificationContext context) {
    assertThatThrownBy(context::verifyInteraction).isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected status of");
  }
}
