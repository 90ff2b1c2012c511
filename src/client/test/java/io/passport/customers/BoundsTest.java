package io.passport.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.passport.customers.internal.BodyLimits;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import okio.Buffer;
import okio.Source;
import org.junit.jupiter.api.Test;

/**
 * Every documented range is inclusive at both ends: the end values are accepted and the next value
 * out is refused with the option's name. The ends are written out here from the Javadoc, not read
 * from the code's constants, except where the constant is the documented public value.
 */
class BoundsTest {
  private static void accepted(Consumer<PassportCustomersClient.Builder> option) {
    PassportCustomersClient.Builder builder = PassportCustomersClient.builder();
    assertThatCode(() -> option.accept(builder)).doesNotThrowAnyException();
  }

  private static void refused(Consumer<PassportCustomersClient.Builder> option, String name) {
    PassportCustomersClient.Builder builder = PassportCustomersClient.builder();
    assertThatThrownBy(() -> option.accept(builder)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(name);
  }

  @Test
  void parallelismIsOneToThirtyTwo() {
    accepted(b -> b.parallelism(1));
    accepted(b -> b.parallelism(32));
    refused(b -> b.parallelism(0), "parallelism");
    refused(b -> b.parallelism(33), "parallelism");
    assertThat(Limits.MIN_PARALLELISM).isEqualTo(1);
    assertThat(Limits.MAX_PARALLELISM).isEqualTo(32);
  }

  @Test
  void maxBodyBytesIs64KibTo1Gib() {
    accepted(b -> b.maxBodyBytes(64 * 1024));
    accepted(b -> b.maxBodyBytes(1024L * 1024 * 1024));
    refused(b -> b.maxBodyBytes(64 * 1024 - 1), "maxBodyBytes");
    refused(b -> b.maxBodyBytes(1024L * 1024 * 1024 + 1), "maxBodyBytes");
  }

  @Test
  void maxStringCharsIs256To2To30() {
    accepted(b -> b.maxStringChars(256));
    accepted(b -> b.maxStringChars(1 << 30));
    refused(b -> b.maxStringChars(255), "maxStringChars");
    refused(b -> b.maxStringChars((1 << 30) + 1), "maxStringChars");
  }

  @Test
  void timeoutsAreMoreThanZeroAndAtMostTenMinutes() {
    accepted(b -> b.readTimeout(Duration.ofMinutes(10)).connectTimeout(Duration.ofMinutes(10))
        .callTimeout(Duration.ofMinutes(10)));
    accepted(b -> b.readTimeout(Duration.ofNanos(1)));
    refused(b -> b.readTimeout(Duration.ofMinutes(10).plusNanos(1)), "readTimeout");
    refused(b -> b.callTimeout(Duration.ZERO), "callTimeout");
    refused(b -> b.connectTimeout(Duration.ofMillis(-1)), "connectTimeout");
  }

  @Test
  void aUserAgentIsVisibleAsciiAndSpaces() {
    accepted(b -> b.userAgent("my app/1.0 ~tilde"));
    refused(b -> b.userAgent("my-app\u001f"), "userAgent");
    refused(b -> b.userAgent("my-app\u007f"), "userAgent");
    refused(b -> b.userAgent("   "), "userAgent");
  }

  @Test
  void aCustomerIdIsOneToSixtyFourCharactersWithoutControls() {
    assertThat(Limits.isWellFormedId("c".repeat(64))).isTrue();
    assertThat(Limits.isWellFormedId("c".repeat(65))).isFalse();
    assertThat(Limits.isWellFormedId("c")).isTrue();
    assertThat(Limits.isWellFormedId(" ")).isFalse();
    assertThat(Limits.isWellFormedId("c\u0000")).isFalse();
    assertThat(Limits.isWellFormedId(null)).isFalse();
  }

  @Test
  void aCappedBodyMayHoldExactlyItsCapAndNotOneByteMore() throws IOException {
    BodyLimits limits = new BodyLimits(64 * 1024, 256);
    assertThat(readAll(limits.capped(bytes(64 * 1024)))).isEqualTo(64 * 1024);
    assertThatThrownBy(() -> readAll(limits.capped(bytes(64 * 1024 + 1))))
        .isInstanceOf(BodyLimits.TooLarge.class);
  }

  private static Buffer bytes(long count) {
    Buffer buffer = new Buffer();
    byte[] chunk = new byte[1024];
    for (long written = 0; written < count; written += chunk.length) {
      buffer.write(chunk, 0, (int) Math.min(chunk.length, count - written));
    }
    return buffer;
  }

  private static long readAll(Source source) throws IOException {
    Buffer sink = new Buffer();
    long total = 0;
    for (long n; (n = source.read(sink, 8192)) != -1; ) {
      total += n;
      sink.clear();
    }
    return total;
  }
}
