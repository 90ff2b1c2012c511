package io.passport.customers;

import java.util.Objects;

/**
 * Where the client gets the bearer token it sends on every customer call. Implementations must be
 * thread-safe: many calls ask at once. {@link #of(String)} gives a fixed token; {@link
 * PassportCustomersClient.Builder#clientCredentials} gives one that fetches and renews tokens itself
 * (single-flight, within each call's deadline). An implementation's {@code toString()} must not reveal
 * the token.
 *
 * <p>Your own implementation reports that it cannot give a token by throwing a {@link
 * PassportException} made with {@link PassportException#of}: kind {@link
 * PassportException.Kind#UNAUTHORIZED} when retrying cannot help, {@link
 * PassportException.Kind#TRANSPORT} when it may, in which case the client retries the call as its
 * {@link RetryPolicy} allows. Anything else it throws reaches the caller wrapped in a {@code
 * PassportException} of kind {@code UNAUTHORIZED}, as does a token that is null, empty or not visible
 * ASCII (it could not be sent in a header). The client calls {@link #token()} on the calling thread
 * and cannot interrupt it: keep it short or bounded.
 */
public interface TokenSource {
  /**
   * The token to send now, without the {@code Bearer} prefix: one or more visible ASCII characters.
   *
   * @return the token
   * @throws PassportException if no token can be had (for example, the credentials were refused); see
   *     {@link PassportException#of}
   */
  String token();

  /**
   * Tells the source that the server refused {@code rejectedToken} with a 401, so that the next
   * {@link #token()} fetches a fresh one if the source can. The client retries the refused call once
   * when this returns true. The default keeps its token and returns false.
   *
   * @param rejectedToken the token the server refused
   * @return whether the next {@link #token()} may give a different token
   */
  default boolean invalidate(String rejectedToken) {
    return false;
  }

  /**
   * A source that always answers {@code accessToken}.
   *
   * @param accessToken the token, without the {@code Bearer} prefix
   * @return the token source
   */
  static TokenSource of(String accessToken) {
    Objects.requireNonNull(accessToken, "accessToken");
    if (accessToken.isBlank()) {
      throw new IllegalArgumentException("accessToken must not be blank");
    }
    return new TokenSource() {
      @Override
      public String token() {
        return accessToken;
      }

      @Override
      public String toString() {
        return "TokenSource.of(<redacted>)";
      }
    };
  }
}
