package io.passport.customers.internal;

import io.passport.customers.Limits;
import io.passport.customers.OrderKey;
import io.passport.customers.model.Customer;
import io.passport.customers.model.OrderDirection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;

/**
 * The query parameters of List Customers, each defined once, in the spec's order (which is the order they
 * go on the wire in): its Java name, wire name and rule. {@code CustomerQuery} holds its values by these,
 * checks them with them and sends them under their wire names; the command-line tool's options and the
 * sandbox's request parsing check values with the same rules. A new filter is one {@link Filter} here,
 * added to {@link #FILTERS} (and to the spec): the query, the wire and the sandbox's parsing and matching
 * follow from it; {@code CustomerQuery} adds its typed getter and builder method, the CLI its option.
 *
 * <p>Constants only; not instantiable.
 */
public final class ListParameters {
  /** {@code page_params.page_size}: customers per page. */
  public static final Range<Integer> PAGE_SIZE =
      Range.ofInt("pageSize", "page_params.page_size", Limits.MIN_PAGE_SIZE, Limits.MAX_PAGE_SIZE);
  /** {@code page_params.page_number}: the page, from 1. */
  public static final Range<Integer> PAGE_NUMBER =
      Range.ofInt("pageNumber", "page_params.page_number", Limits.FIRST_PAGE, Integer.MAX_VALUE);
  /** The snapshot the pages are cut from; on the wire as {@link #SNAPSHOT_SECONDS} and {@link #SNAPSHOT_NANOS}. */
  public static final QueryParameter<Instant> SNAPSHOT = new QueryParameter<>("snapshot",
      "page_params.first_request_timestamp", Instant.class, snapshot -> {
        if (snapshot.isBefore(Limits.MIN_SNAPSHOT) || snapshot.isAfter(Limits.MAX_SNAPSHOT)) {
          throw new IllegalArgumentException("snapshot (page_params.first_request_timestamp) must be between "
              + Limits.MIN_SNAPSHOT + " and " + Limits.MAX_SNAPSHOT + ", but was " + snapshot);
        }
        return snapshot;
      }) {
    /** Whole seconds and non-negative nanos, as a protobuf Timestamp splits an instant. */
    @Override
    public void putOnWire(Instant snapshot, Map<String, String> wire) {
      wire.put(wireName() + ".seconds", Long.toString(snapshot.getEpochSecond()));
      wire.put(wireName() + ".nanos", Integer.toString(snapshot.getNano()));
    }
  };
  /** {@code page_params.first_request_timestamp.seconds}: the snapshot's whole seconds. */
  public static final Range<Long> SNAPSHOT_SECONDS = new Range<>("snapshot", SNAPSHOT.wireName() + ".seconds",
      Long.class, Limits.MIN_SNAPSHOT.getEpochSecond(), Limits.MAX_SNAPSHOT.getEpochSecond(), v -> v);
  /** {@code page_params.first_request_timestamp.nanos}: the snapshot's fraction of a second. */
  public static final Range<Integer> SNAPSHOT_NANOS =
      Range.ofInt("snapshot", SNAPSHOT.wireName() + ".nanos", 0, 999_999_999);
  /** {@code order_params.order_key}: checked by {@link OrderKey#of(String)}. */
  public static final QueryParameter<OrderKey> ORDER_KEY =
      new QueryParameter<>("orderKey", "order_params.order_key", OrderKey.class, key -> key);
  /** {@code order_params.order_direction}: any {@link OrderDirection}. */
  public static final QueryParameter<OrderDirection> ORDER_DIRECTION =
      new QueryParameter<>("orderDirection", "order_params.order_direction", OrderDirection.class, d -> d);
  /** {@code identification_number}: only customers with exactly this identification number. */
  public static final Filter IDENTIFICATION_NUMBER =
      new Filter("identificationNumber", "identification_number", Limits.MAX_ID_LENGTH, Customer::getIdentificationNumber);
  /**
   * {@code customer_id}: only the customer with this id. The same rule holds for the id of Retrieve
   * Customer's path ({@code GET /v1/customers/{customer_id}}).
   */
  public static final Filter CUSTOMER_ID = new Filter("customerId", "customer_id", Limits.MAX_ID_LENGTH, Customer::getId);
  /** {@code identification_type}: only customers with this kind of identification document. */
  public static final Filter IDENTIFICATION_TYPE = new Filter("identificationType", "identification_type",
      Limits.MAX_IDENTIFICATION_TYPE_LENGTH, Customer::getIdentificationType);

  /** The filters, in the spec's order: a customer is listed when it matches every one set. */
  public static final List<Filter> FILTERS = List.of(IDENTIFICATION_NUMBER, CUSTOMER_ID, IDENTIFICATION_TYPE);

  /** Every value a query holds, in the order they go on the wire: the page, the snapshot, the order, the filters. */
  public static final List<QueryParameter<?>> ALL = all();

  private ListParameters() {}

  private static List<QueryParameter<?>> all() {
    List<QueryParameter<?>> all = new java.util.ArrayList<>(List.of(PAGE_SIZE, PAGE_NUMBER, SNAPSHOT, ORDER_KEY,
        ORDER_DIRECTION));
    all.addAll(FILTERS);
    return List.copyOf(all);
  }

  /**
   * The rule of {@code parallelism}, the pages a listing fetches at once: {@value Limits#MIN_PARALLELISM}
   * to {@value Limits#MAX_PARALLELISM}.
   *
   * @param parallelism the value
   * @return {@code parallelism}
   * @throws IllegalArgumentException naming {@code parallelism}, what it allows and what it got
   */
  public static int checkParallelism(int parallelism) {
    if (parallelism < Limits.MIN_PARALLELISM || parallelism > Limits.MAX_PARALLELISM) {
      throw new IllegalArgumentException("parallelism must be between " + Limits.MIN_PARALLELISM + " and "
          + Limits.MAX_PARALLELISM + ", but was " + parallelism);
    }
    return parallelism;
  }

  /**
   * A whole number between two bounds. {@link #check} is the Java API's rule; {@link #parse} reads the
   * same rule's value from the wire (the sandbox), naming the parameter by its wire name.
   *
   * @param <T> {@link Integer} or {@link Long}
   */
  public static final class Range<T extends Number> extends QueryParameter<T> {
    private final long min;
    private final long max;
    private final LongFunction<T> fromLong;

    Range(String javaName, String wireName, Class<T> type, long min, long max, LongFunction<T> fromLong) {
      super(javaName, wireName, type, value -> {
        if (value.longValue() < min || value.longValue() > max) {
          throw new IllegalArgumentException(
              javaName + " (" + wireName + ") must be between " + min + " and " + max + ", but was " + value);
        }
        return value;
      });
      this.min = min;
      this.max = max;
      this.fromLong = fromLong;
    }

    static Range<Integer> ofInt(String javaName, String wireName, int min, int max) {
      return new Range<>(javaName, wireName, Integer.class, min, max, v -> (int) v);
    }

    /** {@return the smallest value allowed} */
    public long min() {
      return min;
    }

    /** {@return the largest value allowed} */
    public long max() {
      return max;
    }

    /**
     * Reads a value as the wire carries it.
     *
     * @param text the decimal text sent
     * @return the value
     * @throws IllegalArgumentException naming the wire parameter, what it allows and what was sent
     */
    public T parse(String text) {
      try {
        long value = Long.parseLong(text);
        if (value >= min && value <= max) {
          return fromLong.apply(value);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(
          wireName() + " must be an integer between " + min + " and " + max + ", but was \"" + text + "\"");
    }
  }

  /**
   * A filter on one text field of the customer. Its rule ({@link #check}): 1 to {@link #maxLength()}
   * characters, not blank, no control characters. The spec states the length; a customer id is a UUID and
   * the other filters are document numbers and codes, so a blank value or a control character can only
   * be a mistake, caught before any network call. The sandbox, which must accept whatever the spec
   * allows, holds a request to the spec's part of the rule ({@link #parse}): such a value matches no
   * customer there.
   */
  public static final class Filter extends QueryParameter<String> {
    private final int maxLength;
    private final Function<Customer, @Nullable String> field;

    Filter(String javaName, String wireName, int maxLength, Function<Customer, @Nullable String> field) {
      super(javaName, wireName, String.class, value -> text(javaName + " (" + wireName + ")", value, maxLength));
      this.maxLength = maxLength;
      this.field = field;
    }

    /** {@return the longest value allowed; the shortest is 1 character} */
    public int maxLength() {
      return maxLength;
    }

    /** {@return the customer's value of the field this filter compares, or null} */
    public @Nullable String of(Customer customer) {
      return field.apply(customer);
    }

    /**
     * Reads a value as the wire carries it, held to the spec's part of the rule: 1 to {@link #maxLength()}
     * characters.
     *
     * @param text the decoded value sent
     * @return {@code text}
     * @throws IllegalArgumentException naming the wire parameter, what it allows and what was sent
     */
    public String parse(String text) {
      if (text.isEmpty() || text.length() > maxLength) {
        throw new IllegalArgumentException(
            wireName() + " must be 1 to " + maxLength + " characters, but was " + text.length());
      }
      return text;
    }

    private static String text(String label, String value, int maxLength) {
      if (value.isBlank() || value.length() > maxLength) {
        throw new IllegalArgumentException(label + " must be 1 to " + maxLength + " characters and not blank, but was "
            + (value.isBlank() ? "blank" : value.length() + " characters long"));
      }
      if (value.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException(label + " must not contain control characters");
      }
      return value;
    }
  }
}
