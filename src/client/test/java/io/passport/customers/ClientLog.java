package io.passport.customers;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** What the client logs, down to DEBUG, while a piece of a test runs. */
public final class ClientLog {
  private ClientLog() {}

  /** Runs {@code action} and {@return the formatted messages the client logged meanwhile, in order} */
  public static List<String> messagesDuring(Runnable action) {
    Logger logger = (Logger) LoggerFactory.getLogger("io.passport.customers");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    Level level = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    appender.start();
    logger.addAppender(appender);
    try {
      action.run();
    } finally {
      logger.detachAppender(appender);
      logger.setLevel(level);
    }
    synchronized (appender) { // call threads may still be appending
      return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }
}
