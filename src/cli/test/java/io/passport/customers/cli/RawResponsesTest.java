package io.passport.customers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * How a customer's JSON is put on one line: whitespace between tokens goes, every valid string keeps
 * its bytes, and a string JSON or UTF-8 does not allow is spelled validly with the value the client read.
 */
class RawResponsesTest {
  private static String compact(byte[] json) {
    return new String(RawResponses.compact(json), StandardCharsets.UTF_8);
  }

  private static String compact(String json) {
    return compact(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void whitespaceBetweenTokensGoesAndValidStringsKeepTheirBytes() {
    assertThat(compact("{ \"a\" :\t[1 ,\r\n 2.50e0],\n \"b\": \"x  \\\" \\\\\\\" \\u00e9 \u00d1 \\n\" }"))
        .isEqualTo("{\"a\":[1,2.50e0],\"b\":\"x  \\\" \\\\\\\" \\u00e9 \u00d1 \\n\"}");
  }

  @Test
  void rawControlCharactersInStringsBecomeEscapes() {
    assertThat(compact("{\"a\":\"x\ny\r\tz\u0000\u001f\"}")).isEqualTo("{\"a\":\"x\\u000ay\\u000d\\u0009z\\u0000\\u001f\"}");
    assertThat(compact("{\"k\ney\":1}")).as("in names too").isEqualTo("{\"k\\u000aey\":1}");
  }

  @Test
  void bytesThatAreNotUtf8BecomeTheReplacementCharacterAndTheRestIsKept() {
    byte[] json = {'{', '"', 'a', '"', ':', '"', 'b', (byte) 0xC3, '(', '\\', 'n', (byte) 0xC3, (byte) 0xB1, '"', '}'};
    assertThat(compact(json)).isEqualTo("{\"a\":\"b\uFFFD(\\n\u00f1\"}");
    byte[] surrogate = {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'};
    assertThat(compact(surrogate)).doesNotContain("\uD800").contains("\uFFFD");
  }

  @Test
  void anUnterminatedStringIsKeptAsItCameWithoutAClosingQuote() {
    assertThat(compact("[\"abc\\\"")).isEqualTo("[\"abc\\\"");
    assertThat(compact("[\"a\nb")).isEqualTo("[\"a\\u000ab");
  }
}
