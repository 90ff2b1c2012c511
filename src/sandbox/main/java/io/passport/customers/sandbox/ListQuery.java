package io.passport.customers.sandbox;

import io.passport.customers.Limits;
import io.passport.customers.OrderKey;
import io.passport.customers.internal.ListParameters;
import io.passport.customers.internal.ListParameters.Filter;
import io.passport.customers.internal.ListParameters.Range;
import io.passport.customers.model.Customer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
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
 * @param filters the value of each filter sent ({@link ListParameters#FILTERS}), in the spec's order
 */
record ListQuery(int pageSize, int pageNumber, Instant snapshot, String orderKey, boolean descending,
    Map<Filter, String> filters) {
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
    int pageSize = number(query, ListParameters.PAGE_SIZE, Limits.DEFAULT_PAGE_SIZE);
    int pageNumber = number(query, ListParameters.PAGE_NUMBER, Limits.FIRST_PAGE);
    long seconds = number(query, ListParameters.SNAPSHOT_SECONDS, 0L);
    int nanos = number(query, ListParameters.SNAPSHOT_NANOS, 0);
    boolean pinned = query.containsKey(ListParameters.SNAPSHOT_SECONDS.wireName())
        || query.containsKey(ListParameters.SNAPSHOT_NANOS.wireName());
    String orderKey = query.getOrDefault(ListParameters.ORDER_KEY.wireName(), OrderKey.CREATED_AT.value());
    if (!CustomerStore.ORDER_KEYS.containsKey(orderKey)) {
      throw new IllegalArgumentException(ListParameters.ORDER_KEY.wireName() + " must be one of "
          + OrderKey.knownList() + ", but was \"" + orderKey + "\"");
    }
    String direction = query.getOrDefault(ListParameters.ORDER_DIRECTION.wireName(), UNSPECIFIED);
    if (!DIRECTIONS.contains(direction)) {
      throw new IllegalArgumentException(ListParameters.ORDER_DIRECTION.wireName() + " must be one of"
          + " ORDER_DIRECTION_ENUM_UNSPECIFIED, ASC, DESC, but was \"" + direction + "\"");
    }
    Map<Filter, String> filters = new LinkedHashMap<>();
    for (Filter filter : ListParameters.FILTERS) {
      String value = query.get(filter.wireName());
      if (value != null) {
        filters.put(filter, filter.parse(value));
      }
    }
    return new ListQuery(pageSize, pageNumber, pinned ? Instant.ofEpochSecond(seconds, nanos) : null,
        orderKey, direction.equals("DESC"), Collections.unmodifiableMap(filters));
  }

  /** {@return whether any filter is set} */
  boolean filtered() {
    return !filters.isEmpty();
  }

  /** {@return the customers the filters let through (all when none is set)} */
  Predicate<Customer> matches() {
    return c -> filters.entrySet().stream().allMatch(f -> f.getValue().equals(f.getKey().of(c)));
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

  private static <T extends Number> T number(Map<String, String> query, Range<T> parameter, T absent) {
    String value = query.get(parameter.wireName());
    return value == null ? absent : parameter.parse(value);
  }
}
