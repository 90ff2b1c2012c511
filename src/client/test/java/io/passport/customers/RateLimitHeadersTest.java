package io.passport.customers;

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
}
