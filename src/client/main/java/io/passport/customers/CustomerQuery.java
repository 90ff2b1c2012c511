package io.passport.customers;

import io.passport.customers.model.OrderDirection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
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

  static final int MAX_FILTER_LENGTH = Limits.MAX_ID_LENGTH;
  static final int MAX_IDENTIFICATION_TYPE_LENGTH = Limits.MAX_IDENTIFICATION_TYPE_LENGTH;

  private static final CustomerQuery ALL = builder().build();

  private final @Nullable Integer pageSize;
  private final @Nullable Integer pageNumber;
  private final @Nullable OrderKey orderKey;
  private final @Nullable OrderDirection orderDirection;
  private final @Nullable String identificationType;
  private final @Nullable String identificationNumber;
  private final @Nullable String customerId;
  private final @Nullable Instant snapshot;

  private CustomerQuery(Builder b) {
    this.pageSize = b.pageSize;
    this.pageNumber = b.pageNumber;
    this.orderKey = b.orderKey;
    this.orderDirection = b.orderDirection;
    this.identificationType = b.identificationType;
    this.identificationNumber = b.identificationNumber;
    this.customerId = b.customerId;
    this.snapshot = b.snapshot;
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
    b.pageSize = pageSize;
    b.pageNumber = pageNumber;
    b.orderKey = orderKey;
    b.orderDirection = orderDirection;
    b.identificationType = identificationType;
    b.identificationNumber = identificationNumber;
    b.customerId = customerId;
    b.snapshot = snapshot;
    return b;
  }

  /** {@return {@code page_params.page_size}, or null for the server's default} */
  public @Nullable Integer pageSize() {
    return pageSize;
  }

  /** {@return {@code page_params.page_number} (from 1), or null for the first page} */
  public @Nullable Integer pageNumber() {
    return pageNumber;
  }

  /** {@return {@code order_params.order_key}, or null for the server's default ({@code created_at})} */
  public @Nullable OrderKey orderKey() {
    return orderKey;
  }

  /** {@return {@code order_params.order_direction}, or null for the server's default} */
  public @Nullable OrderDirection orderDirection() {
    return orderDirection;
  }

  /** {@return the {@code identification_type} filter, or null} */
  public @Nullable String identificationType() {
    return identificationType;
  }

  /** {@return the {@code identification_number} filter, or null} */
  public @Nullable String identificationNumber() {
    return identificationNumber;
  }

  /** {@return the {@code customer_id} filter, or null} */
  public @Nullable String customerId() {
    return customerId;
  }

  /** {@return the snapshot the pages are cut from ({@code page_params.first_request_timestamp}), or null} */
  public @Nullable Instant snapshot() {
    return snapshot;
  }

  /** {@code page_params.first_request_timestamp.seconds}: whole seconds of the snapshot, or null. */
  @Nullable Long snapshotSeconds() {
    return snapshot == null ? null : snapshot.getEpochSecond();
  }

  /** {@code page_params.first_request_timestamp.nanos}: always 0..999,999,999, or null. */
  @Nullable Integer snapshotNanos() {
    return snapshot == null ? null : snapshot.getNano();
  }

  CustomerQuery withPage(int page) {
    return toBuilder().pageNumber(page).build();
  }

  CustomerQuery withSnapshot(Instant pinned) {
    return toBuilder().snapshot(pinned).build();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof CustomerQuery other)) {
      return false;
    }
    return Objects.equals(pageSize, other.pageSize)
        && Objects.equals(pageNumber, other.pageNumber)
        && Objects.equals(orderKey, other.orderKey)
        && orderDirection == other.orderDirection
        && Objects.equals(identificationType, other.identificationType)
        && Objects.equals(identificationNumber, other.identificationNumber)
        && Objects.equals(customerId, other.customerId)
        && Objects.equals(snapshot, other.snapshot);
  }

  @Override
  public int hashCode() {
    return Objects.hash(pageSize, pageNumber, orderKey, orderDirection, identificationType,
        identificationNumber, customerId, snapshot);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("CustomerQuery{");
    append(s, "pageSize", pageSize);
    append(s, "pageNumber", pageNumber);
    append(s, "orderKey", orderKey);
    append(s, "orderDirection", orderDirection);
    append(s, "identificationType", identificationType);
    append(s, "identificationNumber", identificationNumber);
    append(s, "customerId", customerId);
    append(s, "snapshot", snapshot);
    if (s.charAt(s.length() - 1) == ' ') {
      s.setLength(s.length() - 2);
    }
    return s.append('}').toString();
  }

  private static void append(StringBuilder s, String name, Object value) {
    if (value != null) {
      s.append(name).append('=').append(value).append(", ");
    }
  }

  /**
   * Builds a {@link CustomerQuery}. Each setter checks its argument at once and throws {@link
   * IllegalArgumentException} naming the parameter and the allowed values; null clears a value. Not
   * thread-safe.
   */
  public static final class Builder {
    private @Nullable Integer pageSize;
    private @Nullable Integer pageNumber;
    private @Nullable OrderKey orderKey;
    private @Nullable OrderDirection orderDirection;
    private @Nullable String identificationType;
    private @Nullable String identificationNumber;
    private @Nullable String customerId;
    private @Nullable Instant snapshot;

    private Builder() {}

    /**
     * Customers per page ({@code page_params.page_size}): 1 to 100.
     *
     * @param pageSize customers per page, or null for the server's default
     * @return this builder
     */
    public Builder pageSize(@Nullable Integer pageSize) {
      this.pageSize = checkRange("pageSize (page_params.page_size)", pageSize, MIN_PAGE_SIZE, MAX_PAGE_SIZE);
      return this;
    }

    /**
     * The page to fetch ({@code page_params.page_number}): 1 to 2147483647.
     *
     * @param pageNumber the page, or null for the first
     * @return this builder
     */
    public Builder pageNumber(@Nullable Integer pageNumber) {
      this.pageNumber = checkRange("pageNumber (page_params.page_number)", pageNumber, 1, Integer.MAX_VALUE);
      return this;
    }

    /**
     * The field to sort by ({@code order_params.order_key}): one of the {@link OrderKey} constants,
     * or {@link OrderKey#of(String)} for a key this client does not know yet.
     *
     * @param orderKey the field, or null for the server's default
     * @return this builder
     */
    public Builder orderKey(@Nullable OrderKey orderKey) {
      this.orderKey = orderKey;
      return this;
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
      this.orderDirection = orderDirection;
      return this;
    }

    /**
     * Only customers with this identification type ({@code identification_type}), such as NIT or CC: 1 to 32 characters.
     *
     * @param identificationType the type, or null for no filter
     * @return this builder
     */
    public Builder identificationType(@Nullable String identificationType) {
      this.identificationType =
          checkText("identificationType (identification_type)", identificationType, MAX_IDENTIFICATION_TYPE_LENGTH);
      return this;
    }

    /**
     * Only customers with this identification number ({@code identification_number}): 1 to 64 characters.
     *
     * @param identificationNumber the number, or null for no filter
     * @return this builder
     */
    public Builder identificationNumber(@Nullable String identificationNumber) {
      this.identificationNumber =
          checkText("identificationNumber (identification_number)", identificationNumber, MAX_FILTER_LENGTH);
      return this;
    }

    /**
     * Only the customer with this id ({@code customer_id}): 1 to 64 characters.
     *
     * @param customerId the id, or null for no filter
     * @return this builder
     */
    public Builder customerId(@Nullable String customerId) {
      this.customerId = checkText("customerId (customer_id)", customerId, MAX_FILTER_LENGTH);
      return this;
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
      if (snapshot != null && (snapshot.isBefore(MIN_SNAPSHOT) || snapshot.isAfter(MAX_SNAPSHOT))) {
        throw new IllegalArgumentException(
            "snapshot (page_params.first_request_timestamp) must be between " + MIN_SNAPSHOT + " and "
                + MAX_SNAPSHOT + ", but was " + snapshot);
      }
      this.snapshot = snapshot;
      return this;
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

    private static @Nullable Integer checkRange(String name, @Nullable Integer value, int min, int max) {
      if (value != null && (value < min || value > max)) {
        throw new IllegalArgumentException(
            name + " must be between " + min + " and " + max + ", but was " + value);
      }
      return value;
    }

    private static @Nullable String checkText(String name, @Nullable String value, int maxLength) {
      if (value == null) {
        return null;
      }
      if (value.isBlank() || value.length() > maxLength) {
        throw new IllegalArgumentException(
            name + " must be 1 to " + maxLength + " characters and not blank, but was "
                + (value.isBlank() ? "blank" : value.length() + " characters long"));
      }
      if (value.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException(name + " must not contain control characters");
      }
      return value;
    }
  }
}
