package io.passport.customers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import okhttp3.Headers;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client-wide view of the server's rate limit, on a clock the tests move by hand. */
@Timeout(5)
class ThrottleTest {
  private static final long MS = 1_000_000L;
  private static final long SECOND = 1_000 * MS;
  private static final RateLimitHeaders NO_HEADERS = RateLimitHeaders.NONE;

  private final Throttle throttle = new Throttle();
  private long now = 1_000 * SECOND; // any base: only differences count

  /** {@code count} requests sent 10 ms apart ending at {@code now}, each admitted 20 ms later. */
  private void admit(int count) {
    for (int i = 0; i < count; i++) {
      now += 10 * MS;
      throttle.admitted(now - 20 * MS, now, NO_HEADERS);
    }
  }

  private long turnsWithoutWaiting() {
    long going = 0;
    while (throttle.reserve(now).waitNanos() == 0 && going < 1_000) {
      going++;
    }
    return going;
  }

  @Nested
  class BeforeAny429 {
    @Test
    void everyRequestGoesAtOnce() {
      admit(50);
      assertThat(turnsWithoutWaiting()).isEqualTo(1_000);
      assertThat(throttle.rate()).isZero();
      assertThat(throttle.pausedFor(now)).isZero();
    }

    @Test
    void aFirst429WithNothingAdmittedBeforeIsNotTheClientsDoing() {
      assertThat(throttle.refused(now - 20 * MS, now, Duration.ofSeconds(1), NO_HEADERS)).isFalse();
    }
  }

  @Nested
  class APause {
    @Test
    void lastsTheRetryAfterForEveryCallerAndSpendsNoToken() {
      admit(10);
      throttle.refused(now - 20 * MS, now, Duration.ofSeconds(2), NO_HEADERS);

      Throttle.Turn first = throttle.reserve(now + 500 * MS);
      Throttle.Turn second = throttle.reserve(now + 500 * MS);

      assertThat(first.waitNanos()).isEqualTo(1_500 * MS);
      assertThat(second.waitNanos()).isEqualTo(1_500 * MS);
      assertThat(first.taken()).isFalse();
      assertThat(throttle.stillHolds(first)).isFalse();
      assertThat(throttle.pausedFor(now + 500 * MS)).isEqualTo(1_500 * MS);
    }

    @Test
    void isOneSecondWhenTheServerNamesNoRetryAfter() {
      admit(1);
      throttle.refused(now - 20 * MS, now, null, NO_HEADERS);
      assertThat(throttle.pausedFor(now)).isEqualTo(Throttle.DEFAULT_PAUSE.toNanos());
    }

    @Test
    void aRetryAfterOfZeroNeitherPausesNorPaces() {
      admit(10);
      assertThat(throttle.refused(now - 20 * MS, now, Duration.ZERO, NO_HEADERS)).isTrue();
      assertThat(throttle.pausedFor(now)).isZero();
      assertThat(turnsWithoutWaiting()).isEqualTo(1_000);
      assertThat(throttle.rate()).isZero();
    }

    @Test
    void isLengthenedButNotRestartedByTheOther429sOfTheSameEpisode() {
      admit(10);
      long episode = now;
      assertThat(throttle.refused(now - 20 * MS, now, Duration.ofSeconds(1), NO_HEADERS)).isTrue();
      // Three more were on the wire before the first 429 came back.
      for (int i = 1; i <= 3; i++) {
        assertThat(throttle.refused(episode - 5 * MS, episode + i * MS, Duration.ofSeconds(1), NO_HEADERS)).isTrue();
      }
      assertThat(throttle.pausedFor(episode)).isEqualTo(SECOND + 3 * MS);
      assertThat(throttle.throttledCount()).isEqualTo(4);
      now = episode + SECOND + 3 * MS;
      throttle.reserve(now);
      // One episode: one decrease from the 10 admitted, not four.
      assertThat(throttle.rate()).isEqualTo(9.0);
    }
  }

  @Nested
  class PacingAfterA429 {
    @Test
    void runsAtNinetyPercentOfWhatWasAdmittedInTheSecondBefore() {
      now += 5 * SECOND;
      admit(30); // 30 in 300 ms: all within the second before the 429
      now += 500 * MS;
      admit(10); // 10 more: 40 in the second before
      throttle.refused(now - 20 * MS, now, Duration.ofSeconds(1), NO_HEADERS);
      now += SECOND;

      throttle.reserve(now);

      assertThat(throttle.rate()).isEqualTo(0.9 * 40);
    }

    @Test
    void spendsWhatTheServerSavedUpDuringThePauseThenOneTurnPerInterval() {
      admit(10);
      throttle.refused(now - 20 * MS, now, Duration.ofSeconds(1), NO_HEADERS);
      now += SECOND;
      // Paced at 9/s with a burst of one second's worth: 9 go at once; the next waits 1/9 s.
      assertThat(turnsWithoutWaiting()).isEqualTo(9);
      Throttle.Turn next = throttle.reserve(now);
      assertThat(next.taken()).isTrue();
      assertThat(next.waitNanos()).isBetween(2 * SECOND / 9 - MS, 2 * SECOND / 9 + MS); // after the one that waited
      assertThat(throttle.stillHolds(next)).isTrue();
    }

    @Test
    void aTurnWaitedForNoLongerHoldsWhenANewEpisodeBeganMeanwhile() {
      admit(10);
      throttle.refused(now - 20 * MS, now, Duration.ofSeconds(1), NO_HEADERS);
      now += SECOND;
      turnsWithoutWaiting();
      Throttle.Turn waiting = throttle.reserve(now);
      throttle.admitted(now - 20 * MS, now + MS, NO_HEADERS);
      throttle.refused(now + MS, now + 30 * MS, Duration.ofSeconds(1), NO_HEADERS);
      assertThat(throttle.stillHolds(waiting)).isFalse();
    }

    @Test
    void risesByPointTwoPercentPerAdmittedRequest() {
      admit(10);
      throttle.refused(now - 20 * MS, now, Duration.ofSeconds(1), NO_HEADERS);
      now += SECOND;
      throttle.reserve(now);
      admit(10);
      assertThat(throttle.rate()).isCloseTo(9.0 * Math.pow(1.002, 10), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aSecondEpisodeNeverRaisesTheRate() {
      admit(10);
      throttle.refused(now - 20 * MS, now, Duration.ofSeconds(1), NO_HEADERS);
      now += SECOND;
      throttle.reserve(now);
      admit(100); // 100 within a second: far more than the paced rate
      throttle.refused(now - 20 * MS, now, Duration.ofSeconds(1), NO_HEADERS);
      double before = throttle.rate();
      now += SECOND;
      throttle.reserve(now);
      assertThat(throttle.rate()).isEqualTo(0.9 * before);
    }
  }

  @Nested
  class WhoseDoingA429Is {
    @Test
    void theClientsWhenTheServerAdmittedOneOfItsRequestsSinceTheLastEpisode() {
      admit(3);
      assertThat(throttle.refused(now - 20 * MS, now, Duration.ZERO, NO_HEADERS)).isTrue();
    }

    @Test
    void notTheClientsWhenNothingWasAdmittedSinceTheLastEpisode() {
      admit(3);
      throttle.refused(now - 20 * MS, now, Duration.ZERO, NO_HEADERS);
      now += SECOND;
      // A storm: the retry, sent after the first 429, is refused too, and so is the next.
      assertThat(throttle.refused(now - 20 * MS, now, Duration.ZERO, NO_HEADERS)).isFalse();
      now += SECOND;
      assertThat(throttle.refused(now - 20 * MS, now, Duration.ZERO, NO_HEADERS)).isFalse();
    }
  }

  @Nested
  class RateLimitFields {
    private RateLimitHeaders fields(String policy, String limit) {
      Headers.Builder headers = new Headers.Builder();
      if (policy != null) {
        headers.add("RateLimit-Policy", policy);
      }
      if (limit != null) {
        headers.add("RateLimit", limit);
      }
      return RateLimitHeaders.of(headers.build());
    }

    @Test
    void aPolicyPacesFromTheFirstAnswerWithTheUnitsLeft() {
      throttle.admitted(now - 20 * MS, now, fields("\"default\";q=10;w=1", "\"default\";r=4;t=1"));
      assertThat(throttle.rate()).isEqualTo(10.0);
      assertThat(turnsWithoutWaiting()).isEqualTo(4);
      assertThat(throttle.reserve(now).waitNanos()).isEqualTo(2 * SECOND / 10);
    }

    @Test
    void aPolicyIsNotProbedAbove() {
      for (int i = 0; i < 100; i++) {
        throttle.admitted(now - 20 * MS, now, fields("\"default\";q=10;w=1", null));
      }
      assertThat(throttle.rate()).isEqualTo(10.0);
    }

    @Test
    void noUnitsLeftWithoutAPolicyPausesUntilTheReset() {
      throttle.admitted(now - 20 * MS, now, fields(null, "\"default\";r=0;t=3"));
      assertThat(throttle.pausedFor(now)).isEqualTo(3 * SECOND);
      assertThat(throttle.rate()).isZero();
    }

    @Test
    void a429WithoutRetryAfterPausesUntilTheReset() {
      throttle.admitted(now - 20 * MS, now, NO_HEADERS);
      throttle.refused(now - 20 * MS, now, null, fields(null, "\"default\";r=0;t=2"));
      assertThat(throttle.pausedFor(now)).isEqualTo(2 * SECOND);
    }
  }
}
