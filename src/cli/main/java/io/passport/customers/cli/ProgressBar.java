package io.passport.customers.cli;

import java.io.PrintWriter;

/**
 * A one-line progress bar redrawn in place ({@code \r}) on a terminal's error stream, for {@code list
 * --all}. Not thread-safe.
 */
final class ProgressBar {
  static final int WIDTH = 30;
  private final PrintWriter terminal;

  ProgressBar(PrintWriter terminal) {
    this.terminal = terminal;
  }

  void show(long done, Long total) {
    terminal.print("\r" + render(done, total));
    terminal.flush();
  }

  void finish() {
    terminal.print("\r" + " ".repeat(WIDTH + 40) + "\r");
    terminal.flush();
  }

  /** {@code [#######.......]  120/250 customers}, or just the count when the total is unknown. */
  static String render(long done, Long total) {
    if (total == null || total <= 0) {
      return done + " customers";
    }
    int filled = (int) Math.min(WIDTH, done * WIDTH / total);
    return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total + " customers";
  }
}
