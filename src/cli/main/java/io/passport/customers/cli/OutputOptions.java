package io.passport.customers.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The output options {@code list} and {@code get} share: the format, and an optional file. */
final class OutputOptions {
  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "table, json, ndjson or csv (default: ${DEFAULT-VALUE}).")
  CustomerWriter.Format format;

  @Option(names = "--output", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
  Path output;

  /** Where to write: the file when one was named, else {@code stdout}. */
  Output open(PrintWriter stdout) throws IOException {
    return Output.open(output, stdout);
  }
}
