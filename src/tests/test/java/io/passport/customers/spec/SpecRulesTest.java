package io.passport.customers.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.passport.customers.internal.ListParameters;
import io.passport.customers.internal.QueryParameter;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** House rules for openapi/customers.yaml, beyond what the linters check. */
class SpecRulesTest {
  static final Path SPEC = Path.of("openapi", "customers.yaml");
  private static final List<String> ERROR_STATUSES = List.of("400", "401", "403", "404", "500");

  private static SwaggerParseResult parsed;
  private static OpenAPI resolved;

  @BeforeAll
  static void parse() {
    parsed = new OpenAPIParser().readLocation(SPEC.toString(), null, new ParseOptions());
    ParseOptions resolve = new ParseOptions();
    resolve.setResolve(true);
    resolve.setResolveFully(true);
    resolved = new OpenAPIParser().readLocation(SPEC.toString(), null, resolve).getOpenAPI();
  }

  @Test
  void swaggerParserReadsTheSpecWithoutAnyMessage() {
    assertThat(parsed.getMessages()).isEmpty();
    assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.0.3");
    assertThat(parsed.getOpenAPI().getInfo().getVersion()).matches("\\d+\\.\\d+\\.\\d+");
  }

  @Test
  void theThreeOperationsExistUnderTheirIds() {
    assertThat(operations().keySet())
        .containsExactlyInAnyOrder("listCustomers", "getCustomer", "issueAccessToken");
  }

  @Test
  void everyOperationDocumentsSuccessAndTheFiveErrorsWithExamples() {
    List<String> problems = new ArrayList<>();
    operations().forEach((id, op) -> {
      for (String status : concat("200", ERROR_STATUSES)) {
        var response = op.getResponses().get(status);
        if (response == null) {
          problems.add(id + " lacks " + status);
        } else if (response.getContent() == null
            || response.getContent().get("application/json") == null
            || response.getContent().get("application/json").getExamples() == null
            || response.getContent().get("application/json").getExamples().isEmpty()) {
          problems.add(id + " " + status + " has no JSON example");
        }
      }
    });
    assertThat(problems).isEmpty();
  }

  /** The wire names of the Java library's catalogue of List Customers parameters, in its order. */
  private static List<String> catalogueWireNames() {
    Map<String, String> wire = new java.util.LinkedHashMap<>();
    for (QueryParameter<?> parameter : ListParameters.ALL) {
      putExample(parameter, wire);
    }
    return List.copyOf(wire.keySet());
  }

  private static <T> void putExample(QueryParameter<T> parameter, Map<String, String> wire) {
    if (parameter.type() == java.time.Instant.class) {
      parameter.putOnWire(parameter.type().cast(java.time.Instant.EPOCH), wire);
    } else {
      wire.put(parameter.wireName(), "");
    }
  }

  @Test
  void listCustomersHasTheLibrarysDottedParametersInItsOrderEachDescribedAndBounded() {
    List<Parameter> parameters = operations().get("listCustomers").getParameters();
    assertThat(parameters).extracting(Parameter::getName).containsExactlyElementsOf(catalogueWireNames());
    assertThat(parameters).extracting(Parameter::getName).startsWith(
        "page_params.page_size", "page_params.page_number", "page_params.first_request_timestamp.seconds",
        "page_params.first_request_timestamp.nanos", "order_params.order_key", "order_params.order_direction");
    List<String> problems = new ArrayList<>();
    operations().forEach((id, op) -> {
      if (op.getParameters() == null) {
        return;
      }
      for (Parameter p : op.getParameters()) {
        if (isBlank(p.getDescription())) {
          problems.add(id + " " + p.getName() + ": no description");
        }
        if (p.getExample() == null) {
          problems.add(id + " " + p.getName() + ": no example");
        }
        if (!isBounded(p.getSchema())) {
          problems.add(id + " " + p.getName() + ": no bounds");
        }
      }
    });
    assertThat(problems).isEmpty();
  }

  @Test
  void theLibrarysRangesAndFilterLengthsAreTheSpecsBounds() {
    Map<String, Parameter> byName = new java.util.HashMap<>();
    operations().get("listCustomers").getParameters().forEach(p -> byName.put(p.getName(), p));
    for (ListParameters.Range<?> range : List.of(ListParameters.PAGE_SIZE, ListParameters.PAGE_NUMBER,
        ListParameters.SNAPSHOT_SECONDS, ListParameters.SNAPSHOT_NANOS)) {
      Schema<?> schema = byName.get(range.wireName()).getSchema();
      assertThat(schema.getMinimum()).as(range.wireName()).isEqualByComparingTo(String.valueOf(range.min()));
      assertThat(schema.getMaximum()).as(range.wireName()).isEqualByComparingTo(String.valueOf(range.max()));
    }
    for (ListParameters.Filter filter : ListParameters.FILTERS) {
      Schema<?> schema = byName.get(filter.wireName()).getSchema();
      assertThat(schema.getType()).as(filter.wireName()).isEqualTo("string");
      assertThat(schema.getMinLength()).as(filter.wireName()).isEqualTo(1);
      assertThat(schema.getMaxLength()).as(filter.wireName()).isEqualTo(filter.maxLength());
    }
    Schema<?> pathId = operations().get("getCustomer").getParameters().get(0).getSchema();
    assertThat(pathId.getMinLength()).isEqualTo(1);
    assertThat(pathId.getMaxLength()).as("getCustomer's customer_id").isEqualTo(ListParameters.CUSTOMER_ID.maxLength());
  }

  @Test
  void parameterBoundsMatchTheProvidersRules() {
    Map<String, Parameter> byName = new java.util.HashMap<>();
    operations().get("listCustomers").getParameters().forEach(p -> byName.put(p.getName(), p));

    assertThat(byName.get("page_params.page_size").getSchema().getMinimum()).isEqualByComparingTo("1");
    assertThat(byName.get("page_params.page_number").getSchema().getMinimum()).isEqualByComparingTo("1");
    Schema<?> seconds = byName.get("page_params.first_request_timestamp.seconds").getSchema();
    assertThat(seconds.getMinimum())
        .isEqualByComparingTo(String.valueOf(java.time.Instant.parse("0001-01-01T00:00:00Z").getEpochSecond()));
    assertThat(seconds.getMaximum())
        .isEqualByComparingTo(String.valueOf(java.time.Instant.parse("9999-12-31T23:59:59Z").getEpochSecond()));
    Schema<?> nanos = byName.get("page_params.first_request_timestamp.nanos").getSchema();
    assertThat(nanos.getMinimum()).isEqualByComparingTo("0");
    assertThat(nanos.getMaximum()).isEqualByComparingTo("999999999");
    assertThat(byName.get("order_params.order_direction").getSchema().getEnum())
        .containsExactly("ORDER_DIRECTION_ENUM_UNSPECIFIED", "ASC", "DESC");
  }

  @Test
  void noParameterDeclaresADefaultSoGeneratedClientsSendOnlyWhatTheCallerSets() {
    List<String> withDefault = new ArrayList<>();
    operations().forEach((id, op) -> {
      if (op.getParameters() != null) {
        op.getParameters().stream()
            .filter(p -> p.getSchema() != null && p.getSchema().getDefault() != null)
            .forEach(p -> withDefault.add(id + " " + p.getName()));
      }
    });
    assertThat(withDefault).isEmpty();
  }

  @Test
  void theOrderKeyIsTheEnumOfKeysTheClientKnowsWithItsForwardCompatibilityStory() {
    Schema<?> orderKey = operations().get("listCustomers").getParameters().stream()
        .filter(p -> p.getName().equals("order_params.order_key")).findFirst().orElseThrow().getSchema();
    assertThat(orderKey.getEnum()).as("order_params.order_key enum").isNotNull();
    assertThat(orderKey.getEnum().stream().map(String::valueOf).toList())
        .containsExactlyElementsOf(io.passport.customers.OrderKey.KNOWN.stream()
            .map(io.passport.customers.OrderKey::value).toList());
    assertThat(orderKey.getExtensions()).containsKey("x-forward-compatibility");
  }

  @Test
  void theSnapshotTimestampIsAPatternedStringThatAdmitsTheProvidersZoneLessForm() {
    Schema<?> timestamp = (Schema<?>) parsed.getOpenAPI().getComponents().getSchemas().get("PaginationInfo")
        .getProperties().get("first_request_timestamp");
    assertThat(timestamp.getType()).isEqualTo("string");
    assertThat(timestamp.getFormat()).as("date-time would make stock clients refuse a zone-less value")
        .isEqualTo("utc-timestamp");
    java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(timestamp.getPattern());
    for (String accepted : List.of("2023-03-29T02:12:15", "2025-10-09T17:35:17.864Z",
        "2025-10-09T17:35:17.123456789Z", "2025-10-09T17:35:17.1-05:00", "2025-10-09t17:35:17z")) {
      assertThat(pattern.matcher(accepted).matches()).as(accepted).isTrue();
      assertThat(accepted.length()).isLessThanOrEqualTo(timestamp.getMaxLength());
    }
    for (String refused : List.of("2025-10-09", "2025-10-09T17:35", "2025-10-09T17:35:17.1234567890Z",
        "2025-10-09T17:35:17+0500", "2025-10-09 17:35:17Z", "1760031317")) {
      assertThat(pattern.matcher(refused).matches()).as(refused).isFalse();
    }
  }

  @Test
  void everySchemaAndPropertyHasAnExampleAndADescription() {
    List<String> problems = new ArrayList<>();
    parsed.getOpenAPI().getComponents().getSchemas()
        .forEach((name, schema) -> checkSchema(name, schema, problems));
    assertThat(problems).isEmpty();
  }

  @Test
  void responseFieldsAreAllOptionalAndGrowingValuesAreOpenStrings() {
    Map<String, Schema> schemas = parsed.getOpenAPI().getComponents().getSchemas();
    for (String name : List.of("ListCustomersResponse", "PaginationInfo", "Customer", "Address",
        "AccessTokenResponse", "ErrorResponse")) {
      assertThat(schemas.get(name).getRequired()).as(name + " required").isNullOrEmpty();
    }
    Map<String, Schema> customer = schemas.get("Customer").getProperties();
    for (String growing : List.of("status", "type", "identification_type")) {
      assertThat(customer.get(growing).getEnum()).as(growing + " must not be a closed enum").isNull();
      assertThat(customer.get(growing).getType()).isEqualTo("string");
      assertThat(customer.get(growing).getExtensions()).containsKey("x-extensible-enum");
    }
  }

  @Test
  void customerEndpointsNeedBearerAndNameTheirScope() {
    assertThat(resolved.getComponents().getSecuritySchemes().get("bearerAuth").getScheme()).isEqualTo("bearer");
    assertThat(resolved.getSecurity()).singleElement().satisfies(r -> assertThat(r).containsKey("bearerAuth"));
    assertThat(operations().get("listCustomers").getExtensions().get("x-required-scopes"))
        .asList()
        .containsExactly("paas.core.entity_customers.list.get");
    assertThat(operations().get("issueAccessToken").getSecurity()).isEmpty();
  }

  @Test
  void bothServersAreListed() {
    assertThat(resolved.getServers())
        .extracting(s -> s.getUrl())
        .containsExactly(
            "https://api.paas.sandbox.co.passportfintech.com", "https://api.paas.co.passportfintech.com");
  }

  private static void checkSchema(String where, Schema<?> schema, List<String> problems) {
    if (schema.get$ref() != null) {
      return;
    }
    if (schema.getExample() == null) {
      problems.add(where + ": no example");
    }
    if (isBlank(schema.getDescription()) && !where.endsWith("[]")) {
      problems.add(where + ": no description");
    }
    if (schema.getProperties() != null) {
      schema.getProperties().forEach((prop, s) -> checkSchema(where + "." + prop, s, problems));
    }
    if (schema.getItems() != null) {
      checkSchema(where + "[]", schema.getItems(), problems);
    }
  }

  private static boolean isBounded(Schema<?> schema) {
    if (schema.get$ref() != null) {
      schema = resolvedSchema(schema.get$ref());
    }
    if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
      return true;
    }
    if ("integer".equals(schema.getType()) || "number".equals(schema.getType())) {
      return schema.getMinimum() != null && schema.getMaximum() != null;
    }
    if ("string".equals(schema.getType())) {
      return schema.getMaxLength() != null && schema.getMinLength() != null && schema.getMinLength() >= 1;
    }
    return false;
  }

  private static Schema<?> resolvedSchema(String ref) {
    return resolved.getComponents().getSchemas().get(ref.substring(ref.lastIndexOf('/') + 1));
  }

  private static Map<String, Operation> operations() {
    Map<String, Operation> byId = new java.util.LinkedHashMap<>();
    resolved.getPaths().values().forEach(item ->
        item.readOperations().forEach(op -> byId.put(op.getOperationId(), op)));
    return byId;
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
