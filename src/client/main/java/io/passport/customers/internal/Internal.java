package io.passport.customers.internal;

import io.passport.customers.CustomerPaginator;
import io.passport.customers.CustomerQuery;
import io.passport.customers.PassportCustomersClient;
import io.passport.customers.PassportException;
import io.passport.customers.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.LongUnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The runtime's way to the members of the public types that are not API: a bridge that {@code
 * io.passport.customers} installs when {@link PassportCustomersClient} is initialized (the "shared
 * secrets" pattern, as OkHttp's {@code okhttp3.internal.Internal} and the JDK's {@code SharedSecrets}),
 * so that the public types keep those members package-private instead of widening the API for the
 * runtime. Hand-written: no library offers it. Not an API; thread-safe (the bridge is set once).
 */
public final class Internal {
  /** What {@code io.passport.customers} lends its runtime (and, through {@link TestHooks}, its tests). */
  public interface Bridge {
    /** {@return a {@link PassportException} with every field given} */
    PassportException exception(PassportException.Kind kind, int httpStatus, @Nullable String errorCode,
        @Nullable String errorMessage, @Nullable String traceId, @Nullable String requestId,
        @Nullable String bodyExcerpt, @Nullable Throwable cause);

    /** {@return a copy of {@code failure} for another thread to throw, with {@code failure} as its cause} */
    PassportException shared(PassportException failure);

    /** {@return {@code text} made fit for a one-line message, as the exception's own parts are} */
    @Nullable String oneLine(@Nullable String text);

    /** {@return {@code query} asking for page {@code page}} */
    CustomerQuery withPage(CustomerQuery query, int page);

    /** {@return {@code query} pinned to the snapshot {@code pinned}} */
    CustomerQuery withSnapshot(CustomerQuery query, Instant pinned);

    /** {@return the policy's wait before attempt {@code nextAttempt}, jittered by {@code random}} */
    Duration backoff(RetryPolicy policy, int nextAttempt, @Nullable Duration retryAfter, LongUnaryOperator random);

    /** Makes {@code builder}'s clients run on {@code timing}'s clock and sleep (tests). */
    void timing(PassportCustomersClient.Builder builder, Timing timing);

    /** Makes {@code builder}'s clients judge token freshness by {@code clock} (tests). */
    void clock(PassportCustomersClient.Builder builder, Clock clock);

    /** Makes {@code builder}'s clients run their calls on {@code callThreads} (tests). */
    void callThreads(PassportCustomersClient.Builder builder, ExecutorService callThreads);

    /** {@return the scopes of calls and listings {@code client} holds: not yet ended, closed or released} */
    int openScopes(PassportCustomersClient client);

    /** {@return the listings {@code paginator} holds: handed out, not yet closed or collected} */
    int openListings(CustomerPaginator paginator);
  }

  /** Set by {@link PassportCustomersClient}'s static initializer. */
  private static volatile @Nullable Bridge bridge;

  /**
   * The bridge, read once {@link PassportCustomersClient} is initialized (lazily, as a holder class, so
   * that initializing this class never waits for the client's initializer, which calls {@link #install}).
   */
  private static final class Installed {
    static final Bridge BRIDGE = initialized();

    private static Bridge initialized() {
      try {
        Class.forName(PassportCustomersClient.class.getName(), true, Internal.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("io.passport.customers.PassportCustomersClient is not on the classpath", e);
      }
      return Objects.requireNonNull(bridge, "PassportCustomersClient installed no bridge to io.passport.customers");
    }
  }

  private Internal() {}

  /**
   * Installs the bridge; {@code io.passport.customers} calls this once, from {@link
   * PassportCustomersClient}'s static initializer.
   *
   * @throws IllegalStateException if a bridge is installed already
   */
  public static synchronized void install(Bridge installed) {
    Objects.requireNonNull(installed, "installed");
    if (bridge != null) {
      throw new IllegalStateException("the bridge to io.passport.customers is installed already");
    }
    bridge = installed;
  }

  /** {@return the bridge {@link PassportCustomersClient} installed, initializing that class if need be} */
  static Bridge bridge() {
    return Installed.BRIDGE;
  }

  /** {@return a failure with every field given; see {@link PassportException}} */
  public static PassportException exception(PassportException.Kind kind, int httpStatus, @Nullable String errorCode,
      @Nullable String errorMessage, @Nullable String traceId, @Nullable String requestId,
      @Nullable String bodyExcerpt, @Nullable Throwable cause) {
    return bridge().exception(kind, httpStatus, errorCode, errorMessage, traceId, requestId, bodyExcerpt, cause);
  }

  /** {@return a {@link PassportException.Kind#TRANSPORT} failure with no HTTP answer behind it} */
  public static PassportException transport(String what, @Nullable Throwable cause) {
    return exception(PassportException.Kind.TRANSPORT, 0, null, what, null, null, null, cause);
  }

  /** {@return an {@link PassportException.Kind#INVALID_RESPONSE} failure of an answer with {@code httpStatus}} */
  public static PassportException invalidResponse(int httpStatus, String what, @Nullable Throwable cause) {
    return exception(PassportException.Kind.INVALID_RESPONSE, httpStatus, null, what, null, null, null, cause);
  }

  /** {@return a {@link PassportException.Kind#CANCELLED} failure} */
  public static PassportException cancelled(String what, @Nullable Throwable cause) {
    return exception(PassportException.Kind.CANCELLED, 0, null, what, null, null, null, cause);
  }

  /** {@return a copy of {@code failure} for another thread to throw, with {@code failure} as its cause} */
  public static PassportException shared(PassportException failure) {
    return bridge().shared(failure);
  }

  /** {@return {@code text} with control characters escaped and cut to the length of a message part} */
  public static @Nullable String oneLine(@Nullable String text) {
    return bridge().oneLine(text);
  }

  /** {@return {@code query} asking for page {@code page}} */
  public static CustomerQuery withPage(CustomerQuery query, int page) {
    return bridge().withPage(query, page);
  }

  /** {@return {@code query} pinned to the snapshot {@code pinned}} */
  public static CustomerQuery withSnapshot(CustomerQuery query, Instant pinned) {
    return bridge().withSnapshot(query, pinned);
  }

  /** {@return the policy's wait before attempt {@code nextAttempt} (2 for the first retry)} */
  public static Duration backoff(RetryPolicy policy, int nextAttempt, @Nullable Duration retryAfter,
      LongUnaryOperator random) {
    return bridge().backoff(policy, nextAttempt, retryAfter, random);
  }
}
