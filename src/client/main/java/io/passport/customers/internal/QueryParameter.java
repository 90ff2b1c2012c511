package io.passport.customers.internal;

import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * One value of a List Customers query: the name the Java API gives it, its name on the wire, and its
 * rule, checked in one place ({@link #check}) for the client, the command-line tool and the sandbox.
 * The parameters themselves are listed once, in {@link ListParameters}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> the Java type of the value
 */
public class QueryParameter<T> {
  private final String javaName;
  private final String wireName;
  private final Class<T> type;
  private final UnaryOperator<T> rule;

  /**
   * @param javaName the name of the Java API's getter and builder method, such as {@code pageSize}
   * @param wireName the query parameter's name on the wire, such as {@code page_params.page_size}
   * @param type the value's Java type
   * @param rule returns a good value as it is and throws {@link IllegalArgumentException} for a bad one;
   *     its message follows {@link #label()}
   */
  QueryParameter(String javaName, String wireName, Class<T> type, UnaryOperator<T> rule) {
    this.javaName = javaName;
    this.wireName = wireName;
    this.type = type;
    this.rule = rule;
  }

  /** {@return the name of the Java API's getter and builder method, such as {@code customerId}} */
  public String javaName() {
    return javaName;
  }

  /** {@return the name on the wire, such as {@code customer_id}} */
  public String wireName() {
    return wireName;
  }

  /** {@return the value's Java type} */
  public Class<T> type() {
    return type;
  }

  /** {@return how messages name it: {@code customerId (customer_id)}} */
  public String label() {
    return javaName + " (" + wireName + ")";
  }

  /**
   * Checks a value against this parameter's rule.
   *
   * @param value the value, or null for none (always allowed: every query parameter is optional)
   * @return {@code value}
   * @throws IllegalArgumentException naming the parameter ({@link #label()}), what it allows and what it got
   */
  public @Nullable T check(@Nullable T value) {
    return value == null ? null : rule.apply(value);
  }

  /**
   * Checks a value that must be there, such as a path parameter.
   *
   * @param value the value
   * @return {@code value}
   * @throws NullPointerException naming the parameter when {@code value} is null
   * @throws IllegalArgumentException as {@link #check} does
   */
  public T checkPresent(T value) {
    return rule.apply(Objects.requireNonNull(value, javaName));
  }

  /**
   * Puts a value on the wire: by default as {@link String#valueOf(Object)} under {@link #wireName()}.
   *
   * @param value the value, already checked
   * @param wire the query parameters by wire name, in the order sent
   */
  public void putOnWire(T value, Map<String, String> wire) {
    wire.put(wireName, String.valueOf(value));
  }

  @Override
  public String toString() {
    return label();
  }
}
