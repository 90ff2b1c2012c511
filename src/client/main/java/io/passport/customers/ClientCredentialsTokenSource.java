package io.passport.customers;

import io.passport.customers.api.AccessTokensApi;
import io.passport.customers.model.AccessTokenRequest;
import io.passport.customers.model.AccessTokenResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exchanges a client id and secret for access tokens at {@code POST /v1/iam/oauth/tokens}, keeps the
 * token until shortly before it expires, and fetches a new one single-flight: however many threads
 * ask at once, one request goes out. A 401 on a customer call {@linkplain #invalidate invalidates}
 * the token so the next call fetches a fresh one. Thread-safe.
 */
final class ClientCredentialsTokenSource implements TokenSource {
  /** Renew this long before the server's expiry, so a token never expires in flight. */
  static final Duration RENEW_EARLY = Duration.ofSeconds(60);
  /** Assumed lifetime when the server leaves {@code expires_in} out. */
  static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

  private final AccessTokensApi api;
  private final CallExecutor executor;
  private final String clientId;
  private final String clientSecret;
  private final Clock clock;
  private final ReentrantLock fetching = new ReentrantLock();
  private volatile CachedToken current;

  ClientCredentialsTokenSource(
      AccessTokensApi api, CallExecutor executor, String clientId, String clientSecret, Clock clock) {
    this.api = api;
    this.executor = executor;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.clock = clock;
  }

  @Override
  public String token() {
    CachedToken token = current;
    if (token != null && token.isFresh(clock.instant())) {
      return token.value;
    }
    fetching.lock();
    try {
      token = current;
      if (token == null || !token.isFresh(clock.instant())) {
        token = fetch();
        current = token;
      }
      return token.value;
    } finally {
      fetching.unlock();
    }
  }

  @Override
  public boolean invalidate(String rejectedToken) {
    fetching.lock();
    try {
      CachedToken token = current;
      if (token != null && token.value.equals(rejectedToken)) {
        current = null;
      }
      return true; // the next token() fetches anew, or returns one already renewed by another thread
    } finally {
      fetching.unlock();
    }
  }

  private CachedToken fetch() {
    Instant requestedAt = clock.instant();
    AccessTokenResponse response =
        executor.execute(
            api.issueAccessToken(
                new AccessTokenRequest()
                    .clientId(clientId)
                    .clientSecret(clientSecret)
                    .grantType(AccessTokenRequest.GrantTypeEnum.CLIENT_CREDENTIALS)));
    String value = response.getAccessToken();
    if (value == null || value.isBlank()) {
      throw PassportException.invalidResponse(200, "the token response has no access_token", null);
    }
    Duration lifetime =
        response.getExpiresIn() == null || response.getExpiresIn() <= 0
            ? DEFAULT_LIFETIME
            : Duration.ofSeconds(response.getExpiresIn());
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

    @Override
    public String toString() {
      return "CachedToken{renewAt=" + renewAt + "}";
    }
  }
}
