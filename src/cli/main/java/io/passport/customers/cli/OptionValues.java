package io.passport.customers.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Turns a library's argument check into a usage error that names the command-line option. */
final class OptionValues {
  private OptionValues() {}

  /**
   * Runs {@code setter}; an {@link IllegalArgumentException} it throws becomes a {@link
   * ParameterException} (exit code 2) naming {@code option} (an option such as {@code --page}, or a positional
   * parameter's label such as {@code CUSTOMER_ID}) and keeping the library's message, which
   * says what is allowed.
   */
  static void check(CommandSpec spec, String option, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException e) {
      String what = option.startsWith("-") ? "option '" + option + "'" : option;
      throw new ParameterException(spec.commandLine(), "invalid value for " + what + ": " + e.getMessage());
    }
  }
}
