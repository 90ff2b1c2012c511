package io.passport.customers.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every request and response in {@code contracts/} fits {@code openapi/customers.yaml}, checked by
 * swagger-request-validator; and the check does fail on a spec or a contract that is broken.
 */
class ContractsMatchSpecTest {
  /** Pact files are read with Jackson (a test-only tool here), which keeps integers integers. */
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyInteractionInTheContractsFitsTheSpec() throws IOException {
    Map<String, List<String>> errors = errorsByInteraction(SpecConformance.SPEC, contracts());

    assertThat(errors).hasSizeGreaterThanOrEqualTo(14);
    errors.forEach((interaction, found) -> assertThat(found).as(interaction).isEmpty());
  }

  @Test
  void aSpecThatNoLongerFitsTheContractsFailsTheCheck(@TempDir Path dir) throws IOException {
    Path broken = dir.resolve("customers.yaml");
    Files.writeString(broken, Files.readString(SpecConformance.SPEC)
        // total_elements becomes a string, and page sizes above 50 are no longer allowed
        .replace("        total_elements:\n          type: integer", "        total_elements:\n          type: string")
        .replace("        maximum: 100\n      example: 50", "        maximum: 50\n      example: 50"));

    Map<String, List<String>> errors = errorsByInteraction(broken, contracts());

    assertThat(errors.values().stream().flatMap(List::stream))
        .anyMatch(e -> e.contains("total_elements"))
        .anyMatch(e -> e.startsWith("validation.request.parameter.schema.maximum") && e.contains("maximum: 50, found: 100"));
  }

  @Test
  void aContractThatNoLongerFitsTheSpecFailsTheCheck(@TempDir Path dir) throws IOException {
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, Files.readString(contracts().get(0))
        .replace("\"total_pages\": 3", "\"total_pages\": \"three\"")
        .replace("\"path\": \"/v1/customers/00000000-0000-4000-8000-000000000000\"", "\"path\": \"/v1/clients/0\""));

    Map<String, List<String>> errors = errorsByInteraction(SpecConformance.SPEC, List.of(broken));

    assertThat(errors.values().stream().flatMap(List::stream))
        .anyMatch(e -> e.contains("total_pages"))
        .anyMatch(e -> e.startsWith("validation.request.path.missing"));
  }

  static List<Path> contracts() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("contracts"))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }

  static Map<String, List<String>> errorsByInteraction(Path spec, List<Path> pacts) throws IOException {
    SpecConformance conformance = new SpecConformance(spec);
    Map<String, List<String>> errors = new LinkedHashMap<>();
    for (Path pact : pacts) {
      for (JsonNode interaction : JSON.readTree(pact.toFile()).get("interactions")) {
        JsonNode request = interaction.get("request");
        JsonNode response = interaction.get("response");
        SpecConformance.Exchange exchange = new SpecConformance.Exchange(
            request.get("method").asText(), request.get("path").asText(),
            multimap(request.get("query")), multimap(request.get("headers")), body(request),
            response.get("status").asInt(), multimap(response.get("headers")), body(response));
        List<String> found = new ArrayList<>(conformance.errors(exchange));
        if (body(response) == null) {
          // A Pact response without a body leaves the body open (the client relies on the status alone);
          // it does not say that the provider sends none.
          found.removeIf(e -> e.startsWith("validation.response.body.missing"));
        }
        errors.put(pact.getFileName() + ": " + interaction.get("description").asText(), found);
      }
    }
    return errors;
  }

  private static Map<String, List<String>> multimap(JsonNode node) {
    Map<String, List<String>> result = new LinkedHashMap<>();
    if (node != null) {
      node.fields().forEachRemaining(e -> {
        List<String> values = new ArrayList<>();
        e.getValue().forEach(v -> values.add(v.asText()));
        result.put(e.getKey(), values);
      });
    }
    return result;
  }

  private static String body(JsonNode part) {
    JsonNode content = part.path("body").get("content");
    return content == null ? null : content.toString();
  }
}
