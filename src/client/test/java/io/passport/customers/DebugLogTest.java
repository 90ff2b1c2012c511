package io.passport.customers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DebugLogTest {
  @Test
  void placeholdersAreFilledInOrderAndExtraOnesStay() {
    assertThat(DebugLog.format("{} answered {}; retry {} of {}", "GET /v1/customers", 503, 1, 4))
        .isEqualTo("GET /v1/customers answered 503; retry 1 of 4");
    assertThat(DebugLog.format("window {} -> {}", 4)).isEqualTo("window 4 -> {}");
    assertThat(DebugLog.format("no placeholder", "ignored")).isEqualTo("no placeholder");
    assertThat(DebugLog.format("{}{}", null, "{}")).isEqualTo("null{}");
  }

  @Test
  void linesGoThroughTheJdksSystemLoggerUnderTheClientsName() {
    assertThat(ClientLog.messagesDuring(() -> DebugLog.of(PassportCustomersClient.class).debug("pacing at {} requests/s", 9.0)))
        .containsExactly("pacing at 9.0 requests/s");
  }
}
