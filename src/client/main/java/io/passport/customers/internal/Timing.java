package io.passport.customers.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The clock, the sleep and the jitter the retry loop uses: {@link #SYSTEM} in use, a fake in tests where the
 * timing is not what is tested. Implementations are thread-safe.
 */
public interface Timing {
  /** {@return a monotonic time in nanoseconds, as {@link System#nanoTime()}} */
  long nanoTime();

  /**
   * Waits {@code nanos} or until {@code scope} is cancelled, whichever comes first.
   *
   * @throws InterruptedException if the thread is interrupted while it waits
   */
  void sleep(long nanos, CallScope scope) throws InterruptedException;

  /** {@return a random number from 0 to {@code bound} (1 or more), both included, for the backoff's jitter} */
  default long jitter(long bound) {
    return ThreadLocalRandom.current().nextLong(bound + 1);
  }

  Timing SYSTEM = new Timing() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void sleep(long nanos, CallScope scope) throws InterruptedException {
      scope.await(nanos);
    }
  };
}
