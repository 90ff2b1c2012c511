package io.passport.customers.internal;

import io.passport.customers.PassportCustomersClient;
import io.passport.customers.RetryPolicy;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.NullUnmarked;

/**
 * One client's view of the server's rate limit, shared by every call and listing of that client (the
 * provider limits requests per access token, and a client has one). It does three things:
 *
 * <ol>
 *   <li><b>One pause for all.</b> A 429 pauses every call of the client until its {@code Retry-After}
 *       (1 s when it names none): no call sends while paused, so N calls in flight do not become N
 *       independent retries. The 429s of requests that were already on the wire when the first one
 *       came back belong to the same episode: they may lengthen the pause but change nothing else.
 *   <li><b>Pacing from what the server admitted.</b> When a pause ends (a 429 with {@code Retry-After:
 *       0} says the limit has room again, so it paces nothing and pauses only {@link
 *       #ZERO_RETRY_AFTER_PAUSE}, doubling per such 429 in a row up to 1 s), the client paces its requests
 *       with a token bucket (a burst of one second's worth) at 90 % of the rate the server admitted in
 *       the second before the 429 (never more than the rate paced before). Each admitted request then
 *       raises the rate by 0.2 %, so a limit that grows is found again slowly; the next 429 starts the
 *       next episode. This is additive-increase/multiplicative-decrease on the request rate: the window
 *       of pages in flight ({@link AdaptiveLimit}) cannot do it alone, because one request at a time is
 *       already faster than most limits.
 *   <li><b>Pacing from headers.</b> When the server sends {@code RateLimit-Policy} (see {@link
 *       RateLimitHeaders}), its quota per window is the paced rate and burst from the first answer on,
 *       before any 429, and each {@code RateLimit} lowers the tokens the client thinks it has to the
 *       units the server says are left. A server that sends {@code RateLimit} without a policy and
 *       says 0 are left pauses the client until its reset.
 * </ol>
 *
 * <p>{@link #wasOwnOverrun} also tells the retry loop whether the 429 was caused by the client's own pace:
 * when the server admitted a request of this client since the last episode began, the 429 is part of
 * finding the limit and the retry does not count against {@link RetryPolicy#maxAttempts()} (the call's
 * deadline still bounds it). A server that refuses everything gets no such free retries, so a storm of
 * 429s costs at most {@code maxAttempts} requests per call.
 *
 * <p>A turn that is not used (its call gave up waiting, or sent nothing) is given back with {@link
 * #unused}, so callers that give up cannot leave a debt behind. Times are {@link Timing#nanoTime()} values. Thread-safe: every method holds the lock briefly and
 * none waits under it.
 */
@NullUnmarked
public final class Throttle {
  private static final DebugLog log = DebugLog.of(PassportCustomersClient.class);
  static final Duration DEFAULT_PAUSE = Duration.ofSeconds(1);
  /** After an episode, the paced rate is this share of what the server admitted in the second before it. */
  static final double DECREASE = 0.9;
  /** Each admitted request raises a paced rate (not one a policy gave) by this share. */
  static final double PROBE = 0.002;
  static final double MIN_RATE = 0.1;
  static final double MAX_RATE = 100_000;
  private static final long SECOND = 1_000_000_000L;
  /** Send times of the last admitted requests, to count those of the second before an episode. */
  private static final int REMEMBERED = 1024;

  /** Zero Retry-After pauses start here and double per such episode in a row, up to {@link #DEFAULT_PAUSE}. */
  public static final Duration ZERO_RETRY_AFTER_PAUSE = Duration.ofMillis(100);

  private final long[] admittedSends = new long[REMEMBERED];
  /** Admitted requests ever: a long, so it cannot wrap (2^63 requests at 10^6/s take 292,000 years). */
  private long admittedCount;
  private long pausedUntil;
  private boolean paused;
  private long episodeStart;
  private long episode;
  /** Whether any episode has begun (the episode number alone could start anywhere). */
  private boolean started;
  /** 429s with Retry-After 0 in a row, each episode's pause doubling; an admitted request resets it. */
  private int zeroPauses;
  private boolean episodeFree;
  private boolean admittedSinceEpisode;
  private boolean estimatePending;
  private boolean fromPolicy;
  /** Requests per second, or 0 while not pacing. */
  private double rate;
  private double tokens;
  private long tokensAt;
  private long throttled;

  public Throttle() {}

  /** Tests only: a throttle whose counters start at {@code counters}, to prove they do not wrap. */
  public Throttle(long counters) {
    this.admittedCount = counters;
    this.episode = counters;
  }

  /** A turn to send: wait this long first; {@code taken} says whether a paced token is already spent. */
  public record Turn(long waitNanos, boolean taken, long episode) {}

  /**
   * Asks to send now. Returns a turn with no wait when the request may go at once (its token spent), a
   * wait with {@code taken} when its token is spent but it must wait for it, or a wait without {@code
   * taken} while the client is paused (ask again after it).
   */
  public synchronized Turn reserve(long now) {
    if (paused) {
      if (now - pausedUntil < 0) {
        return new Turn(pausedUntil - now, false, episode);
      }
      paused = false;
      if (estimatePending) {
        estimate(now);
      }
    }
    if (rate <= 0) {
      return new Turn(0, true, episode);
    }
    refill(now);
    tokens -= 1;
    long wait = (long) Math.ceil(Math.max(0, -tokens) / rate * SECOND);
    return new Turn(wait, true, episode);
  }

  /** {@return whether a turn taken before a wait still holds: no episode began meanwhile} */
  public synchronized boolean stillHolds(Turn turn) {
    return turn.taken() && turn.episode() == episode && !paused;
  }

  /**
   * Gives back the token of a turn that was not used: its call gave up (deadline, cancel, interrupt)
   * or did not send. A turn of an episode that has ended is not given back: the episode reset the
   * tokens. Without this, callers that give up while waiting would leave a debt that delays every later
   * call, however long the load has stopped.
   */
  synchronized void unused(Turn turn) {
    if (turn.taken() && turn.episode() == episode && rate > 0) {
      tokens = Math.min(capacity(rate), tokens + 1);
    }
  }

  /** A request sent at {@code sentAt} was admitted (any answer but 429) at {@code now}. */
  public synchronized void admitted(long sentAt, long now, RateLimitHeaders headers) {
    admittedSends[(int) (admittedCount++ % REMEMBERED)] = sentAt;
    admittedSinceEpisode = true;
    zeroPauses = 0;
    if (headers.hasPolicy()) {
      double policyRate = Math.max(MIN_RATE, Math.min(MAX_RATE, headers.ratePerSecond()));
      if (!fromPolicy || policyRate != rate) {
        log.debug("the server's RateLimit-Policy allows {} requests per {} s: pacing at {} requests/s",
            headers.quota(), headers.windowSeconds(), format(policyRate));
        tokens = capacity(policyRate);
        tokensAt = now;
      }
      fromPolicy = true;
      estimatePending = false;
      rate = policyRate;
    }
    if (headers.remaining() >= 0) {
      if (rate > 0) {
        refill(now);
        tokens = Math.min(tokens, headers.remaining());
      } else if (headers.remaining() == 0 && headers.resetSeconds() > 0) {
        pauseUntil(now + Math.min(headers.resetSeconds(), RetryLoop.MAX_RETRY_AFTER.toSeconds()) * SECOND);
      }
    } else if (!fromPolicy && !estimatePending) { // a rate of 0 (not pacing) stays 0
      refill(now);
      rate = Math.min(MAX_RATE, rate * (1 + PROBE));
    }
  }

  /**
   * A request sent at {@code sentAt} was answered 429 at {@code now}: records it (the shared pause, the
   * episode) and answers whether the 429 was the client's own overrun, its pace passing a limit the
   * server admitted requests under since the last episode (then its retry is free; see the class comment).
   *
   * @param retryAfter the server's Retry-After, or null
   * @return whether the 429 was the client's own overrun
   */
  public synchronized boolean wasOwnOverrun(long sentAt, long now, Duration retryAfter, RateLimitHeaders headers) {
    throttled++;
    Duration pause = retryAfter != null ? retryAfter
        : headers.resetSeconds() > 0 ? Duration.ofSeconds(Math.min(headers.resetSeconds(), RetryLoop.MAX_RETRY_AFTER.toSeconds()))
        : DEFAULT_PAUSE;
    boolean sameEpisode = started && sentAt - episodeStart < 0;
    if (pause.isZero()) {
      // Retry-After: 0 says the limit has room again, but a server that says it every time would
      // otherwise be sent to in a hot loop: a short pause, doubling per such episode in a row.
      pause = ZERO_RETRY_AFTER_PAUSE.multipliedBy(1L << Math.min(zeroPauses, 4));
      if (pause.compareTo(DEFAULT_PAUSE) > 0) {
        pause = DEFAULT_PAUSE;
      }
      if (!sameEpisode) {
        zeroPauses++;
      }
      pauseUntil(now + pause.toNanos());
      if (sameEpisode) {
        return episodeFree;
      }
      startEpisode(now);
      log.debug("the server answered 429 with Retry-After 0 (episode {}): every call waits {} ms, no pace",
          episode, pause.toMillis());
      return episodeFree;
    }
    pauseUntil(now + pause.toNanos());
    if (sameEpisode) {
      return episodeFree; // on the wire before this episode's first 429 came back: already counted
    }
    startEpisode(now);
    estimatePending = !fromPolicy;
    tokens = 0;
    tokensAt = now;
    log.debug("the server answered 429: every call of this client waits {} ms (episode {})", pause.toMillis(), episode);
    return episodeFree;
  }

  private void startEpisode(long now) {
    started = true;
    episode++;
    episodeStart = now;
    episodeFree = admittedSinceEpisode;
    admittedSinceEpisode = false;
  }

  /** {@return how long the client is still paused at {@code now}; 0 when it is not} */
  public synchronized long pausedFor(long now) {
    return paused ? Math.max(0, pausedUntil - now) : 0;
  }

  /** {@return the paced rate in requests per second, or 0 while the client does not pace} */
  public synchronized double rate() {
    return rate;
  }

  /** {@return how many 429s this client has been answered} */
  public synchronized long throttledCount() {
    return throttled;
  }

  private void pauseUntil(long until) {
    pausedUntil = paused ? Math.max(pausedUntil, until) : until;
    paused = true;
  }

  /** Sets the paced rate from what the server admitted in the second before the episode began. */
  private void estimate(long now) {
    estimatePending = false;
    int admitted = 0;
    int known = (int) Math.min(admittedCount, REMEMBERED);
    for (int i = 0; i < known; i++) {
      long sent = admittedSends[i];
      if (sent - episodeStart < 0 && episodeStart - sent <= SECOND) {
        admitted++;
      }
    }
    double before = rate;
    if (admitted > 0) {
      rate = DECREASE * (rate > 0 ? Math.min(rate, admitted) : admitted);
    } else if (rate > 0) {
      rate = DECREASE * rate;
    }
    if (rate > 0) {
      rate = Math.max(MIN_RATE, rate);
      // The server's bucket filled while the client waited: what it saved up since the episode began.
      tokens = Math.min(capacity(rate), (double) (now - episodeStart) / SECOND * rate);
      tokensAt = now;
      log.debug("pacing at {} requests/s (was {}, 0 meaning not paced): {} requests were admitted in the"
          + " second before the 429", format(rate), format(before), admitted);
    }
  }

  private void refill(long now) {
    tokens = Math.min(capacity(rate), tokens + (double) Math.max(0, now - tokensAt) / SECOND * rate);
    tokensAt = Math.max(tokensAt, now);
  }

  /** A burst of one second's worth, and at least one request. */
  private static double capacity(double rate) {
    return Math.max(1, rate);
  }

  private static String format(double rate) {
    return String.format(Locale.ROOT, "%.2f", rate);
  }

  @Override
  public synchronized String toString() {
    return "Throttle{rate=" + format(rate) + (fromPolicy ? " (policy)" : "") + ", paused=" + paused
        + ", episode=" + episode + "}";
  }
}
