package io.passport.customers.internal;

import io.passport.customers.PassportCustomersClient;
import org.jspecify.annotations.NullUnmarked;

/**
 * A listing's window that follows the server, in the manner of TCP's congestion window (slow start,
 * then additive increase and multiplicative decrease), with the client's {@code parallelism} as its
 * ceiling:
 *
 * <ul>
 *   <li>It starts at {@value #INITIAL} pages (or the ceiling, if lower). Until the first 429 it is the
 *       larger of that and half the pages the server has admitted plus {@value #INITIAL} / 2: it grows
 *       by half a page per admitted page once {@value #INITIAL} pages were admitted, by half per round
 *       trip. A server that refuses the listing's first pages refuses at most the window's worth, no
 *       more than a window that ramps up from fewer pages (it is full by the time a rate limit's burst
 *       is spent either way), and starting at {@value #INITIAL} saves a listing that is not throttled
 *       about a round trip (BENCHMARKS.md has the figures). Past {@value #INITIAL}, half a page per page
 *       keeps the overshoot of a larger ceiling small.
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
public final class AdaptiveLimit implements InFlightLimit {
  private static final DebugLog log = DebugLog.of(PassportCustomersClient.class);
  public static final int INITIAL = 8;

  private final int ceiling;
  private double window;
  private boolean slowStart = true;
  /** Pages admitted before the first 429. */
  private int admittedInSlowStart;
  private boolean decreased;
  private long lastDecrease;
  private int held;

  public AdaptiveLimit(int ceiling) {
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
    held = Math.max(0, held - 1);
  }

  @Override
  public synchronized int window() {
    return (int) window;
  }

  @Override
  public synchronized void admitted(long sentAt) {
    int before = (int) window;
    if (slowStart) {
      if (window < ceiling) {
        admittedInSlowStart++; // counted only until the window is full, so it cannot wrap
      }
      window = Math.min(ceiling, Math.max(window, (INITIAL + admittedInSlowStart) / 2.0));
    } else {
      window = Math.min(ceiling, window + 1 / window);
    }
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

  /** {@return the pages counted in slow start; tests only} */
  public synchronized int slowStartCount() {
    return admittedInSlowStart;
  }

  @Override
  public synchronized String toString() {
    return "AdaptiveLimit{window=" + (int) window + ", ceiling=" + ceiling + ", held=" + held + "}";
  }
}
