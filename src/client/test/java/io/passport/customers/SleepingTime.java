package io.passport.customers;

import io.passport.customers.internal.CallScope;
import io.passport.customers.internal.Timing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * A fake {@link Timing} for the retry loop's waits: time moves only when the client sleeps or a test
 * calls {@link #advance}, and every sleep is recorded. A hook may act during a sleep (another call's
 * 429, a cancel, an interrupt); a sleep whose call is cancelled meanwhile ends early, as {@link
 * Timing#SYSTEM}'s does, and one whose thread is interrupted throws, clearing the flag as a real
 * sleep does. More than 50 sleeps in one test is
 * a loop that spins instead of waiting, and fails. Thread-safe.
 */
final class SleepingTime implements Timing {
  final List<Duration> slept = new CopyOnWriteArrayList<>();
  private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
  /** Called with the sleep's number (from 1) and the sleeping call's scope, before the time moves. */
  volatile BiConsumer<Integer, CallScope> duringSleep = (n, scope) -> { };

  void advance(Duration duration) {
    now.addAndGet(duration.toNanos());
  }

  @Override
  public long nanoTime() {
    return now.get();
  }

  @Override
  public void sleep(long nanos, CallScope scope) throws InterruptedException {
    slept.add(Duration.ofNanos(nanos));
    if (slept.size() > 50) {
      throw new AssertionError("the call slept more than 50 times: it spins instead of waiting");
    }
    duringSleep.accept(slept.size(), scope);
    if (Thread.interrupted()) {
      throw new InterruptedException(); // the flag cleared, as a real sleep's InterruptedException does
    }
    if (scope.isCancelled()) {
      return; // woken early, as a real sleep is by a cancel
    }
    now.addAndGet(Math.max(0, nanos));
  }
}
