package io.passport.customers.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The output options {@code list} and {@code get} share: the format, a file, CSV mode and quiet. */
final class OutputOptions {
  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "table, json, ndjson or csv (default: ${DEFAULT-VALUE}).")
  CustomerWriter.Format format;

  @Option(names = "--output", paramLabel = "FILE",
      description = "Write to FILE instead of standard output: to a temporary file beside it, renamed over FILE only when"
          + " everything is written (a failed run leaves FILE as it was).")
  Path output;

  @Option(names = "--csv-raw",
      description = "With --format csv: write cells exactly as sent. By default a cell starting with = + - @ TAB or CR"
          + " gets a leading ' so that spreadsheets do not run it as a formula.")
  boolean csvRaw;

  @Option(names = {"-q", "--quiet"}, description = "No progress bar and no notes on standard error; errors still.")
  boolean quiet;

  /** Checks the options before anything runs; exit 2 naming the option. */
  void validate(CommandSpec spec) {
    if (csvRaw && format != CustomerWriter.Format.csv) {
      throw new ParameterException(spec.commandLine(), "--csv-raw goes with --format csv only");
    }
    if (output == null) {
      return;
    }
    String problem = unwritable(output);
    if (problem != null) {
      throw new ParameterException(spec.commandLine(), "invalid value for option '--output': " + problem);
    }
  }

  /** Why {@code file} cannot be written, or null. */
  static String unwritable(Path file) {
    if (file.getFileName() == null || Files.isDirectory(file)) {
      return file + " is a folder; name a file";
    }
    if (Sink.isSpecial(file)) {
      return Files.isWritable(file) ? null : file + " cannot be written (permission denied)";
    }
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.exists(dir)) {
      return "the folder " + dir + " does not exist";
    }
    if (!Files.isDirectory(dir)) {
      return dir + " is not a folder";
    }
    if (!Files.isWritable(dir)) {
      return "the folder " + dir + " is not writable (the file is written beside its final name, then renamed)";
    }
    if (Files.exists(file) && !Files.isWritable(file)) {
      return file + " is not writable";
    }
    return null;
  }
}
