package io.passport.customers.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed contracts are exactly what the consumer tests produce, so that every change to the
 * contract is a reviewed diff. Runs after the unit tests have written {@code target/pacts}.
 */
class ContractDriftIT {
  static final String UPDATE_COMMAND = "./mvnw verify -Dcontracts.update=true";
  private static final Path COMMITTED = Path.of("contracts");

  @Test
  void theCommittedContractsAreWhatTheConsumerTestsProduce() throws IOException {
    Path produced = Path.of(System.getProperty("pact.rootDir", "target/pacts"));
    List<Path> pacts;
    try (Stream<Path> files = Files.list(produced)) {
      pacts = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(pacts).as("pact files in " + produced).isNotEmpty();
    boolean update = Boolean.getBoolean("contracts.update");
    StringBuilder drift = new StringBuilder();
    for (Path pact : pacts) {
      Path committed = COMMITTED.resolve(pact.getFileName());
      String now = Files.readString(pact);
      if (update) {
        Files.copy(pact, committed, StandardCopyOption.REPLACE_EXISTING);
      } else if (!Files.exists(committed)) {
        drift.append("\n  ").append(committed).append(" is missing");
      } else if (!Files.readString(committed).equals(now)) {
        drift.append("\n  ").append(committed).append(" differs from ").append(pact);
      }
    }
    try (Stream<Path> files = Files.list(COMMITTED)) {
      for (Path stale : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        if (pacts.stream().noneMatch(p -> p.getFileName().equals(stale.getFileName()))) {
          if (update) {
            Files.delete(stale);
          } else {
            drift.append("\n  ").append(stale).append(" is no longer produced by any consumer test");
          }
        }
      }
    }
    if (drift.length() > 0) {
      fail("The contracts the consumer tests produce differ from the committed ones:" + drift
          + "\nReview the change, then update contracts/ with: " + UPDATE_COMMAND);
    }
  }
}
