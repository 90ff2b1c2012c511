package io.passport.customers;

import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * How a listing flows at one moment: its window of pages in flight and its ceiling ({@code
 * parallelism}), and, under the server's rate limit, the client's pause and pace (see {@link
 * PassportCustomersClient.Builder#adaptiveConcurrency}). A snapshot for progress displays and logs;
 * {@link CustomerPaginator#flowStatus()} gives one. Immutable and thread-safe.
 */
public final class FlowStatus {
  private final int window;
  private final int ceiling;
  private final Duration pause;
  private final double rate;
  private final long throttled;

  FlowStatus(int window, int ceiling, Duration pause, double rate, long throttled) {
    this.window = window;
    this.ceiling = ceiling;
    this.pause = pause;
    this.rate = rate;
    this.throttled = throttled;
  }

  /** {@return how many pages the listing may have in flight now} */
  public int window() {
    return window;
  }

  /** {@return the most the window may grow to: the client's {@code parallelism}} */
  public int ceiling() {
    return ceiling;
  }

  /** {@return how much longer every call of the client waits for the server's rate limit; zero when none} */
  public Duration pause() {
    return pause;
  }

  /** {@return the rate the client paces its requests at, in requests per second; empty while it does not pace} */
  public OptionalDouble pacedRate() {
    return rate > 0 ? OptionalDouble.of(rate) : OptionalDouble.empty();
  }

  /** {@return how many 429 answers the client has had so far} */
  public long throttledAnswers() {
    return throttled;
  }

  /** {@return for example {@code window 6/8, paused 0.8 s, paced 9.9/s, 3 x 429}; the parts that apply} */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("window ").append(window).append('/').append(ceiling);
    if (!pause.isZero()) {
      text.append(String.format(Locale.ROOT, ", paused %.1f s", pause.toMillis() / 1000.0));
    }
    if (rate > 0) {
      text.append(String.format(Locale.ROOT, ", paced %.1f/s", rate));
    }
    if (throttled > 0) {
      text.append(", ").append(throttled).append(" x 429");
    }
    return text.toString();
  }
}
