package io.passport.customers.contract;

import au.com.dius.pact.consumer.dsl.DslPart;
import au.com.dius.pact.consumer.dsl.LambdaDslObject;
import java.util.Map;
import java.util.function.Consumer;

import static au.com.dius.pact.consumer.dsl.LambdaDsl.newJsonBody;

/** The shapes the contracts expect, with matchers where values vary and exact values where they are fixed. */
final class ContractBodies {
  static final String CONSUMER = "passport-customers-java";
  static final String PROVIDER = "passport-paas-customers";
  static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
  static final String RFC3339 = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})";
  static final String JSON = "application/json(;.*)?";
  static final String BEARER = "Bearer [A-Za-z0-9._~+/=-]+";
  static final String STATIC_TOKEN = "Bearer sandbox-token";
  static final String CUSTOMER_ID = "db7e89e7-59d8-4ab1-b675-a2ae52c3339e";

  private ContractBodies() {}

  /** A customer as the consumer reads it: every field it uses, each matched by type or format. */
  static Consumer<LambdaDslObject> customer() {
    return customer(Map.of());
  }

  /**
   * A customer, with the top-level string fields named in {@code exact} fixed to the given values
   * (a filter's field, say) and every other field matched by type or format.
   */
  static Consumer<LambdaDslObject> customer(Map<String, String> exact) {
    return c -> {
      field(c, exact, "id", UUID, CUSTOMER_ID);
      field(c, exact, "type", null, "BUSINESS");
      field(c, exact, "business_name", null, "Panadería Ñapa S.A.S.");
      field(c, exact, "email", null, "contacto@example.com");
      field(c, exact, "mobile_phone_number", "\\d{7,15}", "573956158117");
      field(c, exact, "identification_type", null, "NIT");
      field(c, exact, "identification_number", "[0-9A-Za-z-]{1,64}", "903978023");
      field(c, exact, "merchant_category_code", "\\d{4}", "5411");
      field(c, exact, "status", null, "ACTIVE");
      c.object("address", a -> {
        a.stringType("line_1", "Diagonal 46 1104");
        a.stringType("city", "Cartagena");
        a.stringType("state", "Bolívar");
        a.stringType("post_code", "130001");
        a.stringMatcher("country", "[A-Z]{2}", "CO");
      });
      field(c, exact, "created_at", RFC3339, "2025-10-09T10:40:27.446Z");
      field(c, exact, "updated_at", RFC3339, "2025-10-09T17:19:27.951Z");
    };
  }

  private static void field(LambdaDslObject o, Map<String, String> exact, String name, String regex, String example) {
    if (exact.containsKey(name)) {
      o.stringValue(name, exact.get(name));
    } else if (regex != null) {
      o.stringMatcher(name, regex, example);
    } else {
      o.stringType(name, example);
    }
  }

  /** A customer as a whole body (Retrieve Customer), with the fields in {@code exact} fixed. */
  static DslPart customerBody(Map<String, String> exact) {
    return newJsonBody(body -> customer(exact).accept(body)).build();
  }

  /** A page: at least one customer, and its pagination info with this page number fixed. */
  static DslPart page(int currentPage, int totalPages, int totalElements, Consumer<LambdaDslObject> customer) {
    return newJsonBody(body -> {
      body.minArrayLike("customers", 1, 1, customer);
      body.object("pagination_info", info -> {
        info.stringMatcher("first_request_timestamp", RFC3339, "2025-10-09T17:35:17.864Z");
        info.numberValue("current_page", currentPage);
        info.integerType("total_pages", totalPages);
        info.integerType("total_elements", totalElements);
      });
    }).build();
  }

  /** A provider-style error body with its status and code fixed. */
  static DslPart error(int status, String code) {
    return newJsonBody(body -> {
      body.stringType("message", "what went wrong");
      body.stringValue("code", code);
      body.numberValue("http_code", status);
      body.stringType("trace_id", "sbx0000000000001");
    }).build();
  }
}
