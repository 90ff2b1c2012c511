package io.passport.customers.sandbox;

import io.passport.customers.Limits;
import io.passport.customers.OrderKey;
import io.passport.customers.model.Customer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The parameters of one List Customers request, parsed and checked as the spec allows: the page, the
 * snapshot it is pinned to (if any), the order and the filters. A bad value fails with a message that
 * names the parameter and what it allows, which the sandbox answers as a 400. Immutable and thread-safe.
 *
 * @param pageSize customers per page
 * @param pageNumber the page, from {@link Limits#FIRST_PAGE}
 * @param snapshot the snapshot the request is pinned to, or null for a new one
 * @param orderKey one of {@link CustomerStore#ORDER_KEYS}
 * @param descending whether the order is descending
 * @param identificationNumber the filter on it, or null
 * @param customerId the filter on it, or null
 * @param identificationType the filter on it, or null
 */
record ListQuery(int pageSize, int pageNumber, Instant snapshot, String orderKey, boolean descending,
    String identificationNumber, String customerId, String identificationType) {
  private static final String SECONDS = "page_params.first_request_timestamp.seconds";
  private static final String NANOS = "page_params.first_request_timestamp.nanos";
  private static final String UNSPECIFIED = "ORDER_DIRECTION_ENUM_UNSPECIFIED";
  private static final Set<String> DIRECTIONS = Set.of(UNSPECIFIED, "ASC", "DESC");

  /**
   * Checks decoded parameters (see {@link #decode}).
   *
   * @param query the parameters by name
   * @return the parsed query
   * @throws IllegalArgumentException naming the first bad parameter, what it allows and what was sent
   */
  static ListQuery parse(Map<String, String> query) {
    int pageSize = (int) number(query, "page_params.page_size", Limits.DEFAULT_PAGE_SIZE,
        Limits.MIN_PAGE_SIZE, Limits.MAX_PAGE_SIZE);
    int pageNumber = (int) number(query, "page_params.page_number", Limits.FIRST_PAGE, Limits.FIRST_PAGE,
        Integer.MAX_VALUE);
    long seconds = number(query, SECONDS, 0, Limits.MIN_SNAPSHOT.getEpochSecond(),
        Limits.MAX_SNAPSHOT.getEpochSecond());
    long nanos = number(query, NANOS, 0, 0, 999_999_999);
    boolean pinned = query.containsKey(SECONDS) || query.containsKey(NANOS);
    String orderKey = query.getOrDefault("order_params.order_key", OrderKey.CREATED_AT.value());
    if (!CustomerStore.ORDER_KEYS.containsKey(orderKey)) {
      throw new IllegalArgumentException("order_params.order_key must be one of "
          + OrderKey.knownList() + ", but was \"" + orderKey + "\"");
    }
    String direction = query.getOrDefault("order_params.order_direction", UNSPECIFIED);
    if (!DIRECTIONS.contains(direction)) {
      throw new IllegalArgumentException("order_params.order_direction must be one of"
          + " ORDER_DIRECTION_ENUM_UNSPECIFIED, ASC, DESC, but was \"" + direction + "\"");
    }
    return new ListQuery(pageSize, pageNumber, pinned ? Instant.ofEpochSecond(seconds, nanos) : null,
        orderKey, direction.equals("DESC"),
        filter(query, "identification_number", Limits.MAX_ID_LENGTH),
        filter(query, "customer_id", Limits.MAX_ID_LENGTH),
        filter(query, "identification_type", Limits.MAX_IDENTIFICATION_TYPE_LENGTH));
  }

  /** {@return whether any filter is set} */
  boolean filtered() {
    return identificationNumber != null || customerId != null || identificationType != null;
  }

  /** {@return the customers the filters let through (all when none is set)} */
  Predicate<Customer> matches() {
    return c -> (identificationNumber == null || identificationNumber.equals(c.getIdentificationNumber()))
        && (customerId == null || customerId.equals(c.getId()))
        && (identificationType == null || identificationType.equals(c.getIdentificationType()));
  }

  /** {@return how many pages {@code totalElements} customers fill} */
  int totalPages(long totalElements) {
    return (int) ((totalElements + pageSize - 1) / pageSize);
  }

  /**
   * Decodes a raw (still percent-encoded) query string into parameters by name; of a parameter sent
   * twice, the first counts.
   *
   * @param raw the query, or null for none
   * @return the parameters, in the order sent
   * @throws IllegalArgumentException from {@link URLDecoder} for a malformed percent-escape
   */
  static Map<String, String> decode(String raw) {
    Map<String, String> params = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.putIfAbsent(name, value);
    }
    return params;
  }

  private static long number(Map<String, String> query, String name, long absent, long min, long max) {
    String value = query.get(name);
    if (value == null) {
      return absent;
    }
    try {
      long parsed = Long.parseLong(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        name + " must be an integer between " + min + " and " + max + ", but was \"" + value + "\"");
  }

  /** A filter's value, or null when it is not sent; 1 to {@code maxLength} characters, as the spec allows. */
  private static String filter(Map<String, String> query, String name, int maxLength) {
    String value = query.get(name);
    if (value != null && (value.isEmpty() || value.length() > maxLength)) {
      throw new IllegalArgumentException(name + " must be 1 to " + maxLength + " characters, but was "
          + value.length());
    }
    return value;
  }
}
