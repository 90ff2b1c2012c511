package io.passport.customers.sandbox;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What the sandbox does wrong on purpose, on the customer endpoints: a fixed latency added to every
 * request, a share of requests that fail in one of the ways real networks and servers do, and a rate
 * limit per access token as an API gateway enforces one ({@link Builder#rateLimit}). Which requests fail
 * is drawn from a random sequence started from {@link Builder#seed}, so a run can be repeated. {@link
 * #none()} (the default) adds nothing. Immutable and thread-safe.
 */
public final class Faults {
  /** The ways a request can be made to fail. */
  public enum Kind {
    /** A 500 with a provider-style error body. */
    SERVER_ERROR,
    /** A 503 with {@code Retry-After}. */
    UNAVAILABLE,
    /** A 429 with {@code Retry-After}. */
    RATE_LIMITED,
    /** The connection is closed before any answer. */
    DROPPED_CONNECTION,
    /** A 200 whose body stops halfway and whose connection is then closed. */
    TRUNCATED_BODY
  }

  private static final Faults NONE = builder().build();

  private final Duration latency;
  private final double failureRate;
  private final Set<Kind> kinds;
  private final long seed;
  private final int retryAfterSeconds;
  private final int rateLimit;
  private final boolean rateLimitHeaders;

  private Faults(Builder b) {
    this.latency = b.latency;
    this.failureRate = b.failureRate;
    this.kinds = Set.copyOf(b.kinds);
    this.seed = b.seed;
    this.retryAfterSeconds = b.retryAfterSeconds;
    this.rateLimit = b.rateLimit;
    this.rateLimitHeaders = b.rateLimitHeaders;
  }

  /** {@return no latency and no failures} */
  public static Faults none() {
    return NONE;
  }

  /** {@return a builder starting from {@link #none()}} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder starting from every setting of {@code base}} */
  static Builder builder(Faults base) {
    Builder b = new Builder();
    b.latency = base.latency;
    b.failureRate = base.failureRate;
    b.kinds = EnumSet.copyOf(base.kinds);
    b.seed = base.seed;
    b.retryAfterSeconds = base.retryAfterSeconds;
    b.rateLimit = base.rateLimit;
    b.rateLimitHeaders = base.rateLimitHeaders;
    return b;
  }

  /** {@return the latency added to every customer request} */
  public Duration latency() {
    return latency;
  }

  /** {@return the share of customer requests that fail, 0 to 1} */
  public double failureRate() {
    return failureRate;
  }

  /** {@return the ways failing requests fail, drawn evenly} */
  public Set<Kind> kinds() {
    return kinds;
  }

  /** {@return the seed of the random sequence that picks failing requests and their kind} */
  public long seed() {
    return seed;
  }

  /** {@return the {@code Retry-After} seconds sent with 429 and 503} */
  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** {@return the requests per second each access token may make on the customer endpoints, with a burst of as many; 0 when there is no limit} */
  public int rateLimit() {
    return rateLimit;
  }

  /** {@return whether customer-endpoint answers carry the {@code RateLimit} and {@code RateLimit-Policy} headers of the rate limit} */
  public boolean rateLimitHeaders() {
    return rateLimitHeaders;
  }

  @Override
  public String toString() {
    return "Faults{latency=" + latency + ", failureRate=" + failureRate + ", kinds=" + kinds + ", seed=" + seed
        + ", retryAfterSeconds=" + retryAfterSeconds + ", rateLimit=" + rateLimit + ", rateLimitHeaders="
        + rateLimitHeaders + "}";
  }

  /** Builds {@link Faults}; setters check their arguments at once. Not thread-safe. */
  public static final class Builder {
    private Duration latency = Duration.ZERO;
    private double failureRate;
    private Set<Kind> kinds = EnumSet.allOf(Kind.class);
    private long seed = 1;
    private int retryAfterSeconds = 1;
    private int rateLimit;
    private boolean rateLimitHeaders;

    private Builder() {}

    /**
     * Adds this much latency to every customer request.
     *
     * @param latency 0 to 1 minute
     * @return this builder
     */
    public Builder latency(Duration latency) {
      Objects.requireNonNull(latency, "latency");
      if (latency.isNegative() || latency.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException("latency must be between 0 and 1 minute, but was " + latency);
      }
      this.latency = latency;
      return this;
    }

    /**
     * Makes this share of customer requests fail.
     *
     * @param failureRate 0 (none) to 1 (every request)
     * @return this builder
     */
    public Builder failureRate(double failureRate) {
      if (!(failureRate >= 0 && failureRate <= 1)) {
        throw new IllegalArgumentException("failureRate must be between 0 and 1, but was " + failureRate);
      }
      this.failureRate = failureRate;
      return this;
    }

    /**
     * The ways failing requests fail, chosen evenly among these; all of them by default.
     *
     * @param kinds at least one kind
     * @return this builder
     */
    public Builder kinds(Set<Kind> kinds) {
      Objects.requireNonNull(kinds, "kinds");
      if (kinds.isEmpty()) {
        throw new IllegalArgumentException("kinds must name at least one of " + EnumSet.allOf(Kind.class));
      }
      this.kinds = EnumSet.copyOf(kinds);
      return this;
    }

    /**
     * Starts the random sequence from this seed, so that a run can be repeated.
     *
     * @param seed any value
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * The {@code Retry-After} seconds sent with 429 and 503.
     *
     * @param retryAfterSeconds 0 to 300
     * @return this builder
     */
    public Builder retryAfterSeconds(int retryAfterSeconds) {
      if (retryAfterSeconds < 0 || retryAfterSeconds > 300) {
        throw new IllegalArgumentException("retryAfterSeconds must be between 0 and 300, but was " + retryAfterSeconds);
      }
      this.retryAfterSeconds = retryAfterSeconds;
      return this;
    }

    /**
     * Limits each access token to this many requests per second on the customer endpoints (List and
     * Retrieve Customer; never the token endpoint): a token bucket per token value, holding up to {@code
     * requestsPerSecond} tokens, full when the token is first seen, refilled continuously at {@code
     * requestsPerSecond} per second. A request that finds less than one token in its bucket is answered
     * {@code 429} ({@code RESOURCE_EXHAUSTED}) with {@code Retry-After}: the whole seconds until one token is
     * back, rounded up, at least 1. Requests turned away with 401 or 403 never reach a bucket. Changing the
     * faults of a running sandbox starts every bucket full again.
     *
     * @param requestsPerSecond 0 (no limit, the default) or more
     * @return this builder
     */
    public Builder rateLimit(int requestsPerSecond) {
      if (requestsPerSecond < 0) {
        throw new IllegalArgumentException("rateLimit must be 0 (no limit) or more requests per second, but was "
            + requestsPerSecond);
      }
      this.rateLimit = requestsPerSecond;
      return this;
    }

    /**
     * Makes every customer-endpoint answer that went through the {@link #rateLimit rate limit} (200, 400,
     * 404 and its 429) carry the fields of the IETF draft {@code draft-ietf-httpapi-ratelimit-headers-10}:
     * {@code RateLimit-Policy: "default";q=N;w=1} and {@code RateLimit: "default";r=R;t=T}, where N is the
     * limit, R the whole tokens left in the bucket after this request, and T the whole seconds (rounded up)
     * until the bucket is full again; on a 429, R is 0 and T equals {@code Retry-After}. Off by default;
     * without a rate limit it has no effect.
     *
     * @param rateLimitHeaders whether to send them
     * @return this builder
     */
    public Builder rateLimitHeaders(boolean rateLimitHeaders) {
      this.rateLimitHeaders = rateLimitHeaders;
      return this;
    }

    /** {@return the faults} */
    public Faults build() {
      return new Faults(this);
    }
  }
}
