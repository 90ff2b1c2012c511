package io.passport.customers;

import io.passport.customers.internal.Timing;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongUnaryOperator;

/**
 * When and how long the client waits before trying a call again. This is the only layer that
 * retries (OkHttp's own retries and follow-ups are switched off), and it holds the one retry rule, which
 * {@link PassportException#isRetryable()} answers too: retries happen on
 * connection failures, timeouts, bodies cut short ({@link PassportException.Kind#TRANSPORT}), and the
 * statuses 429, 500, 502, 503 and 504; never on other statuses (400, 401, which gets one token refresh
 * instead, 403, 404, 501, 3xx), on a body the client cannot read ({@link
 * PassportException.Kind#INVALID_RESPONSE}: the same bytes would come again) or on a cancelled call.
 * The wait grows exponentially from {@link Builder#initialBackoff} up to {@link Builder#maxBackoff},
 * with jitter, unless the server names one of more than 0 in {@code Retry-After}, which is honoured up
 * to 5 minutes ({@code Retry-After: 0} backs off as if none was given).
 *
 * <p>{@link Builder#deadline} bounds one call, token fetch, attempts and waits included: every attempt
 * is given the smaller of the client's call timeout and what is left of the deadline, and no wait is
 * begun that would end past it.
 *
 * <p>Immutable and thread-safe.
 */
public final class RetryPolicy {
  private static final RetryPolicy DEFAULTS = builder().build();
  private static final RetryPolicy NONE = builder().maxAttempts(1).build();

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration deadline;

  private RetryPolicy(Builder builder) {
    this.maxAttempts = builder.maxAttempts;
    this.initialBackoff = builder.initialBackoff;
    this.maxBackoff = builder.maxBackoff;
    this.deadline = builder.deadline;
  }

  /** {@return Four attempts, backoff from 250 ms to 8 s, at most 60 s per call in all} */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * {@return one attempt: a failed attempt is thrown at once. One attempt may still be more than one
   * request, within the deadline: with client credentials, a token request first when no token is
   * cached, and on a 401 a new token and the call once more (a fixed access token's 401 is thrown at
   * once); with adaptive concurrency, a 429 is sent again after the shared pause while the client is
   * finding the rate limit (the server admitted one of its requests since the last 429)}
   */
  public static RetryPolicy none() {
    return NONE;
  }

  /** {@return a builder starting from the {@link #defaults()}} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return how many times a call is sent at the most, the first included} */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** {@return how long one call may take at the most, every attempt and wait included} */
  public Duration deadline() {
    return deadline;
  }

  /** {@return the wait before the first retry, before jitter} */
  Duration initialBackoff() {
    return initialBackoff;
  }

  static boolean isRetryableStatus(int status) {
    return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
  }

  /**
   * The one retry rule, used by the retry loop and by {@link PassportException#isRetryable()}.
   *
   * @param kind the failure's kind
   * @param httpStatus its HTTP status, or 0 when there was no answer
   */
  static boolean isRetryable(PassportException.Kind kind, int httpStatus) {
    return switch (kind) {
      case TRANSPORT -> true;
      case RATE_LIMITED, SERVER_ERROR -> httpStatus == 0 || isRetryableStatus(httpStatus);
      default -> false;
    };
  }

  /**
   * The wait before attempt {@code nextAttempt} (2 for the first retry): the server's Retry-After
   * when it gave one of more than 0, else exponential backoff with "equal jitter" (half fixed, half
   * random). A {@code Retry-After: 0} (or a date already past) backs off as if none was given: a server
   * that says it on every answer would otherwise be sent to in a hot loop.
   */
  Duration backoff(int nextAttempt, Duration retryAfter) {
    return backoff(nextAttempt, retryAfter, Timing.SYSTEM::jitter);
  }

  /** {@link #backoff(int, Duration)} with the jitter from {@code random} (0 to its argument, 1 or more, both included). */
  Duration backoff(int nextAttempt, Duration retryAfter, LongUnaryOperator random) {
    if (retryAfter != null && !retryAfter.isZero() && !retryAfter.isNegative()) {
      return retryAfter;
    }
    long base = initialBackoff.toMillis() << Math.min(nextAttempt - 2, 20);
    long capped = Math.min(Math.max(base, 0), maxBackoff.toMillis());
    long half = capped / 2;
    return Duration.ofMillis(half + (half == 0 ? 0 : random.applyAsLong(half)));
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff
        + ", maxBackoff=" + maxBackoff + ", deadline=" + deadline + "}";
  }

  /** Builds a {@link RetryPolicy}; each setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private int maxAttempts = 4;
    private Duration initialBackoff = Duration.ofMillis(250);
    private Duration maxBackoff = Duration.ofSeconds(8);
    private Duration deadline = Duration.ofSeconds(60);

    private Builder() {}

    /**
     * How many times a call is sent at the most, the first included: 1 to 100.
     *
     * @param maxAttempts attempts, the first included
     * @return this builder
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1 || maxAttempts > 100) {
        throw new IllegalArgumentException("maxAttempts must be between 1 and 100, but was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * The wait before the first retry, before jitter: 0 to 1 minute.
     *
     * @param initialBackoff the first wait
     * @return this builder
     */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = checkRange("initialBackoff", initialBackoff, Duration.ZERO, Duration.ofMinutes(1));
      return this;
    }

    /**
     * The longest wait between two attempts, when the server names none: 0 to 10 minutes.
     *
     * @param maxBackoff the longest wait
     * @return this builder
     */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = checkRange("maxBackoff", maxBackoff, Duration.ZERO, Duration.ofMinutes(10));
      return this;
    }

    /**
     * How long one call may take in all, retries included: 1 ms to 1 hour.
     *
     * @param deadline the longest time for one call, retries included
     * @return this builder
     */
    public Builder deadline(Duration deadline) {
      this.deadline = checkRange("deadline", deadline, Duration.ofMillis(1), Duration.ofHours(1));
      return this;
    }

    /** {@return the policy; fails if {@code maxBackoff} is shorter than {@code initialBackoff}} */
    public RetryPolicy build() {
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException(
            "maxBackoff (" + maxBackoff + ") must not be shorter than initialBackoff (" + initialBackoff + ")");
      }
      return new RetryPolicy(this);
    }

    private static Duration checkRange(String name, Duration value, Duration min, Duration max) {
      Objects.requireNonNull(value, name);
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(
            name + " must be between " + min + " and " + max + ", but was " + value);
      }
      return value;
    }
  }
}
