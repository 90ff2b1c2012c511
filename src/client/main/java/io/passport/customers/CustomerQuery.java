package io.passport.customers;

import io.passport.customers.internal.ListParameters;
import io.passport.customers.internal.QueryParameter;
import io.passport.customers.model.OrderDirection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * The parameters of one List Customers request: page size and number, ordering, the three filters,
 * and the snapshot timestamp that pins later pages to the first one. Every value is checked when the
 * query is built, so a bad one fails before any network call with a message that names the parameter
 * and what it allows. Unset values are left off the request and the server's defaults apply.
 *
 * <p>Immutable and thread-safe.
 */
public final class CustomerQuery {
  /** The smallest page size the API accepts ({@link Limits#MIN_PAGE_SIZE}). */
  public static final int MIN_PAGE_SIZE = Limits.MIN_PAGE_SIZE;
  /** The largest page size the API accepts ({@link Limits#MAX_PAGE_SIZE}). */
  public static final int MAX_PAGE_SIZE = Limits.MAX_PAGE_SIZE;
  /** Earliest snapshot the API accepts ({@link Limits#MIN_SNAPSHOT}). */
  public static final Instant MIN_SNAPSHOT = Limits.MIN_SNAPSHOT;
  /** Latest snapshot the API accepts ({@link Limits#MAX_SNAPSHOT}). */
  public static final Instant MAX_SNAPSHOT = Limits.MAX_SNAPSHOT;

  private static final CustomerQuery ALL = builder().build();

  /** The values set, by parameter, in the order they go on the wire ({@link ListParameters#ALL}); never a null value. */
  private final Map<QueryParameter<?>, Object> values;

  private CustomerQuery(Builder b) {
    Map<QueryParameter<?>, Object> ordered = new LinkedHashMap<>();
    for (QueryParameter<?> parameter : ListParameters.ALL) {
      Object value = b.values.get(parameter);
      if (value != null) {
        ordered.put(parameter, value);
      }
    }
    this.values = Collections.unmodifiableMap(ordered);
  }

  /** {@return a query with nothing set: every customer, in the server's default order and page size} */
  public static CustomerQuery all() {
    return ALL;
  }

  /** {@return an empty builder} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding this query's values} */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.values.putAll(values);
    return b;
  }

  /** {@return {@code page_params.page_size}, or null for the server's default} */
  public @Nullable Integer pageSize() {
    return get(ListParameters.PAGE_SIZE);
  }

  /** {@return {@code page_params.page_number} (from 1), or null for the first page} */
  public @Nullable Integer pageNumber() {
    return get(ListParameters.PAGE_NUMBER);
  }

  /** {@return {@code order_params.order_key}, or null for the server's default ({@code created_at})} */
  public @Nullable OrderKey orderKey() {
    return get(ListParameters.ORDER_KEY);
  }

  /** {@return {@code order_params.order_direction}, or null for the server's default} */
  public @Nullable OrderDirection orderDirection() {
    return get(ListParameters.ORDER_DIRECTION);
  }

  /** {@return the {@code identification_type} filter, or null} */
  public @Nullable String identificationType() {
    return get(ListParameters.IDENTIFICATION_TYPE);
  }

  /** {@return the {@code identification_number} filter, or null} */
  public @Nullable String identificationNumber() {
    return get(ListParameters.IDENTIFICATION_NUMBER);
  }

  /** {@return the {@code customer_id} filter, or null} */
  public @Nullable String customerId() {
    return get(ListParameters.CUSTOMER_ID);
  }

  /** {@return the snapshot the pages are cut from ({@code page_params.first_request_timestamp}), or null} */
  public @Nullable Instant snapshot() {
    return get(ListParameters.SNAPSHOT);
  }

  /** {@code page_params.first_request_timestamp.seconds}: whole seconds of the snapshot, or null. */
  @Nullable Long snapshotSeconds() {
    Instant snapshot = snapshot();
    return snapshot == null ? null : snapshot.getEpochSecond();
  }

  /** {@code page_params.first_request_timestamp.nanos}: always 0..999,999,999, or null. */
  @Nullable Integer snapshotNanos() {
    Instant snapshot = snapshot();
    return snapshot == null ? null : snapshot.getNano();
  }

  CustomerQuery withPage(int page) {
    return toBuilder().pageNumber(page).build();
  }

  CustomerQuery withSnapshot(Instant pinned) {
    return toBuilder().snapshot(pinned).build();
  }

  /**
   * The query parameters to send, by wire name, in the spec's order: only the values set, each formatted
   * as the wire carries it (the snapshot as its {@code .seconds} and {@code .nanos}).
   */
  Map<String, String> wireParameters() {
    Map<String, String> wire = new LinkedHashMap<>();
    values.forEach((parameter, value) -> putOnWire(parameter, value, wire));
    return wire;
  }

  private static <T> void putOnWire(QueryParameter<T> parameter, Object value, Map<String, String> wire) {
    parameter.putOnWire(parameter.type().cast(value), wire);
  }

  private <T> @Nullable T get(QueryParameter<T> parameter) {
    return parameter.type().cast(values.get(parameter));
  }

  /** {@return whether {@code o} is a query with the same values} */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof CustomerQuery other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  /** {@return the values set, by their Java names, such as {@code CustomerQuery{pageSize=20, identificationType=CC}}} */
  @Override
  public String toString() {
    StringJoiner s = new StringJoiner(", ", "CustomerQuery{", "}");
    values.forEach((parameter, value) -> s.add(parameter.javaName() + "=" + value));
    return s.toString();
  }

  /**
   * Builds a {@link CustomerQuery}. Each setter checks its argument at once and throws {@link
   * IllegalArgumentException} naming the parameter and the allowed values; null clears a value. Not
   * thread-safe.
   */
  public static final class Builder {
    private final Map<QueryParameter<?>, Object> values = new HashMap<>();

    private Builder() {}

    /**
     * Customers per page ({@code page_params.page_size}): 1 to 100.
     *
     * @param pageSize customers per page, or null for the server's default
     * @return this builder
     */
    public Builder pageSize(@Nullable Integer pageSize) {
      return set(ListParameters.PAGE_SIZE, pageSize);
    }

    /**
     * The page to fetch ({@code page_params.page_number}): 1 to 2147483647.
     *
     * @param pageNumber the page, or null for the first
     * @return this builder
     */
    public Builder pageNumber(@Nullable Integer pageNumber) {
      return set(ListParameters.PAGE_NUMBER, pageNumber);
    }

    /**
     * The field to sort by ({@code order_params.order_key}): one of the {@link OrderKey} constants,
     * or {@link OrderKey#of(String)} for a key this client does not know yet.
     *
     * @param orderKey the field, or null for the server's default
     * @return this builder
     */
    public Builder orderKey(@Nullable OrderKey orderKey) {
      return set(ListParameters.ORDER_KEY, orderKey);
    }

    /**
     * The same as {@link #orderKey(OrderKey)} with {@link OrderKey#of(String) OrderKey.of(orderKey)}:
     * a lower-case field name of at most {@value Limits#MAX_ORDER_KEY_LENGTH} characters, such as
     * {@code created_at}, {@code updated_at}, {@code business_name} or {@code identification_number}.
     *
     * @param orderKey the field name, or null for the server's default
     * @return this builder
     */
    public Builder orderKey(@Nullable String orderKey) {
      return orderKey(orderKey == null ? null : OrderKey.of(orderKey));
    }

    /**
     * The sort direction ({@code order_params.order_direction}): ASC or DESC.
     *
     * @param orderDirection the direction, or null for the server's default
     * @return this builder
     */
    public Builder orderDirection(@Nullable OrderDirection orderDirection) {
      return set(ListParameters.ORDER_DIRECTION, orderDirection);
    }

    /**
     * Only customers with this identification type ({@code identification_type}), such as NIT or CC: 1 to 32 characters.
     *
     * @param identificationType the type, or null for no filter
     * @return this builder
     */
    public Builder identificationType(@Nullable String identificationType) {
      return set(ListParameters.IDENTIFICATION_TYPE, identificationType);
    }

    /**
     * Only customers with this identification number ({@code identification_number}): 1 to 64 characters.
     *
     * @param identificationNumber the number, or null for no filter
     * @return this builder
     */
    public Builder identificationNumber(@Nullable String identificationNumber) {
      return set(ListParameters.IDENTIFICATION_NUMBER, identificationNumber);
    }

    /**
     * Only the customer with this id ({@code customer_id}): 1 to 64 characters.
     *
     * @param customerId the id, or null for no filter
     * @return this builder
     */
    public Builder customerId(@Nullable String customerId) {
      return set(ListParameters.CUSTOMER_ID, customerId);
    }

    /**
     * Pins the pages to the snapshot of an earlier first page ({@code
     * page_params.first_request_timestamp}): 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z.
     * Paging through {@link PassportCustomersClient#listAll} sets it by itself.
     *
     * @param snapshot the first page's timestamp, or null to let the first page set it
     * @return this builder
     */
    public Builder snapshot(@Nullable Instant snapshot) {
      return set(ListParameters.SNAPSHOT, snapshot);
    }

    /**
     * The same as {@link #snapshot(Instant)}, from the timestamp a page's pagination info carries.
     *
     * @param firstRequestTimestamp a page's {@code pagination_info.first_request_timestamp}, or null
     * @return this builder
     */
    public Builder snapshot(@Nullable OffsetDateTime firstRequestTimestamp) {
      return snapshot(firstRequestTimestamp == null ? null : firstRequestTimestamp.toInstant());
    }

    /** {@return the query} */
    public CustomerQuery build() {
      return new CustomerQuery(this);
    }

    private <T> Builder set(QueryParameter<T> parameter, @Nullable T value) {
      if (parameter.check(value) == null) {
        values.remove(parameter);
      } else {
        values.put(parameter, value);
      }
      return this;
    }
  }
}
