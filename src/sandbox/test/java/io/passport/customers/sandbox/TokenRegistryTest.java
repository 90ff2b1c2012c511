package io.passport.customers.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Who the sandbox lets in, decided on a clock the test moves: expiry to the instant, scopes, credentials. */
@Timeout(value = 5, unit = TimeUnit.SECONDS)
class TokenRegistryTest {
  private static final String LIST = PassportSandbox.LIST_SCOPE;
  private static final String GET = PassportSandbox.GET_SCOPE;

  /** A clock that stands still until the test sets it. */
  private static final class SetClock extends Clock {
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-01T12:00:00Z"));

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    void advance(Duration by) {
      now.updateAndGet(t -> t.plus(by));
    }
  }

  private final SetClock clock = new SetClock();
  private final TokenRegistry tokens = new TokenRegistry(clock, Duration.ofMinutes(5), "id", "secret");

  @Test
  void aRegisteredTokenIsAcceptedUntilTheInstantItsLifetimeEndsAndNotAtIt() {
    tokens.register("t", Duration.ofSeconds(60), LIST);
    clock.advance(Duration.ofSeconds(60).minusNanos(1));
    assertThat(tokens.check("Bearer t", LIST)).isNull();
    clock.advance(Duration.ofNanos(1));
    assertThat(tokens.check("Bearer t", LIST))
        .isEqualTo(new TokenRegistry.Denial(401, "UNAUTHENTICATED", "access token expired"));
  }

  @Test
  void aLifetimeOfZeroOrLessGivesATokenThatHasAlreadyExpired() {
    tokens.register("zero", Duration.ZERO, LIST);
    tokens.register("negative", Duration.ofSeconds(-1), LIST);
    assertThat(tokens.check("Bearer zero", LIST).message()).isEqualTo("access token expired");
    assertThat(tokens.check("Bearer negative", LIST).message()).isEqualTo("access token expired");
  }

  @Test
  void aTokenWithoutTheScopeIsForbiddenWithTheScopeNamed() {
    tokens.register("t", Duration.ofHours(1), GET);
    assertThat(tokens.check("Bearer t", GET)).isNull();
    assertThat(tokens.check("Bearer t", LIST))
        .isEqualTo(new TokenRegistry.Denial(403, "PERMISSION_DENIED", "the token lacks the scope " + LIST));
  }

  @Test
  void aTokenRegisteredForeverOutlivesAnyClock() {
    tokens.registerForever("static", LIST, GET);
    clock.now.set(Instant.parse("9999-12-31T23:59:59Z"));
    assertThat(tokens.check("Bearer static", LIST)).isNull();
    assertThat(tokens.check("Bearer static", GET)).isNull();
  }

  @Test
  void aMissingMalformedOrUnknownBearerIsUnauthenticated() {
    TokenRegistry.Denial missing = new TokenRegistry.Denial(401, "UNAUTHENTICATED", "missing bearer token");
    assertThat(tokens.check(null, LIST)).isEqualTo(missing);
    assertThat(tokens.check("Bearer ", LIST)).isEqualTo(missing);
    assertThat(tokens.check("Basic abc", LIST)).isEqualTo(missing);
    assertThat(tokens.check("bearer abc", LIST)).isEqualTo(missing);
    assertThat(tokens.check("Bearer nope", LIST))
        .isEqualTo(new TokenRegistry.Denial(401, "UNAUTHENTICATED", "unknown access token"));
  }

  @Test
  void issuedTokensAreDistinctCarryTheirScopesAndExpireAfterTheirLifetime() {
    String first = tokens.issue(tokens.lifetime(), LIST, GET);
    String second = tokens.issue(Duration.ofSeconds(1), GET);
    assertThat(first).startsWith("sbx_").hasSize(4 + 32).isNotEqualTo(second);
    assertThat(tokens.check("Bearer " + first, LIST)).isNull();
    assertThat(tokens.check("Bearer " + second, LIST).status()).isEqualTo(403);
    clock.advance(Duration.ofSeconds(1));
    assertThat(tokens.check("Bearer " + second, GET).message()).isEqualTo("access token expired");
    assertThat(tokens.check("Bearer " + first, GET)).isNull();
    clock.advance(Duration.ofMinutes(5));
    assertThat(tokens.check("Bearer " + first, GET).message()).isEqualTo("access token expired");
  }

  @Test
  void onlyTheCurrentClientCredentialsAreAcceptedAndBothMustMatch() {
    assertThat(tokens.acceptsClient("id", "secret")).isTrue();
    assertThat(tokens.acceptsClient("id", "other")).isFalse();
    assertThat(tokens.acceptsClient("other", "secret")).isFalse();
    tokens.clientCredentials("id2", "secret2");
    assertThat(tokens.acceptsClient("id", "secret")).isFalse();
    assertThat(tokens.acceptsClient("id2", "secret2")).isTrue();
  }
}
