package io.passport.customers;

import io.passport.customers.internal.CallScope;
import io.passport.customers.internal.Timing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One fake time for the client's retry loop ({@link Timing}) and its token source ({@link Clock}):
 * it moves only when a test calls {@link #advance} or the client sleeps, and a sleep returns at once.
 * Every sleep is recorded. Thread-safe.
 */
final class FakeTime extends Clock implements Timing {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  final List<Duration> slept = new CopyOnWriteArrayList<>();
  private final AtomicLong elapsedNanos = new AtomicLong();

  /** Moves the time forward by {@code duration}. */
  void advance(Duration duration) {
    elapsedNanos.addAndGet(duration.toNanos());
  }

  @Override
  public long nanoTime() {
    return 1_000_000_000L + elapsedNanos.get();
  }

  @Override
  public void sleep(long nanos, CallScope scope) {
    slept.add(Duration.ofNanos(nanos));
    elapsedNanos.addAndGet(Math.max(0, nanos));
  }

  @Override
  public Instant instant() {
    return START.plusNanos(elapsedNanos.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a FakeTime is in UTC only");
  }
}
