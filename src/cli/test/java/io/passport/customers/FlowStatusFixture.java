package io.passport.customers;

import java.time.Duration;

/** Tests only: a {@link FlowStatus} with given parts (its constructor is the client's own). */
public final class FlowStatusFixture {
  private FlowStatusFixture() {}

  public static FlowStatus of(int window, int ceiling, Duration pause, double rate, long throttled) {
    return new FlowStatus(window, ceiling, pause, rate, throttled);
  }
}
