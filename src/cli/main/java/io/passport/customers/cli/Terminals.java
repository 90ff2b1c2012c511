package io.passport.customers.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a standard stream is a terminal. The JDK 17 API answers only for standard input and output
 * together ({@code System.console()}), so on Linux this reads where {@code /proc/self/fd/N} points (a
 * {@code /dev/pts/*} or {@code /dev/tty*} device is a terminal), and falls back to {@code
 * System.console()} elsewhere. Stateless.
 */
final class Terminals {
  private Terminals() {}

  /** Whether file descriptor {@code fd} (1 standard output, 2 standard error) is a terminal. */
  static boolean isTerminal(int fd) {
    Path link = Path.of("/proc/self/fd/" + fd);
    if (Files.isSymbolicLink(link)) {
      try {
        String target = Files.readSymbolicLink(link).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
      } catch (IOException | UnsupportedOperationException e) {
        return false;
      }
    }
    return System.console() != null;
  }
}
