package io.passport.customers.contract;

import static au.com.dius.pact.consumer.dsl.LambdaDsl.newJsonBody;

import au.com.dius.pact.consumer.dsl.DslPart;
import java.time.Instant;

/**
 * The one place for the contract's participant names and its example values, and the bodies it
 * expects. Bodies are Postel-minimal: only what the client reads (customer ids, the pagination info,
 * {@code access_token} and {@code expires_in}, and on List Customers' 404 the "no customers" marker),
 * matched by type or by a pattern no narrower than {@code openapi/customers.yaml}, except where the
 * client relies on the value itself: page numbers, and counts (and the pinned snapshot) wherever the
 * provider state fixes them.
 *
 * <p>Every value a provider must choose itself (tokens, ids, the snapshot, client credentials) comes
 * from a provider state through a {@code fromProviderState} generator; the values here are only the
 * examples the mock and {@code pact-stub-server} use. The one exception is {@link #SNAPSHOT}: the pinned
 * page's snapshot is a param the provider's state is given, so that the page can be held to it.
 */
final class ContractBodies {
  /** The consumer's name, here and in every broker command (the scripts read it from the pact). */
  static final String CONSUMER = "passport-customers-java";
  /** The provider's name, here and in every broker command (the scripts read it from the pact). */
  static final String PROVIDER = "passport-paas-customers";

  /**
   * RFC 3339 {@code date-time} as the client reads it: the zone suffix may be missing (the spec says
   * some servers leave it out; it means UTC), {@code T}/{@code Z} in either case, up to nine fraction
   * digits (protobuf's precision, and the client's).
   */
  static final String DATE_TIME =
      "^\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})?$";
  /** {@code page_params.page_size}: 1 to 100, as the spec allows. */
  static final String PAGE_SIZE = "^([1-9]|[1-9][0-9]|100)$";
  /** {@code page_params.page_number} of a first page. */
  static final String FIRST_PAGE = "^1$";
  /** {@code page_params.page_number} of any later page. */
  static final String LATER_PAGE = "^([2-9]|[1-9][0-9]{1,9})$";
  /** {@code page_params.first_request_timestamp.seconds}: an int64 within the spec's range. */
  static final String SECONDS = "^-?[0-9]{1,12}$";
  /** {@code page_params.first_request_timestamp.nanos}: 0 to 999,999,999. */
  static final String NANOS = "^[0-9]{1,9}$";
  /** The List Customers 404 that means "no customers": the provider's string code or gRPC's 5. */
  static final String NOT_FOUND_CODE = "^(NOT_FOUND|5)$";
  /** What the client sends as the token request's content type. */
  static final String JSON_REQUEST = "^application/json(;.*)?$";

  // ---- example values (the mock's, and what other consumers send to the stub) ----

  /** Example of a valid token, from state {@code a valid access token with the customer scopes}. */
  static final String TOKEN = "pact-example-token";
  /** Example token of an entity that has no customers (same state; another entity). */
  static final String TOKEN_OF_EMPTY_ENTITY = "pact-example-token-of-an-entity-without-customers";
  /** Example of an expired token, from state {@code an expired access token}. */
  static final String EXPIRED_TOKEN = "pact-example-expired-token";
  /** Example of a token without the list scope, from state {@code a token without the list scope}. */
  static final String TOKEN_WITHOUT_LIST_SCOPE = "pact-example-token-without-list-scope";
  /** Example of the token the token endpoint issues, which the client then sends. */
  static final String ISSUED_TOKEN = "pact-example-issued-token";
  /** Example client credentials, from state {@code an API client is registered}. */
  static final String CLIENT_ID = "pact-example-client";
  static final String CLIENT_SECRET = "pact-example-secret";
  /** Example id of the customer from state {@code a customer exists}. */
  static final String CUSTOMER_ID = "db7e89e7-59d8-4ab1-b675-a2ae52c3339e";
  /** Example id of the same customer when the client retrieves it with the token it was issued. */
  static final String CUSTOMER_ID_WITH_ISSUED_TOKEN = "3c5e7a9b-1d2f-4b6d-8f0a-2c4e6a8b0d13";
  /** Example identification of the customer from state {@code a customer exists}. */
  static final String IDENTIFICATION_TYPE = "CC";
  static final String IDENTIFICATION_NUMBER = "1032456789";
  /** An id no provider gives a customer. */
  static final String MISSING_CUSTOMER_ID = "00000000-0000-4000-8000-000000000000";
  /**
   * The snapshot the pinned page is pinned to: a param of state {@code customers were created before
   * and after a snapshot}, and the example page 1's {@code first_request_timestamp}.
   */
  static final Instant SNAPSHOT = Instant.parse("2025-10-09T17:35:17.864Z");
  /**
   * {@link #SNAPSHOT} as a provider may echo it in {@code first_request_timestamp}: that instant in UTC,
   * with 3 to 9 fraction digits, {@code Z}, {@code +00:00} or no suffix (which means UTC).
   */
  static final String SNAPSHOT_ECHOED = "^" + SNAPSHOT.toString().substring(0, 10) + "[Tt]"
      + SNAPSHOT.toString().substring(11, 23).replace(".", "\\.") + "0{0,6}([Zz]|[+-]00:00)?$";

  private ContractBodies() {}

  /**
   * The first page at the server's page size: at least one customer with an {@code id}, page 1, the
   * number of pages by type (the page size is the server's) and exactly {@code totalElements}, which
   * the client checks against the customers it was given.
   */
  static DslPart firstPageAtServerDefaults(String exampleCustomerId, int totalPages, int totalElements) {
    return newJsonBody(body -> {
      body.minArrayLike("customers", 1, 1, c -> c.stringType("id", exampleCustomerId));
      body.object("pagination_info", info -> {
        info.stringMatcher("first_request_timestamp", DATE_TIME, SNAPSHOT.toString());
        info.numberValue("current_page", 1);
        info.integerType("total_pages", totalPages);
        info.numberValue("total_elements", totalElements);
      });
    }).build();
  }

  /**
   * A page of one customer (page size 1, or a filter that matches one): exactly one customer with an
   * {@code id}, and the page number and both counts exact, as the client relies on them to know when a
   * listing is complete. {@code timestamp} is the pattern {@code first_request_timestamp} must match.
   */
  static DslPart pageOfOne(String exampleCustomerId, int currentPage, int totalPages, int totalElements,
      String timestamp) {
    return newJsonBody(body -> {
      body.minMaxArrayLike("customers", 1, 1, 1, c -> c.stringType("id", exampleCustomerId));
      body.object("pagination_info", info -> {
        info.stringMatcher("first_request_timestamp", timestamp, SNAPSHOT.toString());
        info.numberValue("current_page", currentPage);
        info.numberValue("total_pages", totalPages);
        info.numberValue("total_elements", totalElements);
      });
    }).build();
  }

  /** One customer as Retrieve Customer returns it: the client relies on its {@code id}. */
  static DslPart customer(String exampleId) {
    return newJsonBody(body -> body.stringType("id", exampleId)).build();
  }

  /** An issued token as the client reads it. */
  static DslPart token() {
    return newJsonBody(body -> {
      body.stringType("access_token", ISSUED_TOKEN);
      body.integerType("expires_in", 3600);
    }).build();
  }

  /** The List Customers 404 body the client takes for "no customers": its code, nothing else. */
  static DslPart noCustomersError() {
    return newJsonBody(body -> body.stringMatcher("code", NOT_FOUND_CODE, "NOT_FOUND")).build();
  }
}
