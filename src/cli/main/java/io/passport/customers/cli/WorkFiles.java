package io.passport.customers.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens an export's work files ({@code FILE.part}, {@code FILE.checkpoint} and its temporary file, {@code
 * FILE.lock}, the one-page {@code .FILE.RANDOM.tmp}) without following links: a symbolic link planted where
 * a work file goes, in a folder others can write to, would otherwise have the export truncate and fill
 * whatever it points to. Each open uses {@link LinkOption#NOFOLLOW_LINKS} (O_NOFOLLOW), so the check and the
 * open are one step for links; a FIFO or folder in the way is refused by a check just before. Stateless.
 */
final class WorkFiles {
  private WorkFiles() {}

  /**
   * Opens {@code file} with {@code options} plus {@link LinkOption#NOFOLLOW_LINKS}.
   *
   * @throws UnsafeWorkFileException when a link, or anything but a regular file, stands at {@code file}
   * @throws IOException when it cannot be opened for another reason
   */
  static FileChannel open(Path file, OpenOption... options) throws IOException {
    requireRegularOrAbsent(file);
    List<OpenOption> all = new ArrayList<>(List.of(options));
    all.add(LinkOption.NOFOLLOW_LINKS);
    try {
      return FileChannel.open(file, all.toArray(OpenOption[]::new));
    } catch (FileSystemException e) {
      if (!(e instanceof NoSuchFileException) && Files.isSymbolicLink(file)) {
        throw linkAt(file, e);
      }
      throw e;
    }
  }

  /** Opens a new work file for writing; it must not exist (O_CREAT|O_EXCL, which never follows a link). */
  static FileChannel createNew(Path file) throws IOException {
    return open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  /**
   * Checks that nothing but a regular file stands at {@code file} (links are not followed).
   *
   * @throws UnsafeWorkFileException naming the file when a link, FIFO, folder or device is there
   */
  static void requireRegularOrAbsent(Path file) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return;
    }
    if (attributes.isSymbolicLink()) {
      throw linkAt(file, null);
    }
    if (!attributes.isRegularFile()) {
      throw new UnsafeWorkFileException(file + " is not a regular file, and the export keeps a work file there;"
          + " move it away and run again");
    }
  }

  private static UnsafeWorkFileException linkAt(Path file, Throwable cause) {
    return new UnsafeWorkFileException(file + " is a symbolic link, where the export keeps a work file; work files"
        + " are never written through a link: remove it and run again", cause);
  }
}
