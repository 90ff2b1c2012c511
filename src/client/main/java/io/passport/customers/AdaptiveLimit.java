package io.passport.customers;

import org.jspecify.annotations.NullUnmarked;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listing's window that follows the server, in the manner of TCP's congestion window (slow start,
 * then additive increase and multiplicative decrease), with the client's {@code parallelism} as its
 * ceiling:
 *
 * <ul>
 *   <li>It starts at {@value #INITIAL} pages (or the ceiling, if lower) and, until the first 429, grows
 *       by half a page for each page the server admits: by half per round trip, so a listing that is
 *       not throttled reaches its ceiling within a few pages while one that is throttled overshoots by
 *       little.
 *   <li>A 429 halves it (never below 1), once per episode: answers to calls that were on the wire
 *       before the last halving do not halve it again.
 *   <li>After a 429 it grows by one page per window's worth of admitted pages: one page per round trip.
 * </ul>
 *
 * <p>The window bounds the pages in flight; how fast requests go is the {@link Throttle}'s job. Each
 * change of the window is logged at DEBUG. Thread-safe: permits are taken on the listing's consuming
 * thread, feedback comes from the call threads.
 */
@NullUnmarked
final class AdaptiveLimit implements InFlightLimit {
  private static final Logger log = LoggerFactory.getLogger(PassportCustomersClient.class);
  static final int INITIAL = 4;

  private final int ceiling;
  private double window;
  private boolean slowStart = true;
  private boolean decreased;
  private long lastDecrease;
  private int held;

  AdaptiveLimit(int ceiling) {
    if (ceiling < 1) {
      throw new IllegalArgumentException("ceiling must be 1 or more, but was " + ceiling);
    }
    this.ceiling = ceiling;
    this.window = Math.min(INITIAL, ceiling);
  }

  @Override
  public synchronized boolean tryAcquire() {
    if (held >= (int) window) {
      return false;
    }
    held++;
    return true;
  }

  @Override
  public synchronized void release() {
    if (held > 0) {
      held--;
    }
  }

  @Override
  public synchronized int window() {
    return (int) window;
  }

  /** {@return the most the window may grow to} */
  int ceiling() {
    return ceiling;
  }

  @Override
  public synchronized void admitted(long sentAt) {
    int before = (int) window;
    window = Math.min(ceiling, window + (slowStart ? 0.5 : 1 / window));
    logChange(before, "a page was admitted");
  }

  @Override
  public synchronized void throttled(long sentAt, long now) {
    slowStart = false;
    if (decreased && sentAt - lastDecrease < 0) {
      return; // sent before the last halving: the same episode
    }
    decreased = true;
    lastDecrease = now;
    int before = (int) window;
    window = Math.max(1, window / 2);
    logChange(before, "the server answered 429");
  }

  private void logChange(int before, String because) {
    int after = (int) window;
    if (after != before) {
      log.debug("listing window {} -> {} of {} pages ({})", before, after, ceiling, because);
    }
  }

  @Override
  public synchronized String toString() {
    return "AdaptiveLimit{window=" + (int) window + ", ceiling=" + ceiling + ", held=" + held + "}";
  }
}
