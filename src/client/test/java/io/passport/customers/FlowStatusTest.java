package io.passport.customers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a listing's flow status says, and how it reads in a progress line. */
@Timeout(5)
class FlowStatusTest {
  @Test
  void anUnthrottledListingShowsOnlyItsWindow() {
    FlowStatus status = new FlowStatus(6, 8, Duration.ZERO, 0, 0);
    assertThat(status.window()).isEqualTo(6);
    assertThat(status.ceiling()).isEqualTo(8);
    assertThat(status.pause()).isZero();
    assertThat(status.pacedRate()).isEmpty();
    assertThat(status.throttledAnswers()).isZero();
    assertThat(status).hasToString("window 6/8");
  }

  @Test
  void aThrottledListingShowsItsPausePaceAnd429s() {
    FlowStatus status = new FlowStatus(2, 8, Duration.ofMillis(750), 9.25, 3);
    assertThat(status.pause()).isEqualTo(Duration.ofMillis(750));
    assertThat(status.pacedRate()).hasValue(9.25);
    assertThat(status.throttledAnswers()).isEqualTo(3);
    assertThat(status).hasToString("window 2/8, paused 0.8 s, paced 9.3/s, 3 x 429");
  }

  @Test
  void aPaceWithoutAPauseLeavesThePauseOut() {
    assertThat(new FlowStatus(1, 1, Duration.ZERO, 10, 1)).hasToString("window 1/1, paced 10.0/s, 1 x 429");
  }
}
