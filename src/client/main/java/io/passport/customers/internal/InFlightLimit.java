package io.passport.customers.internal;

/**
 * How many page calls one listing may have on the wire at once: its window. The listing takes a permit
 * before it sends a page call and gives it back when the call ends, so a limit bounds the calls in
 * flight (how far the listing fetches ahead of its consumer is {@link PageIterator}'s own bound). {@link
 * #fixed} is the ceiling {@code parallelism} sets when adaptation is off; {@link AdaptiveLimit} narrows
 * the window when the server throttles and widens it again up to that ceiling.
 *
 * <p>Each listing has its own instance, so one listing never waits for another's permits. {@link
 * #tryAcquire()} and {@link #release()} are called under the listing's lock, from its consuming thread
 * and its call threads; {@link #admitted} and {@link #throttled} from the call threads without it, so
 * implementations that use them must be thread-safe.
 */
public interface InFlightLimit {
  /**
   * {@return a new limit for a call outside a listing: it is never consulted for permits and ignores
   * feedback; each call gets its own, so no state is shared between calls}
   */
  static InFlightLimit unlimited() {
    return fixed(Integer.MAX_VALUE);
  }

  /** {@return whether one more call may go out now; if true, the caller holds a permit} */
  boolean tryAcquire();

  /** Gives a permit back. */
  void release();

  /** {@return the window now: how many calls may be out at once} */
  int window();

  /** A call of this listing sent at {@code sentAt} was admitted by the server (answered, not 429). */
  default void admitted(long sentAt) {}

  /** A call of this listing sent at {@code sentAt} was answered 429 at {@code now}. */
  default void throttled(long sentAt, long now) {}

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
      public int window() {
        return permits;
      }

      @Override
      public String toString() {
        return "InFlightLimit.fixed(" + permits + ", held=" + held + ")";
      }
    };
  }
}
