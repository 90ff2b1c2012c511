package io.passport.customers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import okhttp3.Headers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reading the IETF draft's RateLimit-Policy and RateLimit fields, tolerantly. */
@Timeout(5)
class RateLimitHeadersTest {
  private static RateLimitHeaders read(String... namesAndValues) {
    return RateLimitHeaders.of(Headers.of(namesAndValues));
  }

  @Test
  void readsThePolicyAndTheUnitsLeftOfTheDraftsExample() {
    RateLimitHeaders fields = read("RateLimit-Policy", "\"default\";q=100;w=60", "RateLimit", "\"default\";r=50;t=30");
    assertThat(fields).isEqualTo(new RateLimitHeaders(100, 60, 50, 30));
    assertThat(fields.hasPolicy()).isTrue();
    assertThat(fields.ratePerSecond()).isEqualTo(100.0 / 60);
  }

  @Test
  void theSlowestOfSeveralPoliciesPacesAndTheLowestRemainderCounts() {
    RateLimitHeaders fields = read(
        "RateLimit-Policy", "\"burst\";q=100;w=1, \"daily\";q=1000;w=86400",
        "RateLimit", "\"burst\";r=80;t=1, \"daily\";r=7;t=3600");
    assertThat(fields).isEqualTo(new RateLimitHeaders(1000, 86400, 7, 3600));
  }

  @Test
  void policiesInSeparateFieldLinesAreReadToo() {
    RateLimitHeaders fields = read("RateLimit-Policy", "\"a\";q=10;w=1", "RateLimit-Policy", "\"b\";q=5;w=1");
    assertThat(fields.quota()).isEqualTo(5);
  }

  @Test
  void aCommaOrSemicolonInsideAPolicyNameDoesNotSplitIt() {
    RateLimitHeaders fields = read("RateLimit-Policy", "\"a,b;q=1\";q=10;w=2");
    assertThat(fields).isEqualTo(new RateLimitHeaders(10, 2, -1, -1));
  }

  @Test
  void noFieldsSayNothing() {
    assertThat(read()).isSameAs(RateLimitHeaders.NONE);
    assertThat(RateLimitHeaders.NONE.hasPolicy()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"d\";q=10", "\"d\";q=10;w=0", "\"d\";q=-1;w=1", "\"d\";q=ten;w=1", "q=10, w=1",
      "10;w=1", "", "\"d\";q=1.5;w=1"})
  void aPolicyThatDoesNotParseOrHasNoWindowIsIgnored(String value) {
    assertThat(read("RateLimit-Policy", value).hasPolicy()).isFalse();
  }

  @Test
  void hugeNumbersAreCappedNotOverflowed() {
    RateLimitHeaders fields = read("RateLimit-Policy", "\"d\";q=99999999999999999999999;w=1",
        "RateLimit", "\"d\";r=123456789012;t=5");
    assertThat(fields.quota()).isEqualTo(RateLimitHeaders.MAX_VALUE);
    assertThat(fields.remaining()).isEqualTo(RateLimitHeaders.MAX_VALUE);
  }

  @Test
  void aRemainderWithoutAResetKeepsTheResetUnknown() {
    assertThat(read("RateLimit", "\"d\";r=3")).isEqualTo(new RateLimitHeaders(-1, -1, 3, -1));
  }

  @Test
  void ofTwoPoliciesAtTheSameRateTheFirstIsKept() {
    assertThat(read("RateLimit-Policy", "\"a\";q=10;w=1, \"b\";q=20;w=2").quota()).isEqualTo(10);
  }

  @Test
  void theSlowerPolicyWinsWhicheverComesFirst() {
    // 100 per minute is slower than 10 per second, though 100 x 60 is larger than 10 x 1.
    assertThat(read("RateLimit-Policy", "\"m\";q=100;w=60, \"s\";q=10;w=1").quota()).isEqualTo(100);
    assertThat(read("RateLimit-Policy", "\"s\";q=10;w=1, \"m\";q=100;w=60").quota()).isEqualTo(100);
  }

  @Test
  void aZeroQuotaIsAPolicy() {
    RateLimitHeaders fields = read("RateLimit-Policy", "\"d\";q=0;w=1");
    assertThat(fields).isEqualTo(new RateLimitHeaders(0, 1, -1, -1));
    assertThat(fields.hasPolicy()).isTrue();
  }

  @Test
  void noUnitsLeftIsRead() {
    assertThat(read("RateLimit", "\"d\";r=0;t=5")).isEqualTo(new RateLimitHeaders(-1, -1, 0, 5));
  }

  @Test
  void ofTwoEqualRemaindersTheFirstResetIsKept() {
    assertThat(read("RateLimit", "\"a\";r=2;t=5, \"b\";r=2;t=9").resetSeconds()).isEqualTo(5);
  }

  @Test
  void anEscapedQuoteDoesNotEndAQuotedName() {
    RateLimitHeaders fields = read("RateLimit-Policy", "\"a\\\",b;q=1\";q=10;w=2");
    assertThat(fields).isEqualTo(new RateLimitHeaders(10, 2, -1, -1));
  }

  @Test
  void aQuotedParameterValueDoesNotSpillIntoTheNextItem() {
    RateLimitHeaders fields = read("RateLimit-Policy", "\"a\";q=10;w=1;pk=\"x;q=1\", \"b\";q=20;w=1");
    assertThat(fields).isEqualTo(new RateLimitHeaders(10, 1, -1, -1));
  }

  @Test
  void tenDigitsAreCappedAndNineAreRead() {
    assertThat(read("RateLimit", "\"d\";r=1234567890").remaining()).isEqualTo(RateLimitHeaders.MAX_VALUE);
    assertThat(read("RateLimit", "\"d\";r=999999999").remaining()).isEqualTo(999_999_999L);
  }

  @Test
  void anEmptyOrSignedNumberIsNotOne() {
    assertThat(read("RateLimit-Policy", "\"d\";q=;w=1").hasPolicy()).isFalse();
    assertThat(read("RateLimit", "\"d\";r=+3").remaining()).isEqualTo(-1);
  }

  @Test
  void aParameterIsFoundByItsWholeName() {
    assertThat(read("RateLimit-Policy", "\"d\";qq=5;q=7;w=1").quota()).isEqualTo(7);
  }
}
