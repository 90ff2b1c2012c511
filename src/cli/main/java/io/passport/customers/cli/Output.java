package io.passport.customers.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a command writes its results: a UTF-8 file, or the command line's standard output. */
record Output(PrintWriter writer, boolean ownsWriter) implements AutoCloseable {
  static Output open(Path file, PrintWriter stdout) throws IOException {
    if (file == null) {
      return new Output(stdout, false);
    }
    BufferedWriter buffered = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    return new Output(new PrintWriter(buffered, false), true);
  }

  @Override
  public void close() throws IOException {
    writer.flush();
    if (ownsWriter) {
      writer.close();
    }
  }
}
