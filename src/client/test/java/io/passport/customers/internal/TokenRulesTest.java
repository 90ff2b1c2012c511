package io.passport.customers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.passport.customers.PassportException;
import io.passport.customers.TokenSource;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a token must be to be sent, and how a custom {@link TokenSource} is wrapped. */
class TokenRulesTest {
  @Test
  void aHeaderTokenIsOneOrMoreVisibleAsciiCharacters() {
    assertThat(BearerTokens.isValidHeaderValue("!")).as("0x21, the first visible").isTrue();
    assertThat(BearerTokens.isValidHeaderValue("~")).as("0x7e, the last visible").isTrue();
    assertThat(BearerTokens.isValidHeaderValue("a b")).as("a space").isFalse();
    assertThat(BearerTokens.isValidHeaderValue("a\u007f")).as("DEL").isFalse();
    assertThat(BearerTokens.isValidHeaderValue("")).isFalse();
    assertThat(BearerTokens.isValidHeaderValue(null)).isFalse();
  }

  @Test
  void aSourceThatIsAlreadyBearerTokensIsUsedAsItIs() {
    class Both implements TokenSource, BearerTokens {
      @Override
      public String token() {
        return "t";
      }

      @Override
      public String token(CallScope scope, long deadlineNanos) {
        return "t";
      }

      @Override
      public boolean invalidate(String rejectedToken) {
        return true;
      }
    }
    Both both = new Both();
    assertThat(BearerTokens.adapt(both)).isSameAs(both);
  }

  @Test
  void aWrappedSourceSaysWhatWasWrongWithItsTokenWithoutShowingIt() {
    assertThat(refusal(() -> null)).isEqualTo("UNAUTHORIZED: the token source gave null");
    assertThat(refusal(() -> "")).isEqualTo("UNAUTHORIZED: the token source gave an empty token");
    assertThat(refusal(() -> "secret\ntoken"))
        .isEqualTo("UNAUTHORIZED: the token source gave a token that is not visible ASCII, so cannot be sent in a header");
  }

  private static String refusal(TokenSource source) {
    PassportException e = catchThrowableOfType(PassportException.class,
        () -> BearerTokens.adapt(source).token(CallScope.root(), Long.MAX_VALUE));
    assertThat(e.kind()).isEqualTo(PassportException.Kind.UNAUTHORIZED);
    return e.getMessage();
  }

  @Test
  void aCancelledCallDoesNotAskTheSourceForAToken() {
    AtomicInteger asked = new AtomicInteger();
    CallScope scope = CallScope.root();
    scope.cancel("the client is closed");

    PassportException e = catchThrowableOfType(PassportException.class,
        () -> BearerTokens.adapt(() -> "t" + asked.incrementAndGet()).token(scope, Long.MAX_VALUE));

    assertThat(e.kind()).isEqualTo(PassportException.Kind.CANCELLED);
    assertThat(asked.get()).isZero();
  }

  @Test
  void invalidateIsPassedToTheSourceAndAFailingOneCountsAsNotRenewed() {
    assertThat(BearerTokens.adapt(source(true)).invalidate("t")).isTrue();
    assertThat(BearerTokens.adapt(source(false)).invalidate("t")).isFalse();
    TokenSource throwing = new TokenSource() {
      @Override
      public String token() {
        return "t";
      }

      @Override
      public boolean invalidate(String rejectedToken) {
        throw new IllegalStateException("vault down");
      }
    };
    assertThat(BearerTokens.adapt(throwing).invalidate("t")).isFalse();
  }

  private static TokenSource source(boolean renews) {
    return new TokenSource() {
      @Override
      public String token() {
        return "t";
      }

      @Override
      public boolean invalidate(String rejectedToken) {
        return renews;
      }

      @Override
      public String toString() {
        return "MyVaultTokens";
      }
    };
  }

  @Test
  void aWrappedSourceShowsItsOwnNameAndAFixedTokenIsRedacted() {
    assertThat(BearerTokens.adapt(source(true))).hasToString("MyVaultTokens");
    assertThat(TokenSource.of("fixed-secret-token")).hasToString("TokenSource.of(<redacted>)");
    assertThat(BearerTokens.adapt(TokenSource.of("fixed-secret-token"))).hasToString("TokenSource.of(<redacted>)");
  }
}
