package io.passport.customers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.passport.customers.ClientLog;
import io.passport.customers.PassportCustomersClient;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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
  void nothingIsFormattedOrLoggedWhileDebugIsOff() {
    Logger logger = (Logger) LoggerFactory.getLogger("io.passport.customers");
    Level level = logger.getLevel();
    AtomicInteger formatted = new AtomicInteger();
    Object argument = new Object() {
      @Override
      public String toString() {
        formatted.incrementAndGet();
        return "x";
      }
    };
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    logger.setLevel(Level.INFO);
    try {
      DebugLog.of(PassportCustomersClient.class).debug("{}", argument);
    } finally {
      logger.setLevel(level);
      logger.detachAppender(logged);
    }

    assertThat(logged.list).isEmpty();
    assertThat(formatted).hasValue(0);
  }

  @Test
  void linesGoThroughTheJdksSystemLoggerUnderTheClientsName() {
    assertThat(ClientLog.messagesDuring(() -> DebugLog.of(PassportCustomersClient.class).debug("pacing at {} requests/s", 9.0)))
        .containsExactly("pacing at 9.0 requests/s");
  }
}
