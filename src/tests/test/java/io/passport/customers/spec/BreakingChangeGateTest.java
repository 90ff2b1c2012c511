package io.passport.customers.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.output.MarkdownRender;

/**
 * The breaking-change gate: openapi-diff compares the working spec with the last released one
 * ({@code openapi/released/customers.yaml}); an incompatible change fails the build unless {@code
 * info.version}'s major number was raised. Compatible additions pass.
 */
class BreakingChangeGateTest {
  static final Path RELEASED = Path.of("openapi", "released", "customers.yaml");
  private static final Pattern VERSION = Pattern.compile("(?m)^  version: (\\d+)\\.(\\d+)\\.(\\d+)$");

  @Test
  void theWorkingSpecKeepsCompatibilityWithTheReleasedOneOrRaisesItsMajorVersion() {
    assertThat(gate(RELEASED, SpecConformance.SPEC)).isEmpty();
  }

  @Test
  void removingAnEndpointOrChangingAFieldTypeIsCaught(@TempDir Path dir) throws IOException {
    Path broken = write(dir, released()
        .replace("        total_pages:\n          type: integer", "        total_pages:\n          type: string")
        .replaceFirst("(?s)  /v1/customers/\\{customer_id}:.*?(?=  /v1/iam/oauth/tokens:)", ""));

    Optional<String> failure = gate(RELEASED, broken);

    assertThat(failure).hasValueSatisfying(message -> assertThat(message)
        .contains("incompatible", "1.0.0", "raise the major version")
        .contains("/v1/customers/{customer_id}"));
  }

  @Test
  void anIncompatibleChangeWithARaisedMajorVersionPasses(@TempDir Path dir) throws IOException {
    Path major = write(dir, released()
        .replaceFirst("(?s)  /v1/customers/\\{customer_id}:.*?(?=  /v1/iam/oauth/tokens:)", "")
        .replace("  version: 1.0.0", "  version: 2.0.0"));

    assertThat(gate(RELEASED, major)).isEmpty();
  }

  @Test
  void aCompatibleAdditionPasses(@TempDir Path dir) throws IOException {
    Path addition = write(dir, released().replace(
        "        merchant_category_code:\n",
        "        website:\n          type: string\n          description: The customer's web site.\n"
            + "          example: https://example.com\n        merchant_category_code:\n"));

    assertThat(gate(RELEASED, addition)).isEmpty();
  }

  /**
   * What openapi-diff makes of each of the wire decisions of spec 2.0.0, each applied alone to the
   * release: the gate's verdict, not ours, is what decided the major version.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0}: incompatible = {1}")
  @org.junit.jupiter.params.provider.CsvSource({
      "the order key closed to the known keys, true",
      "the snapshot timestamp a patterned utc-timestamp string, true",
      "the page parameters without defaults, false"})
  void eachDecisionOfVersionTwoIsClassifiedByTheGate(String change, String incompatible, @TempDir Path dir)
      throws IOException {
    String released = released();
    String changed = switch (change) {
      case "the order key closed to the known keys" -> released.replace(
          "        minLength: 1\n        maxLength: 64\n        pattern: '^[a-z][a-z0-9_]*$'\n"
              + "        x-extensible-enum: [created_at, updated_at, business_name, identification_number]\n",
          "        enum: [created_at, updated_at, business_name, identification_number]\n");
      case "the snapshot timestamp a patterned utc-timestamp string" -> released.replace(
          "        first_request_timestamp:\n          type: string\n          format: date-time\n",
          "        first_request_timestamp:\n          type: string\n          format: utc-timestamp\n"
              + "          pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}"
              + "(\\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})?$'\n          maxLength: 35\n");
      case "the page parameters without defaults" ->
          released.replace("        default: 10\n", "").replace("        default: 1\n", "");
      default -> throw new IllegalArgumentException(change);
    };
    assertThat(changed).as("the replacement applies to the release").isNotEqualTo(released);

    ChangedOpenApi diff = OpenApiCompare.fromLocations(RELEASED.toString(), write(dir, changed).toString());

    assertThat(diff.isIncompatible()).isEqualTo(Boolean.parseBoolean(incompatible));
  }

  @Test
  void theMajorVersionIsRaisedByOneExactlyWhenTheWorkingSpecIsIncompatible() {
    boolean incompatible = OpenApiCompare.fromLocations(RELEASED.toString(), SpecConformance.SPEC.toString())
        .isIncompatible();

    assertThat(major(SpecConformance.SPEC)).isEqualTo(major(RELEASED) + (incompatible ? 1 : 0));
  }

  /** Empty when {@code current} may replace {@code released}; otherwise why not. */
  static Optional<String> gate(Path released, Path current) {
    ChangedOpenApi diff = OpenApiCompare.fromLocations(released.toString(), current.toString());
    if (!diff.isIncompatible()) {
      return Optional.empty();
    }
    int releasedMajor = major(released);
    int currentMajor = major(current);
    if (currentMajor > releasedMajor) {
      return Optional.empty();
    }
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    try (OutputStreamWriter writer = new OutputStreamWriter(report, StandardCharsets.UTF_8)) {
      new MarkdownRender().render(diff, writer);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return Optional.of(current + " makes incompatible changes to " + released + " (version "
        + version(released) + ") without a new major version: raise the major version of info.version,"
        + " or make the change compatible.\n" + report.toString(StandardCharsets.UTF_8));
  }

  private static int major(Path spec) {
    return Integer.parseInt(version(spec).split("\\.")[0]);
  }

  private static String version(Path spec) {
    try {
      Matcher m = VERSION.matcher(Files.readString(spec));
      if (!m.find()) {
        throw new IllegalStateException(spec + " has no semantic info.version");
      }
      return m.group(1) + "." + m.group(2) + "." + m.group(3);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String released() throws IOException {
    return Files.readString(RELEASED);
  }

  private static Path write(Path dir, String spec) throws IOException {
    return Files.writeString(dir.resolve("customers.yaml"), spec);
  }
}
