package io.passport.customers.cli;

import java.io.IOException;

/**
 * A write that failed, with the place it went to: a file, or standard output. A closed pipe
 * ({@code | head}) is told apart from other failures, because the tool then stops quietly.
 */
final class OutputException extends IOException {
  private static final long serialVersionUID = 1L;
  private final String target;

  OutputException(String target, IOException cause) {
    super("cannot write " + target + ": " + describe(cause), cause);
    this.target = target;
  }

  String target() {
    return target;
  }

  /** Whether the reader at the other end of a pipe went away (EPIPE). */
  boolean brokenPipe() {
    String message = getCause().getMessage();
    return message != null && (message.contains("Broken pipe") || message.contains("pipe is being closed")
        || message.contains("pipe has been ended"));
  }

  private static String describe(IOException cause) {
    String message = cause.getMessage();
    if (cause instanceof java.nio.file.NoSuchFileException) {
      return "no such file or folder";
    }
    if (cause instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (cause instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }
}
