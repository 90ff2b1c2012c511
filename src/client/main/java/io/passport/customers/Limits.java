package io.passport.customers;

import io.passport.customers.internal.ListParameters;
import java.time.Instant;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The limits of the List Customers and Retrieve Customer API, defined once: the client checks its
 * arguments against them, the sandbox enforces them, and the command-line tool validates its options
 * with them. Their values follow {@code openapi/customers.yaml}. The known order keys are {@link
 * OrderKey#KNOWN}.
 *
 * <p>Constants only; not instantiable.
 */
public final class Limits {
  /** The smallest page size ({@code page_params.page_size}) the API accepts. */
  public static final int MIN_PAGE_SIZE = 1;
  /** The largest page size the API accepts. */
  public static final int MAX_PAGE_SIZE = 100;
  /** The page size the server uses when the request names none. */
  public static final int DEFAULT_PAGE_SIZE = 10;
  /** The first page number ({@code page_params.page_number}); pages count from 1. */
  public static final int FIRST_PAGE = 1;
  /** The fewest pages {@code listAll} fetches at once. */
  public static final int MIN_PARALLELISM = 1;
  /** The most pages {@code listAll} fetches at once. */
  public static final int MAX_PARALLELISM = 32;
  /**
   * The longest customer id ({@code customer_id}, path or filter) and identification number the API
   * accepts; the shortest is 1 character, never blank.
   */
  public static final int MAX_ID_LENGTH = 64;
  /** The longest identification type ({@code identification_type}) the API accepts. */
  public static final int MAX_IDENTIFICATION_TYPE_LENGTH = 32;
  /** The longest order key the API accepts. */
  public static final int MAX_ORDER_KEY_LENGTH = 64;
  /** What an order key looks like: a lower-case field name, letters, digits and underscores. */
  public static final Pattern ORDER_KEY_FORMAT = Pattern.compile("[a-z][a-z0-9_]{0," + (MAX_ORDER_KEY_LENGTH - 1) + "}");
  /** Earliest snapshot the API accepts: 0001-01-01T00:00:00Z. */
  public static final Instant MIN_SNAPSHOT = Instant.parse("0001-01-01T00:00:00Z");
  /** Latest snapshot the API accepts: 9999-12-31T23:59:59.999999999Z. */
  public static final Instant MAX_SNAPSHOT = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private Limits() {}

  /**
   * Whether {@code id} is a customer id the client sends: 1 to {@value #MAX_ID_LENGTH} characters, not
   * blank, no control characters (the rule {@link PassportCustomersClient#get} and {@link
   * CustomerQuery.Builder#customerId} check).
   *
   * @param id the id, may be null (not valid)
   * @return whether it is well-formed
   */
  public static boolean isWellFormedId(@Nullable String id) {
    try {
      return id != null && ListParameters.CUSTOMER_ID.check(id) != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
