package io.passport.customers.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The tool's logging, set up in code rather than from a {@code logback.xml}: warnings from libraries (and,
 * with {@code --verbose}, the client's DEBUG lines) go to standard error, which leaves standard output to
 * the results. Logback finds it as a service ({@code META-INF/services}); reading an XML file instead
 * loads an XML parser and logback's configuration model, about 600 classes and a sixth of a listing's time.
 *
 * <p>A {@code logback.configurationFile} system property or a {@code logback-test.xml} on the class path
 * still wins: then this steps aside and logback reads that file as usual.
 *
 * <p>Logback creates it once, on the thread that first logs; not meant to be shared.
 */
public final class CliLogging extends ContextAwareBase implements Configurator {
  /** The layout of each line: time, thread, level, logger and message. */
  static final String PATTERN = "%d{HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg%n";

  /** For logback's service loader. */
  public CliLogging() {}

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || CliLogging.class.getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(stderr);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
