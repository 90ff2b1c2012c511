package io.passport.customers.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.passport.customers.sandbox.PassportSandbox;
import io.passport.customers.sandbox.ProviderStates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed contract keeps every provider-specific value out of the provider's way: each one
 * reaches the request through a {@code fromProviderState} generator naming a value a state returns,
 * and nothing in it is a value only the sandbox knows.
 */
class ContractGeneratorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Query parameters whose values a provider picks: an id, an identification. */
  private static final Set<String> PROVIDER_QUERY = Set.of("customer_id", "identification_number",
      "identification_type");
  /** Every value the states return (ProviderStates' Javadoc). */
  private static final Set<String> STATE_VALUES = Set.of("${token}", "${id}", "${identification_type}",
      "${identification_number}", "${client_id}", "${client_secret}");

  private static List<JsonNode> interactions() throws IOException {
    List<JsonNode> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("contracts"))) {
      for (Path pact : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        JSON.readTree(pact.toFile()).get("interactions").forEach(all::add);
      }
    }
    return all;
  }

  private static String expression(JsonNode generator) {
    assertThat(generator.path("type").asText()).isEqualTo("ProviderState");
    return generator.path("expression").asText();
  }

  @Test
  void everyProviderSpecificValueComesFromAProviderState() throws IOException {
    List<JsonNode> interactions = interactions();
    assertThat(interactions).hasSizeGreaterThanOrEqualTo(14);
    for (JsonNode interaction : interactions) {
      String name = interaction.get("description").asText();
      JsonNode request = interaction.get("request");
      JsonNode generators = request.path("generators");

      if (request.path("headers").has("Authorization")) {
        assertThat(expression(generators.path("header").path("Authorization"))).as(name).isEqualTo("Bearer ${token}");
      } else {
        assertThat(request.get("path").asText()).as(name + ": only the token request goes without a token")
            .isEqualTo("/v1/iam/oauth/tokens");
        assertThat(expression(generators.path("body").path("$.client_id"))).as(name).isEqualTo("${client_id}");
        assertThat(expression(generators.path("body").path("$.client_secret"))).as(name).isEqualTo("${client_secret}");
      }
      request.path("query").fieldNames().forEachRemaining(param -> {
        if (PROVIDER_QUERY.contains(param)) {
          assertThat(STATE_VALUES).as(name + ": " + param).contains(expression(generators.path("query").path(param)));
        }
      });
      if (request.path("query").has("page_params.first_request_timestamp.seconds")) {
        assertThat(pinnedSnapshot(interaction, request)).as(name + ": the pin is the snapshot its state was given")
            .isEqualTo(snapshotParam(interaction));
      }
      String path = request.get("path").asText();
      if (path.startsWith("/v1/customers/") && !path.equals("/v1/customers/" + ContractBodies.MISSING_CUSTOMER_ID)) {
        assertThat(expression(generators.path("path"))).as(name).isEqualTo("/v1/customers/${id}");
      }
    }
  }

  private static Instant pinnedSnapshot(JsonNode interaction, JsonNode request) {
    assertThat(request.path("generators").path("query").has("page_params.first_request_timestamp.seconds"))
        .as("the pin is a param of the state, not a value the state returns").isFalse();
    return Instant.ofEpochSecond(
        request.get("query").get("page_params.first_request_timestamp.seconds").get(0).asLong(),
        request.get("query").get("page_params.first_request_timestamp.nanos").get(0).asLong());
  }

  private static Instant snapshotParam(JsonNode interaction) {
    for (JsonNode state : interaction.get("providerStates")) {
      if (state.path("params").has("snapshot")) {
        return Instant.parse(state.get("params").get("snapshot").asText());
      }
    }
    throw new AssertionError(interaction.get("description").asText() + ": pinned, but no state is given a snapshot");
  }

  @Test
  void everyStateIsOneTheProviderStatesDefine() throws IOException {
    Set<String> known = Set.of(ProviderStates.VALID_TOKEN, ProviderStates.EXPIRED_TOKEN,
        ProviderStates.TOKEN_WITHOUT_LIST_SCOPE, ProviderStates.CUSTOMERS_EXIST,
        ProviderStates.CUSTOMERS_BEFORE_AND_AFTER_SNAPSHOT, ProviderStates.NO_CUSTOMERS,
        ProviderStates.CUSTOMER_EXISTS, ProviderStates.CLIENT_REGISTERED);
    for (JsonNode interaction : interactions()) {
      assertThat(interaction.get("providerStates")).as(interaction.get("description").asText()).isNotEmpty()
          .allSatisfy(state -> assertThat(known).contains(state.get("name").asText()));
    }
  }

  @Test
  void nothingInTheContractIsAValueOnlyTheSandboxKnows() throws IOException {
    String text;
    try (Stream<Path> files = Files.list(Path.of("contracts"))) {
      StringBuilder all = new StringBuilder();
      for (Path pact : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        all.append(Files.readString(pact));
      }
      text = all.toString();
    }
    assertThat(text).doesNotContain(PassportSandbox.STATIC_TOKEN, PassportSandbox.DEFAULT_CLIENT_ID,
        PassportSandbox.DEFAULT_CLIENT_SECRET, "sbx_");
  }
}
