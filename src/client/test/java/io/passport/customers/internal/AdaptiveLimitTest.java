package io.passport.customers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.passport.customers.ClientLog;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A listing's window: slow start from 8, halving on a 429 once per episode, and its ceiling. */
@Timeout(5)
class AdaptiveLimitTest {
  private static int permits(InFlightLimit limit) {
    int taken = 0;
    while (limit.tryAcquire() && taken < 1_000) {
      taken++;
    }
    return taken;
  }

  @Test
  void startsAtEightPagesOrTheCeilingIfLower() {
    assertThat(permits(new AdaptiveLimit(32))).isEqualTo(8);
    assertThat(permits(new AdaptiveLimit(8))).isEqualTo(8);
    assertThat(permits(new AdaptiveLimit(2))).isEqualTo(2);
    assertThat(new AdaptiveLimit(1).window()).isEqualTo(1);
  }

  @Test
  void growsByHalfAPagePerAdmittedPageOnceEightWereAdmittedUntilTheCeilingAndNeverPastIt() {
    AdaptiveLimit limit = new AdaptiveLimit(12);
    int[] windows = new int[20];
    for (int i = 0; i < windows.length; i++) {
      limit.admitted(i);
      windows[i] = limit.window();
    }
    assertThat(windows).containsExactly(8, 8, 8, 8, 8, 8, 8, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 12, 12, 12);
    assertThat(permits(limit)).isEqualTo(12);
  }

  @Test
  void aPermitGivenBackCanBeTakenAgain() {
    AdaptiveLimit limit = new AdaptiveLimit(2);
    permits(limit);
    limit.release();
    assertThat(limit.tryAcquire()).isTrue();
    assertThat(limit.tryAcquire()).isFalse();
  }

  @Test
  void a429HalvesTheWindowOncePerEpisode() {
    AdaptiveLimit limit = new AdaptiveLimit(32);
    for (int i = 0; i < 56; i++) {
      limit.admitted(i); // (8 + 56) / 2 = 32
    }
    assertThat(limit.window()).isEqualTo(32);
    limit.throttled(100, 120);
    // Sent before the halving: the same episode.
    limit.throttled(101, 121);
    limit.throttled(119, 125);
    assertThat(limit.window()).isEqualTo(16);
    limit.throttled(130, 150); // sent after it: a new episode
    assertThat(limit.window()).isEqualTo(8);
  }

  @Test
  void neverNarrowsBelowOnePage() {
    AdaptiveLimit limit = new AdaptiveLimit(4);
    for (int i = 0; i < 10; i++) {
      limit.throttled(i * 100L, i * 100L + 50);
    }
    assertThat(limit.window()).isEqualTo(1);
    assertThat(permits(limit)).isEqualTo(1);
  }

  @Test
  void afterA429GrowsByOnePagePerWindowOfAdmittedPages() {
    AdaptiveLimit limit = new AdaptiveLimit(8);
    for (int i = 0; i < 8; i++) {
      limit.admitted(i);
    }
    limit.throttled(10, 20); // 8 -> 4
    assertThat(limit.window()).isEqualTo(4);
    // w += 1/w per admitted page: 4.25, 4.49, 4.71, 4.92, 5.12, 5.32, 5.51, 5.69, 5.87, 6.04
    int[] windows = new int[10];
    for (int i = 0; i < windows.length; i++) {
      limit.admitted(30 + i);
      windows[i] = limit.window();
    }
    assertThat(windows).containsExactly(4, 4, 4, 4, 5, 5, 5, 5, 5, 6);
  }

  @Test
  void aCeilingBelowOneIsRefused() {
    assertThatThrownBy(() -> new AdaptiveLimit(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ceiling must be 1 or more");
  }

  @Test
  void aPermitGivenBackWhenNoneWasHeldLeavesTheWindowAsItWas() {
    AdaptiveLimit limit = new AdaptiveLimit(3);
    limit.release();
    assertThat(permits(limit)).isEqualTo(3);
  }

  @Test
  void logsEachChangeOfTheWindowAtDebugAndNothingElse() {
    AdaptiveLimit limit = new AdaptiveLimit(10);
    List<String> logged = ClientLog.messagesDuring(() -> {
      for (int page = 1; page <= 9; page++) {
        limit.admitted(page); // 8 until the ninth page: 8.5, no change
      }
      limit.admitted(10); // 9
      limit.admitted(11); // 9.5: no change
      limit.throttled(12, 13); // 4
    });
    assertThat(logged).containsExactly("listing window 8 -> 9 of 10 pages (a page was admitted)",
        "listing window 9 -> 4 of 10 pages (the server answered 429)");
    assertThat(limit).hasToString("AdaptiveLimit{window=4, ceiling=10, held=0}");
  }

  @Test
  void anUnlimitedLimitIsFreshPerCallAndNeverRunsOut() {
    InFlightLimit first = InFlightLimit.unlimited();
    InFlightLimit second = InFlightLimit.unlimited();

    assertThat(first).isNotSameAs(second);
    assertThat(permits(first)).as("never refuses a permit").isEqualTo(1_000);
    assertThat(first).as("permits() takes one more on its last try").hasToString("InFlightLimit.fixed(" + Integer.MAX_VALUE + ", held=1001)");
    assertThat(second).as("untouched by the other's permits").hasToString("InFlightLimit.fixed(" + Integer.MAX_VALUE + ", held=0)");
    first.release();
    assertThat(first.window()).isEqualTo(Integer.MAX_VALUE);
  }
}
