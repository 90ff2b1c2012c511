package io.passport.customers.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.passport.customers.PassportCustomersClient;
import io.passport.customers.PassportException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;

/**
 * The {@code passport-customers} command-line tool: {@code list}, {@code get} and {@code sandbox}.
 * Exit codes: 0 success; 1 an API or transport failure (one line: status, code, message) or a write
 * error (one line: the target and the cause); 2 a usage or validation error (names the option and what
 * it allows); {@value #EXIT_LISTING_CHANGED} a {@code --resume} refused because the provider's listing
 * changed since the interrupted export (one line saying what changed); {@value #EXIT_CLOSED_PIPE} standard output was closed by its reader ({@code | head}): the
 * tool stops fetching and exits quietly, with the status a shell reports for a command ended by
 * SIGPIPE. Stack traces only with {@code --verbose}.
 */
@Command(
    name = "passport-customers",
    mixinStandardHelpOptions = true,
    versionProvider = PassportCustomersCli.Version.class,
    description = "Lists Passport PaaS customers, from the real API or a local sandbox.",
    subcommands = {ListCommand.class, GetCommand.class, SandboxCommand.class, CommandLine.HelpCommand.class})
public final class PassportCustomersCli {
  /** The exit status after the reader of standard output went away: 128 + SIGPIPE (13). */
  static final int EXIT_CLOSED_PIPE = 141;
  /** The exit status of a {@code --resume} refused because the provider's listing changed since the checkpoint. */
  static final int EXIT_LISTING_CHANGED = 3;

  /**
   * Where results go and what the standard streams are.
   *
   * @param results the bytes of standard output (rows); help and messages go through picocli's writers
   * @param resultsAreTerminal whether standard output is a terminal
   * @param errIsTerminal whether standard error is a terminal (the progress bar is drawn only then)
   */
  record Io(java.io.OutputStream results, boolean resultsAreTerminal, boolean errIsTerminal) {}

  final Map<String, String> env;
  final Io io;

  PassportCustomersCli(Map<String, String> env, Io io) {
    this.env = env;
    this.io = io;
  }

  /** Reports a failed write: quietly {@value #EXIT_CLOSED_PIPE} for a closed pipe, else one line and 1. */
  static int writeFailed(OutputException e, PrintWriter err) {
    if (e.brokenPipe()) {
      return EXIT_CLOSED_PIPE;
    }
    err.println("passport-customers: " + e.getMessage());
    err.flush();
    return ExitCode.SOFTWARE;
  }

  /**
   * Runs the tool and exits the JVM with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    Io io = new Io(new java.io.FileOutputStream(java.io.FileDescriptor.out), Terminals.isTerminal(1), Terminals.isTerminal(2));
    System.exit(run(args, System.getenv(), io, out, err));
  }

  /**
   * Runs the tool without exiting.
   *
   * @param args the command line
   * @param env the environment variables to read credentials from
   * @param io where results go, and which streams are terminals
   * @param out where help and version go
   * @param err where messages go
   * @return the exit code
   */
  static int run(String[] args, Map<String, String> env, Io io, PrintWriter out, PrintWriter err) {
    boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
    quietLogging(verbose);
    CommandLine cli = new CommandLine(new PassportCustomersCli(env, io))
        .setOut(out)
        .setErr(err)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler((e, a) -> {
          PrintWriter w = e.getCommandLine().getErr();
          w.println("passport-customers: " + e.getMessage());
          w.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          return ExitCode.USAGE;
        })
        .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
          PrintWriter w = commandLine.getErr();
          if (e instanceof CommandLine.ParameterException usage) {
            throw usage;
          }
          w.println("passport-customers: " + (e instanceof PassportException ? "" : e.getClass().getSimpleName() + ": ")
              + e.getMessage());
          if (verbose) {
            e.printStackTrace(w);
          }
          return ExitCode.SOFTWARE;
        });
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** Only warnings from libraries; the client's retries at DEBUG with {@code --verbose}. */
  private static void quietLogging(boolean verbose) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
      context.getLogger("io.passport.customers").setLevel(verbose ? Level.DEBUG : Level.WARN);
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {PassportCustomersClient.DEFAULT_USER_AGENT.replace('/', ' ')};
    }
  }
}
