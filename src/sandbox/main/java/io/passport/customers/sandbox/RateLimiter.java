package io.passport.customers.sandbox;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The sandbox's rate limit ({@link Faults#rateLimit()}): one token bucket per access-token value, holding
 * up to N tokens, full when the access token is first seen, refilled continuously at N tokens per second,
 * one token per request. It decides and counts; the router answers.
 *
 * <p>Exact arithmetic: a bucket's level is kept in "credits", {@value #CREDITS_PER_TOKEN} to a token, so
 * that refilling at N tokens per second adds exactly N credits per elapsed nanosecond, with no rounding.
 * Time is read from an injected monotonic nanosecond source ({@link System#nanoTime} in production), so
 * tests are exact and never sleep.
 *
 * <p>Thread-safe: the settings and their buckets are one immutable-reference {@link Generation}, swapped
 * whole by {@link #configure}; the buckets live in a concurrent map, and each bucket is read, refilled and
 * drawn from under its own lock, with the time read under that lock too, so concurrent requests on one
 * access token are admitted exactly as many times as there are tokens. The map holds one small bucket per
 * access token that passed authentication since the last {@link #configure}.
 */
final class RateLimiter {
  static final long CREDITS_PER_TOKEN = 1_000_000_000L;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  /**
   * What the limit decided for one request.
   *
   * @param admitted whether the request may proceed
   * @param limit the limit N in force (the {@code q} of {@code RateLimit-Policy})
   * @param remaining whole tokens left after this request (0 when turned away)
   * @param resetSeconds whole seconds, rounded up, until the bucket is full again; for a request turned
   *     away, the same as {@code retryAfterSeconds}
   * @param retryAfterSeconds for a request turned away, the whole seconds until one token is back, rounded
   *     up, at least 1; 0 for an admitted request
   * @param headers whether the answer should carry the rate-limit headers
   */
  record Decision(boolean admitted, int limit, long remaining, long resetSeconds, long retryAfterSeconds,
      boolean headers) {
    /** {@return the {@code RateLimit-Policy} field value} */
    String policyHeader() {
      return "\"default\";q=" + limit + ";w=1";
    }

    /** {@return the {@code RateLimit} field value} */
    String rateLimitHeader() {
      return "\"default\";r=" + remaining + ";t=" + resetSeconds;
    }
  }

  /** The settings in force and the buckets that go with them; replaced whole when the settings change. */
  private record Generation(int rate, boolean headers, Map<String, Bucket> buckets) {}

  private static final class Bucket {
    private long credits;
    private long lastNanos;

    Bucket(long credits, long nowNanos) {
      this.credits = credits;
      this.lastNanos = nowNanos;
    }
  }

  private final LongSupplier nanoTime;
  private final AtomicLong throttled = new AtomicLong();
  private volatile Generation generation = new Generation(0, false, new ConcurrentHashMap<>());

  /** @param nanoTime a monotonic nanosecond clock, {@code System::nanoTime} outside tests */
  RateLimiter(LongSupplier nanoTime) {
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /** Puts {@code faults}' rate limit in force from the next request on, every bucket starting full. */
  void configure(Faults faults) {
    generation = new Generation(faults.rateLimit(), faults.rateLimitHeaders(), new ConcurrentHashMap<>());
  }

  /** {@return how many requests it has turned away since it was made or {@link #resetCount reset}} */
  long throttledCount() {
    return throttled.get();
  }

  /** Sets the {@link #throttledCount} back to 0. */
  void resetCount() {
    throttled.set(0);
  }

  /**
   * Takes one token from {@code accessToken}'s bucket.
   *
   * @param accessToken the bearer token value of an authenticated request
   * @return the decision, or null when no rate limit is in force
   */
  Decision take(String accessToken) {
    Generation current = generation;
    int rate = current.rate();
    if (rate == 0) {
      return null;
    }
    long capacity = rate * CREDITS_PER_TOKEN;
    Bucket bucket = current.buckets().computeIfAbsent(accessToken, key -> new Bucket(capacity, nanoTime.getAsLong()));
    long left;
    boolean admitted;
    synchronized (bucket) {
      long now = nanoTime.getAsLong();
      long elapsed = Math.max(0, now - bucket.lastNanos);
      bucket.lastNanos = Math.max(bucket.lastNanos, now);
      // A full second refills any bucket; capping first keeps elapsed * rate far from overflow.
      bucket.credits = Math.min(capacity, bucket.credits + Math.min(elapsed, NANOS_PER_SECOND) * rate);
      admitted = bucket.credits >= CREDITS_PER_TOKEN;
      if (admitted) {
        bucket.credits -= CREDITS_PER_TOKEN;
      }
      left = bucket.credits;
    }
    if (admitted) {
      long resetSeconds = ceilDiv(ceilDiv(capacity - left, rate), NANOS_PER_SECOND);
      return new Decision(true, rate, left / CREDITS_PER_TOKEN, resetSeconds, 0, current.headers());
    }
    throttled.incrementAndGet();
    long retryAfter = Math.max(1, ceilDiv(ceilDiv(CREDITS_PER_TOKEN - left, rate), NANOS_PER_SECOND));
    return new Decision(false, rate, 0, retryAfter, retryAfter, current.headers());
  }

  private static long ceilDiv(long dividend, long divisor) {
    return -Math.floorDiv(-dividend, divisor);
  }
}
