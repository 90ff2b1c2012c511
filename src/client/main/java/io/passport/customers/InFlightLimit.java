package io.passport.customers;

/**
 * How many page calls one listing may have out at once: its window. The listing takes a permit before
 * it sends a page call and gives it back when its consumer takes the page, so a limit bounds the
 * pages in flight and held together. {@link #fixed} is the ceiling {@code parallelism} sets; an
 * adaptive limit (narrowed when the server throttles) can take its place behind this interface.
 *
 * <p>Each listing has its own instance, so one listing never waits for another's permits. Called
 * from the listing's consuming thread only; implementations need not be thread-safe.
 */
interface InFlightLimit {
  /** {@return whether one more call may go out now; if true, the caller holds a permit} */
  boolean tryAcquire();

  /** Gives a permit back. */
  void release();

  /** {@return a limit of {@code permits} calls at once} */
  static InFlightLimit fixed(int permits) {
    if (permits < 1) {
      throw new IllegalArgumentException("permits must be 1 or more, but was " + permits);
    }
    return new InFlightLimit() {
      private int held;

      @Override
      public boolean tryAcquire() {
        if (held >= permits) {
          return false;
        }
        held++;
        return true;
      }

      @Override
      public void release() {
        if (held > 0) {
          held--;
        }
      }

      @Override
      public String toString() {
        return "InFlightLimit.fixed(" + permits + ", held=" + held + ")";
      }
    };
  }
}
