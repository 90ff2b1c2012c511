package io.passport.customers.sandbox;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sandbox's access control: the tokens it accepts (issued, registered or static), with their
 * scopes and expiry read from one {@link Clock}, and the client credentials its token endpoint takes.
 * It decides; the caller answers. Thread-safe: tokens live in a concurrent map, the credentials in one
 * volatile pair.
 */
final class TokenRegistry {
  static final String BEARER = "Bearer ";

  /** Why a request was turned away: the status, the provider's code and the message to answer with. */
  record Denial(int status, String code, String message) {}

  private record Grant(Set<String> scopes, Instant expiresAt) {}

  private record Credentials(String clientId, String clientSecret) {}

  private final Map<String, Grant> tokens = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;
  private final Duration lifetime;
  private volatile Credentials credentials;

  /**
   * @param clock what expiry is read from
   * @param lifetime how long tokens from the token endpoint are accepted
   * @param clientId the client id the token endpoint accepts
   * @param clientSecret the client secret it accepts
   */
  TokenRegistry(Clock clock, Duration lifetime, String clientId, String clientSecret) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
    clientCredentials(clientId, clientSecret);
  }

  /** {@return how long tokens from the token endpoint are accepted} */
  Duration lifetime() {
    return lifetime;
  }

  /** Accepts {@code token} with {@code scopes} for ever. */
  void registerForever(String token, String... scopes) {
    tokens.put(Objects.requireNonNull(token, "token"), new Grant(Set.of(scopes), Instant.MAX));
  }

  /** Accepts {@code token} with {@code scopes} until {@code lifetime} from now (zero or less: never). */
  void register(String token, Duration lifetime, String... scopes) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(lifetime, "lifetime");
    tokens.put(token, new Grant(Set.of(scopes), clock.instant().plus(lifetime)));
  }

  /** {@return a new random token, accepted with {@code scopes} until {@code lifetime} from now} */
  String issue(Duration lifetime, String... scopes) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    String token = "sbx_" + HexFormat.of().formatHex(bytes);
    register(token, lifetime, scopes);
    return token;
  }

  /** Changes the client credentials the token endpoint accepts. */
  void clientCredentials(String clientId, String clientSecret) {
    credentials = new Credentials(Objects.requireNonNull(clientId, "clientId"),
        Objects.requireNonNull(clientSecret, "clientSecret"));
  }

  /** {@return whether these are the client credentials the token endpoint accepts} */
  boolean acceptsClient(String clientId, String clientSecret) {
    Credentials current = credentials;
    return current.clientId().equals(clientId) && current.clientSecret().equals(clientSecret);
  }

  /**
   * Checks a request's {@code Authorization} header against {@code scope}.
   *
   * @param authorization the header's value, or null when it was not sent
   * @param scope the scope the operation needs
   * @return null when the request may proceed, else why not (401 or 403)
   */
  Denial check(String authorization, String scope) {
    if (authorization == null || !authorization.startsWith(BEARER) || authorization.length() == BEARER.length()) {
      return new Denial(401, "UNAUTHENTICATED", "missing bearer token");
    }
    Grant grant = tokens.get(authorization.substring(BEARER.length()));
    if (grant == null) {
      return new Denial(401, "UNAUTHENTICATED", "unknown access token");
    }
    if (!clock.instant().isBefore(grant.expiresAt())) {
      return new Denial(401, "UNAUTHENTICATED", "access token expired");
    }
    if (!grant.scopes().contains(scope)) {
      return new Denial(403, "PERMISSION_DENIED", "the token lacks the scope " + scope);
    }
    return null;
  }
}
