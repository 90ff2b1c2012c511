package io.passport.customers;

/**
 * The clock and the sleep the retry loop uses: {@link #SYSTEM} in use, a fake in tests where the
 * timing is not what is tested. Implementations are thread-safe.
 */
interface Timing {
  /** {@return a monotonic time in nanoseconds, as {@link System#nanoTime()}} */
  long nanoTime();

  /**
   * Waits {@code nanos} or until {@code scope} is cancelled, whichever comes first.
   *
   * @throws InterruptedException if the thread is interrupted while it waits
   */
  void sleep(long nanos, CallScope scope) throws InterruptedException;

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
