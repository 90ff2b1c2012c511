package io.passport.customers;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A field that List Customers can sort by ({@code order_params.order_key}). The keys the API documents
 * are constants ({@link #CREATED_AT}, the server's default, {@link #UPDATED_AT}, {@link
 * #BUSINESS_NAME}, {@link #IDENTIFICATION_NUMBER}); {@link #of(String)} takes a key this client does
 * not know yet, as long as it is well-formed ({@link Limits#ORDER_KEY_FORMAT}).
 *
 * <p>Immutable and thread-safe; equal when their {@link #value()}s are equal.
 */
public final class OrderKey {
  /** {@code created_at}: when the customer was created (the server's default). */
  public static final OrderKey CREATED_AT = new OrderKey("created_at");
  /** {@code updated_at}: when the customer last changed. */
  public static final OrderKey UPDATED_AT = new OrderKey("updated_at");
  /** {@code business_name}: the business name. */
  public static final OrderKey BUSINESS_NAME = new OrderKey("business_name");
  /** {@code identification_number}: the identification document's number. */
  public static final OrderKey IDENTIFICATION_NUMBER = new OrderKey("identification_number");

  /** The keys the API documents, in the spec's order. */
  public static final List<OrderKey> KNOWN = List.of(CREATED_AT, UPDATED_AT, BUSINESS_NAME, IDENTIFICATION_NUMBER);

  private final String value;

  private OrderKey(String value) {
    this.value = value;
  }

  /**
   * The key with this wire value: one of the {@link #KNOWN} constants, or a new key the API has added
   * since this client was built.
   *
   * @param value the field name as the API spells it, such as {@code created_at}
   * @return the key
   * @throws IllegalArgumentException if {@code value} is not a lower-case field name of 1 to {@value
   *     Limits#MAX_ORDER_KEY_LENGTH} letters, digits and underscores starting with a letter
   * @throws NullPointerException if {@code value} is null
   */
  public static OrderKey of(String value) {
    Objects.requireNonNull(value, "orderKey");
    for (OrderKey known : KNOWN) {
      if (known.value.equals(value)) {
        return known;
      }
    }
    if (!Limits.ORDER_KEY_FORMAT.matcher(value).matches()) {
      throw new IllegalArgumentException("orderKey (order_params.order_key) must be a lower-case field name of 1 to "
          + Limits.MAX_ORDER_KEY_LENGTH + " letters, digits and underscores starting with a letter, such as "
          + knownList() + ", but was \"" + value + "\"");
    }
    return new OrderKey(value);
  }

  /** {@return whether this is one of the keys the API documents} */
  public boolean isKnown() {
    return KNOWN.contains(this);
  }

  /** {@return the wire value, such as {@code created_at}} */
  public String value() {
    return value;
  }

  /** {@return the known keys' wire values, comma-separated: for messages} */
  public static String knownList() {
    StringBuilder s = new StringBuilder();
    for (OrderKey key : KNOWN) {
      s.append(s.length() == 0 ? "" : ", ").append(key.value);
    }
    return s.toString();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof OrderKey other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** {@return the wire value} */
  @Override
  public String toString() {
    return value;
  }
}
