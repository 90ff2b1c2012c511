package io.passport.customers.cli;

import java.io.IOException;

/**
 * An {@code --all --output FILE} export that cannot start safely: another export to FILE holds its lock,
 * or something other than a regular file (a symbolic link, a FIFO, a folder) stands where one of its work
 * files goes. The message names the file and what to do; the tool exits 2 before any request.
 */
final class UnsafeWorkFileException extends IOException {
  private static final long serialVersionUID = 1L;

  UnsafeWorkFileException(String message) {
    super(message);
  }

  UnsafeWorkFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
