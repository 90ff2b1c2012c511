package io.passport.customers;

import static org.assertj.core.api.Assertions.assertThat;

import io.passport.customers.internal.ErrorDecoder;
import org.junit.jupiter.api.Test;

/**
 * Server text put into exception messages: escaped to one line, cut at its documented length (the
 * length itself is kept whole), and a failure without an HTTP status says no status.
 */
class MessagePartsTest {
  @Test
  void aPartOfFiveHundredCharactersIsKeptWholeAndALongerOneIsCutThere() {
    String fiveHundred = "a".repeat(500);
    assertThat(PassportException.OneLine.of(fiveHundred)).isEqualTo(fiveHundred);
    assertThat(PassportException.OneLine.of(fiveHundred + "b")).isEqualTo(fiveHundred + "...");
  }

  @Test
  void deleteAndTheC1ControlsAreEscapedAndTheirNeighboursAreNot() {
    assertThat(PassportException.OneLine.of("~\u007f\u0080\u009f\u00a0é"))
        .isEqualTo("~\\u007f\\u0080\\u009f\u00a0é");
    assertThat(PassportException.OneLine.of("\u001f \u2028\u2029")).isEqualTo("\\u001f \\u2028\\u2029");
  }

  @Test
  void aBodyExcerptOfTwoHundredCharactersIsKeptWholeAndALongerOneIsCutThere() {
    String twoHundred = "x".repeat(200);
    assertThat(ErrorDecoder.excerpt(twoHundred)).isEqualTo(twoHundred);
    assertThat(ErrorDecoder.excerpt(twoHundred + "y")).isEqualTo(twoHundred + "...");
    assertThat(ErrorDecoder.excerpt("  a\n\n b\t ")).isEqualTo("a b");
  }

  @Test
  void aFailureWithoutAnHttpStatusNamesNone() {
    assertThat(PassportException.of(PassportException.Kind.TRANSPORT, "connection refused", null).getMessage())
        .isEqualTo("TRANSPORT: connection refused");
  }
}
