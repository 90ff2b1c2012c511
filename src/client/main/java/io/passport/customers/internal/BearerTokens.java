package io.passport.customers.internal;

import io.passport.customers.PassportException;
import io.passport.customers.TokenSource;
import org.jspecify.annotations.NullUnmarked;

/**
 * How the retry loop gets the token for one attempt: within the call's deadline and cancellable with
 * its scope. {@link ClientCredentialsTokenSource} implements it directly; any other {@link TokenSource}
 * is adapted by {@link #adapt}. Implementations are thread-safe.
 */
@NullUnmarked
public interface BearerTokens {
  /**
   * The token to send on this attempt. A token fetch is one HTTP attempt (never retried here: the
   * caller's retry loop is the only one).
   *
   * @param scope the call's scope, cancelling the fetch with the call
   * @param deadlineNanos the call's deadline, in {@link Timing#nanoTime()} terms
   * @throws PassportException if no token can be had; any other failure is wrapped as one
   */
  String token(CallScope scope, long deadlineNanos);

  /** As {@link TokenSource#invalidate}. */
  boolean invalidate(String rejectedToken);

  /** {@return whether {@code token} may be sent as {@code Authorization: Bearer token}: 1 or more visible ASCII characters} */
  static boolean isValidHeaderValue(String token) {
    if (token == null || token.isEmpty()) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /** {@return {@code source} as BearerTokens: its failures made PassportExceptions, its tokens checked} */
  static BearerTokens adapt(TokenSource source) {
    if (source instanceof BearerTokens own) {
      return own;
    }
    return new BearerTokens() {
      @Override
      public String token(CallScope scope, long deadlineNanos) {
        scope.throwIfCancelled();
        String token;
        try {
          token = source.token();
        } catch (PassportException e) {
          throw e;
        } catch (RuntimeException e) {
          throw Internal.exception(PassportException.Kind.UNAUTHORIZED, 0, null,
              "the token source failed: " + e.getClass().getName() + ": " + e.getMessage(), null, null, null, e);
        }
        if (!isValidHeaderValue(token)) {
          throw Internal.exception(PassportException.Kind.UNAUTHORIZED, 0, null,
              "the token source gave " + (token == null ? "null" : token.isEmpty() ? "an empty token"
                  : "a token that is not visible ASCII, so cannot be sent in a header"), null, null, null, null);
        }
        return token;
      }

      @Override
      public boolean invalidate(String rejectedToken) {
        try {
          return source.invalidate(rejectedToken);
        } catch (RuntimeException e) {
          return false;
        }
      }

      @Override
      public String toString() {
        return source.toString();
      }
    };
  }
}
