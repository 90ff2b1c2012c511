package io.passport.customers.internal;

import java.lang.System.Logger.Level;
import org.jspecify.annotations.Nullable;

/**
 * The client's DEBUG log (retries, pauses, pacing, window changes), written through the JDK's {@link
 * System.Logger} so that the client needs no logging library: an application without one gets nothing
 * printed (java.util.logging, the JDK's default backend, shows INFO and above), and one with SLF4J sees
 * these lines as SLF4J's through {@code org.slf4j:slf4j-jdk-platform-logging} (Log4j 2 has {@code
 * log4j-jpl}). Messages take SLF4J-style {@code {}} placeholders, filled in order (a hand-written
 * stand-in for SLF4J's formatter, kept to what the client's messages need), and are formatted only when
 * DEBUG is on. Thread-safe and stateless apart from its logger; the logger is named after {@link
 * PassportCustomersClient}, as every line of the client is.
 */
public final class DebugLog {
  private final System.Logger logger;

  private DebugLog(System.Logger logger) {
    this.logger = logger;
  }

  /** {@return the log of the client, named {@code io.passport.customers.PassportCustomersClient}} */
  static DebugLog of(Class<?> owner) {
    return new DebugLog(System.getLogger(owner.getName()));
  }

  /** Logs {@code pattern} at DEBUG with each {@code {}} replaced by the next of {@code args}. */
  void debug(String pattern, @Nullable Object... args) {
    if (logger.isLoggable(Level.DEBUG)) {
      logger.log(Level.DEBUG, format(pattern, args));
    }
  }

  /**
   * Logs at WARNING what the application's own code threw into the client (a listener, a subscriber),
   * which the client survives: the one kind of line the client writes above DEBUG, so it shows without a
   * logging backend too.
   */
  void warn(String message, Throwable thrown) {
    logger.log(Level.WARNING, message, thrown);
  }

  /** {@return {@code pattern} with its {@code {}}s replaced by {@code args} in order; extra {@code {}}s stay} */
  static String format(String pattern, @Nullable Object... args) {
    StringBuilder text = new StringBuilder();
    int from = 0;
    for (Object arg : args) {
      int at = pattern.indexOf("{}", from);
      if (at < 0) {
        break;
      }
      text.append(pattern, from, at).append(arg);
      from = at + 2;
    }
    return text.append(pattern, from, pattern.length()).toString();
  }
}
