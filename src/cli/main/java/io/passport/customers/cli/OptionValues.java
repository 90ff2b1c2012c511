package io.passport.customers.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Turns a library's argument check into a usage error that names the command-line option. */
final class OptionValues {
  private OptionValues() {}

  /**
   * Runs {@code setter}; an {@link IllegalArgumentException} it throws becomes a {@link
   * ParameterException} (exit code 2) naming {@code option} and keeping the library's message, which
   * says what is allowed.
   */
  static void check(CommandSpec spec, String option, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "invalid value for option '" + option + "': " + e.getMessage());
    }
  }
}
