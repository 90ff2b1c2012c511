package io.passport.customers.internal;

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

  /** The rate-limit fields of an answer with these {@code RateLimit-Policy} and {@code RateLimit} values (null: absent). */
  private static RateLimitHeaders fields(String policy, String limit) {
    Headers.Builder headers = new Headers.Builder();
    if (policy != null) {
      headers.add("RateLimit-Policy", policy);
    }
    if (limit != null) {
      headers.add("RateLimit", limit);
    }
    return RateLimitHeaders.of(headers.build());
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
      assertThat(throttle.wasOwnOverrun(now - 20 * MS, now, Duration.ofSeconds(1), NO_HEADERS)).isFalse();
    }
  }

  @Nested
  class APause {
    @Test
    void lastsTheRetryAfterForEveryCallerAndSpendsNoToken() {
      admit(10);
      throttle.wasOwnOverrun(now - 20 * MS, now, Duration.ofSeconds(2), NO_HEADERS);

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
      throttle.wasOwnOverrun(now - 20 * MS, now, null, NO_HEADERS);
      assertThat(throttle.pausedFor(now)).isEqualTo(Throttle.DEFAULT_PAUSE.toNanos());
    }

    @Test
    void aRetryAfterOfZeroPausesBrieflyAndDoesNotPace() {
      admit(10);
      assertThat(throttle.wasOwnOverrun(now - 20 * MS, now, Duration.ZERO, NO_HEADERS)).isTrue();
      assertThat(throttle.pausedFor(now)).isEqualTo(Throttle.ZERO_RETRY_AFTER_PAUSE.toNanos());
      now += Throttle.ZERO_RETRY_AFTER_PAUSE.toNanos();
      assertThat(turnsWithoutWaiting()).isEqualTo(1_000);
      assertThat(throttle.rate()).isZero();
    }

    @Test
    void aRetryAfterOfZeroInARowDoublesThePauseUpToOneSecondUntilARequestIsAdmitted() {
      admit(1);
      long[] pauses = new long[7];
      for (int i = 0; i < pauses.length; i++) {
        now += 2 * SECOND;
        throttle.wasOwnOverrun(now - MS, now, Duration.ZERO, NO_HEADERS);
        pauses[i] = throttle.pausedFor(now) / MS;
      }
      assertThat(pauses).containsExactly(100, 200, 400, 800, 1000, 1000, 1000);
      now += 2 * SECOND;
      throttle.admitted(now - MS, now, NO_HEADERS);
      throttle.wasOwnOverrun(now, now + MS, Duration.ZERO, NO_HEADERS);
      assertThat(throttle.pausedFor(now + MS)).isEqualTo(100 * MS);
    }

    @Test
    void isLengthenedButNotRestartedByTheOther429sOfTheSameEpisode() {
      admit(10);
      long episode = now;
      assertThat(throttle.wasOwnOverrun(now - 20 * MS, now, Duration.ofSeconds(1), NO_HEADERS)).isTrue();
      // Three more were on the wire before the first 429 came back.
      for (int i = 1; i <= 3; i++) {
        assertThat(throttle.wasOwnOverrun(episode - 5 * MS, episode + i * MS, Duration.ofSeconds(1), NO_HEADERS)).isTrue();
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
      throttle.wasOwnOverrun(now - 20 * MS, now, Duration.ofSeconds(1), NO_HEADERS);
      now += SECOND;

      throttle.reserve(now);

      assertThat(throttle.rate()).isEqualTo(0.9 * 40);
    }

    @Test
    void spendsWhatTheServerSavedUpDuringThePauseThenOneTurnPerInterval() {
      admit(10);
      throttle.wasOwnOverrun(now - 20 * MS, now, Duration.ofSeconds(1), NO_HEADERS);
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
      throttle.wasOwnOverrun(now - 20 * MS, now, Duration.ofSeconds(1), NO_HEADERS);
      now += SECOND;
      turnsWithoutWaiting();
      Throttle.Turn waiting = throttle.reserve(now);
      throttle.admitted(now - 20 * MS, now + MS, NO_HEADERS);
      throttle.wasOwnOverrun(now + MS, now + 30 * MS, Duration.ofSeconds(1), NO_HEADERS);
      assertThat(throttle.stillHolds(waiting)).isFalse();
    }

    @Test
    void risesByPointTwoPercentPerAdmittedRequest() {
      admit(10);
      throttle.wasOwnOverrun(now - 20 * MS, now, Duration.ofSeconds(1), NO_HEADERS);
      now += SECOND;
      throttle.reserve(now);
      admit(10);
      assertThat(throttle.rate()).isCloseTo(9.0 * Math.pow(1.002, 10), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aSecondEpisodeNeverRaisesTheRate() {
      admit(10);
      throttle.wasOwnOverrun(now - 20 * MS, now, Duration.ofSeconds(1), NO_HEADERS);
      now += SECOND;
      throttle.reserve(now);
      admit(100); // 100 within a second: far more than the paced rate
      throttle.wasOwnOverrun(now - 20 * MS, now, Duration.ofSeconds(1), NO_HEADERS);
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
      assertThat(throttle.wasOwnOverrun(now - 20 * MS, now, Duration.ZERO, NO_HEADERS)).isTrue();
    }

    @Test
    void notTheClientsWhenNothingWasAdmittedSinceTheLastEpisode() {
      admit(3);
      throttle.wasOwnOverrun(now - 20 * MS, now, Duration.ZERO, NO_HEADERS);
      now += SECOND;
      // A storm: the retry, sent after the first 429, is refused too, and so is the next.
      assertThat(throttle.wasOwnOverrun(now - 20 * MS, now, Duration.ZERO, NO_HEADERS)).isFalse();
      now += SECOND;
      assertThat(throttle.wasOwnOverrun(now - 20 * MS, now, Duration.ZERO, NO_HEADERS)).isFalse();
    }
  }

  @Nested
  class RateLimitFields {
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
      throttle.wasOwnOverrun(now - 20 * MS, now, null, fields(null, "\"default\";r=0;t=2"));
      assertThat(throttle.pausedFor(now)).isEqualTo(2 * SECOND);
    }
  }

  @Nested
  class Exactly {
    /** An episode after 10 admitted requests, ended by reserving at the pause's end: paced at 9/s. */
    private long pacedAtNine() {
      admit(10);
      throttle.wasOwnOverrun(now - 20 * MS, now, Duration.ofSeconds(1), NO_HEADERS);
      now += SECOND;
      throttle.reserve(now);
      return throttle.reserve(now).episode();
    }

    @Test
    void tokensComeBackAtThePacedRate() {
      pacedAtNine();
      while (throttle.reserve(now).waitNanos() == 0) {
        // spend what the pause saved up
      }
      now += 5 * SECOND; // far more than a burst: the bucket is full again, and the debt repaid
      assertThat(turnsWithoutWaiting()).isEqualTo(9);
      // The turn that had to wait owes a token: -1 + 4.5 = 3.5, three turns, and the fourth owes half.
      now += SECOND / 2;
      assertThat(turnsWithoutWaiting()).isEqualTo(3);
      assertThat(throttle.reserve(now).waitNanos()).isEqualTo((long) Math.ceil(1.5 / 9 * SECOND));
    }

    @Test
    void aPauseShorterThanASecondSavesUpOnlyWhatItLasted() {
      admit(10);
      throttle.wasOwnOverrun(now - 20 * MS, now, Duration.ofMillis(500), NO_HEADERS);
      now += SECOND / 2;
      assertThat(turnsWithoutWaiting()).isEqualTo(4); // 0.5 s at 9/s
    }

    @Test
    void theSecondBeforeTheEpisodeIncludesItsFirstNanosecondAndExcludesTheEpisodesOwnInstant() {
      long episode = now + 10 * SECOND;
      throttle.admitted(episode - SECOND - 1, episode - SECOND, NO_HEADERS);   // too early
      throttle.admitted(episode - SECOND, episode - SECOND + 20 * MS, NO_HEADERS); // counted
      throttle.admitted(episode - 1, episode, NO_HEADERS);                      // counted
      throttle.admitted(episode, episode + 20 * MS, NO_HEADERS);                // sent as it began: not before
      throttle.wasOwnOverrun(episode - 20 * MS, episode, Duration.ofSeconds(1), NO_HEADERS);
      now = episode + SECOND;
      throttle.reserve(now);
      assertThat(throttle.rate()).isEqualTo(0.9 * 2);
    }

    @Test
    void anEpisodeWithNothingAdmittedInTheSecondBeforeLowersThePaceByATenth() {
      pacedAtNine();
      now += 2 * SECOND;
      throttle.wasOwnOverrun(now - 20 * MS, now, Duration.ofSeconds(1), NO_HEADERS);
      now += SECOND;
      throttle.reserve(now);
      assertThat(throttle.rate()).isCloseTo(0.9 * 9, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void aFirstEpisodeWithNothingAdmittedSetsNoPace() {
      throttle.wasOwnOverrun(now - 20 * MS, now, Duration.ofSeconds(1), NO_HEADERS);
      now += SECOND;
      assertThat(turnsWithoutWaiting()).isEqualTo(1_000);
      assertThat(throttle.rate()).isZero();
    }

    @Test
    void aRequestSentTheInstantA429CameBackBelongsToTheNextEpisode() {
      long first = pacedAtNine();
      long episodeStart = now - SECOND;
      throttle.wasOwnOverrun(episodeStart - 1, now, Duration.ZERO, NO_HEADERS);   // on the wire before: same
      assertThat(throttle.reserve(now).episode()).isEqualTo(first);
      throttle.wasOwnOverrun(episodeStart, now, Duration.ZERO, NO_HEADERS);       // sent as it began: next
      assertThat(throttle.reserve(now).episode()).isEqualTo(first + 1);
    }

    @Test
    void theOther429sOfAnEpisodeThatWasNotTheClientsDoingAreNotEither() {
      throttle.wasOwnOverrun(now - 20 * MS, now, Duration.ZERO, NO_HEADERS);
      assertThat(throttle.wasOwnOverrun(now - 10 * MS, now + MS, Duration.ZERO, NO_HEADERS)).isFalse();
    }

    @Test
    void aRetryAfterOfZeroWhenNothingWasAdmittedIsNotTheClientsDoing() {
      assertThat(throttle.wasOwnOverrun(now - 20 * MS, now, Duration.ZERO, NO_HEADERS)).isFalse();
    }

    @Test
    void describesItsPaceAndEpisodesWithoutSecrets() {
      assertThat(throttle).hasToString("Throttle{rate=0.00, paused=false, episode=0}");
      pacedAtNine();
      assertThat(throttle).hasToString("Throttle{rate=9.00, paused=false, episode=1}");
      throttle.admitted(now - 20 * MS, now, RateLimitHeaders.of(Headers.of("RateLimit-Policy", "\"d\";q=5;w=1")));
      assertThat(throttle).hasToString("Throttle{rate=5.00 (policy), paused=false, episode=1}");
    }
  }

  @Nested
  class ExactlyWithFields {
    @Test
    void aNewPolicyStartsAFullBucketAndTheSamePolicyAgainDoesNot() {
      throttle.admitted(now - 20 * MS, now, fields("\"d\";q=10;w=1", null));
      throttle.reserve(now);
      throttle.reserve(now);
      throttle.reserve(now);
      throttle.admitted(now - 20 * MS, now, fields("\"d\";q=10;w=1", null)); // same: 7 left
      assertThat(turnsWithoutWaiting()).isEqualTo(7);
      throttle.admitted(now - 20 * MS, now, fields("\"d\";q=5;w=1", null));  // new: full at 5
      assertThat(turnsWithoutWaiting()).isEqualTo(5);
    }

    @Test
    void theUnitsLeftCountFromWhatTheBucketHoldsNow() {
      throttle.admitted(now - 20 * MS, now, fields("\"d\";q=10;w=1", "\"d\";r=0;t=1"));
      now += SECOND / 2; // 5 tokens came back
      throttle.admitted(now - 20 * MS, now, fields(null, "\"d\";r=3;t=1"));
      assertThat(turnsWithoutWaiting()).isEqualTo(3);
    }

    @Test
    void noUnitsLeftAndNoResetPausesNothing() {
      throttle.admitted(now - 20 * MS, now, fields(null, "\"d\";r=0;t=0"));
      assertThat(throttle.pausedFor(now)).isZero();
    }

    @Test
    void unitsLeftWithoutAPolicyPauseNothing() {
      throttle.admitted(now - 20 * MS, now, fields(null, "\"d\";r=2;t=5"));
      assertThat(throttle.pausedFor(now)).isZero();
      assertThat(turnsWithoutWaiting()).isEqualTo(1_000);
    }
  }
}
