package io.passport.customers.internal;

import com.squareup.moshi.JsonAdapter;
import io.passport.customers.PassportException;
import io.passport.customers.model.AccessTokenRequest;
import io.passport.customers.model.AccessTokenResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import okhttp3.Request;
import org.jspecify.annotations.NullUnmarked;

/**
 * Exchanges a client id and secret for access tokens at {@code POST /v1/iam/oauth/tokens}, keeps the
 * token until shortly before it expires, and fetches a new one single-flight: however many threads
 * ask at once, one request goes out and every waiter shares its outcome, a failure included. A failure
 * is then held for the policy's initial backoff, or the token endpoint's {@code Retry-After} when that
 * is longer: a call that asks meanwhile waits until the hold ends and then fetches (so every attempt
 * that fails on a token sent a request), and one whose deadline ends first fails with the held failure.
 * Waits are interruptible and end at the caller's deadline.
 *
 * <p>A fetch is one HTTP attempt with the calling call's deadline; the calling call's retry loop is
 * the only one. A token that is empty or not a valid header value is an {@link
 * PassportException.Kind#INVALID_RESPONSE} and is not kept; {@code expires_in} (0 and less included)
 * is clamped to {@link #MIN_LIFETIME} to {@link #MAX_LIFETIME}, and one that is not a whole number is
 * {@code INVALID_RESPONSE} (the API defines it as an integer). A 401 on a customer call {@linkplain #invalidate
 * invalidates} the token so the next call fetches a fresh one. Thread-safe.
 */
@NullUnmarked
public final class ClientCredentialsTokenSource implements BearerTokens {
  /** Renew this long before the server's expiry, so a token never expires in flight. */
  static final Duration RENEW_EARLY = Duration.ofSeconds(60);
  /** Assumed lifetime when the server leaves {@code expires_in} out. */
  static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);
  /** Shortest lifetime believed. */
  static final Duration MIN_LIFETIME = Duration.ofSeconds(1);
  /** Longest lifetime believed. */
  static final Duration MAX_LIFETIME = Duration.ofDays(1);

  private final Function<AccessTokenRequest, Request> requests;
  private final JsonAdapter<AccessTokenResponse> adapter;
  private final RetryLoop retryLoop;
  private final String clientId;
  private final String clientSecret;
  private final Clock clock;
  private final Timing timing;
  private final long failureHoldNanos;

  private final Object lock = new Object();
  private CachedToken current;
  private CompletableFuture<CachedToken> inFlight;
  private PassportException lastFailure;
  private long lastFailureUntil;

  public ClientCredentialsTokenSource(Function<AccessTokenRequest, Request> requests, JsonAdapter<AccessTokenResponse> adapter,
      RetryLoop retryLoop, String clientId, String clientSecret, Clock clock, Timing timing, Duration failureHold) {
    this.requests = requests;
    this.adapter = adapter;
    this.retryLoop = retryLoop;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.clock = clock;
    this.timing = timing;
    this.failureHoldNanos = failureHold.toNanos();
  }

  @Override
  public String token(CallScope scope, long deadlineNanos) {
    while (true) {
      CompletableFuture<CachedToken> flight;
      boolean leader = false;
      long heldFor = 0;
      PassportException held = null;
      synchronized (lock) {
        if (current != null && current.isFresh(clock.instant())) {
          return current.value;
        }
        long now = timing.nanoTime();
        if (lastFailure != null && now - lastFailureUntil < 0) {
          held = lastFailure;
          heldFor = lastFailureUntil - now;
        }
      }
      if (held != null) {
        awaitHold(held, heldFor, scope, deadlineNanos);
        continue; // the hold is over: fetch anew, so that this attempt sends
      }
      synchronized (lock) {
        if (current != null && current.isFresh(clock.instant())) {
          return current.value;
        }
        if (inFlight == null) {
          inFlight = new CompletableFuture<>();
          leader = true;
        }
        flight = inFlight;
      }
      if (leader) {
        return lead(flight, scope, deadlineNanos);
      }
      scope.throwIfCancelled();
      long left = deadlineNanos - timing.nanoTime();
      if (left <= 0) {
        throw Internal.transport("the call's deadline ran out while waiting for a token", null);
      }
      try {
        return flight.get(left, TimeUnit.NANOSECONDS).value;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Internal.cancelled("the thread was interrupted while waiting for a token", e);
      } catch (TimeoutException e) {
        throw Internal.transport("the call's deadline ran out while waiting for a token", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof PassportException failure) {
          if (failure.kind() == PassportException.Kind.CANCELLED) {
            continue; // the fetching call was cancelled, not this one: fetch again
          }
          throw Internal.shared(failure);
        }
        throw Internal.transport("the token fetch failed: " + e.getCause(), e.getCause());
      }
    }
  }

  /**
   * Waits out a failure that is held (the token endpoint's {@code Retry-After}, or the policy's initial
   * backoff), so that the attempt asking sends a request after it rather than failing without one; a
   * hold that ends past the call's deadline fails the call with the held failure.
   */
  private void awaitHold(PassportException held, long heldFor, CallScope scope, long deadlineNanos) {
    if (heldFor >= deadlineNanos - timing.nanoTime()) {
      throw Internal.shared(held);
    }
    try {
      timing.sleep(heldFor, scope);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Internal.cancelled("the thread was interrupted while waiting to ask for a token again", e);
    }
    scope.throwIfCancelled();
  }

  private String lead(CompletableFuture<CachedToken> flight, CallScope scope, long deadlineNanos) {
    long[] retryAfter = {0};
    try {
      CachedToken token = fetch(scope, deadlineNanos, retryAfter);
      synchronized (lock) {
        current = token;
        lastFailure = null;
        inFlight = null;
      }
      flight.complete(token);
      return token.value;
    } catch (PassportException e) {
      synchronized (lock) {
        inFlight = null;
        if (e.kind() != PassportException.Kind.CANCELLED) {
          lastFailure = e;
          lastFailureUntil = timing.nanoTime() + Math.max(failureHoldNanos, retryAfter[0]);
        }
      }
      flight.completeExceptionally(e);
      throw e;
    } catch (RuntimeException | Error e) {
      synchronized (lock) {
        inFlight = null;
      }
      flight.completeExceptionally(e);
      throw e;
    }
  }

  @Override
  public boolean invalidate(String rejectedToken) {
    synchronized (lock) {
      if (current != null && current.value.equals(rejectedToken)) {
        current = null;
      }
    }
    return true; // the next token() fetches anew, or returns one already renewed by another thread
  }

  /** Fetches a token; a failure's {@code Retry-After} (nanoseconds) is put in {@code retryAfter[0]}. */
  private CachedToken fetch(CallScope scope, long deadlineNanos, long[] retryAfter) {
    Instant requestedAt = clock.instant();
    Request request = requests.apply(new AccessTokenRequest()
        .clientId(clientId)
        .clientSecret(clientSecret)
        .grantType(AccessTokenRequest.GrantTypeEnum.CLIENT_CREDENTIALS));
    RetryLoop.Outcome<AccessTokenResponse> outcome = retryLoop.attempt(request, adapter, scope, deadlineNanos);
    if (outcome.failure() != null) {
      if (outcome.retryAfter() != null) {
        retryAfter[0] = outcome.retryAfter().toNanos();
      }
      throw outcome.failure();
    }
    AccessTokenResponse response = outcome.value();
    String value = response.getAccessToken();
    if (value == null || value.isEmpty()) {
      throw Internal.invalidResponse(200, "the token response has no access_token", null);
    }
    if (!BearerTokens.isValidHeaderValue(value)) {
      throw Internal.invalidResponse(200, "the token response's access_token (" + value.length()
          + " characters) is not visible ASCII, so cannot be sent in a header", null);
    }
    Long expiresIn = response.getExpiresIn();
    Duration lifetime;
    if (expiresIn == null) {
      lifetime = DEFAULT_LIFETIME;
    } else { // 0 or less is clamped too: the server says the token is (all but) expired
      lifetime = Duration.ofSeconds(Math.max(MIN_LIFETIME.getSeconds(), Math.min(expiresIn, MAX_LIFETIME.getSeconds())));
    }
    Duration early = lifetime.compareTo(RENEW_EARLY.multipliedBy(2)) < 0 ? lifetime.dividedBy(2) : RENEW_EARLY;
    return new CachedToken(value, requestedAt.plus(lifetime).minus(early));
  }

  @Override
  public String toString() {
    return "ClientCredentialsTokenSource{clientId=" + clientId + ", clientSecret=<redacted>}";
  }

  private static final class CachedToken {
    final String value;
    final Instant renewAt;

    CachedToken(String value, Instant renewAt) {
      this.value = value;
      this.renewAt = renewAt;
    }

    boolean isFresh(Instant now) {
      return now.isBefore(renewAt);
    }
  }
}
