package io.passport.customers.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One {@code --all --output FILE} export at a time per FILE: an exclusive lock ({@link FileChannel#tryLock})
 * on {@code FILE.lock}, opened without following links, held from before the export touches {@code
 * FILE.part} or {@code FILE.checkpoint} until after FILE is renamed into place. The holder writes its
 * process id, start time and what it exports into the lock file, so that a second run can name it.
 *
 * <p>The operating system releases the lock when the process ends, however it ends (kill -9 too), so a
 * crash never leaves a held lock. The lock file itself stays beside FILE, emptied on release: deleting it
 * would let a run that had just opened it lock the deleted file while a third run locks a new one (and
 * checking which file is locked would need a second descriptor, whose closing drops a POSIX lock).
 *
 * <p>Not thread-safe: one command owns it, and closes it.
 */
final class ExportLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private ExportLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static Path pathFor(Path file) {
    return file.resolveSibling(file.getFileName() + ".lock");
  }

  /**
   * Takes the lock for exports to {@code file}, without waiting.
   *
   * @param file the export's target
   * @param export what this run exports (format and query), written for a second run to show
   * @throws UnsafeWorkFileException when another export holds it (naming that export), or a link stands at the lock file
   * @throws IOException when the lock file cannot be opened or written
   */
  static ExportLock acquire(Path file, String export) throws IOException {
    Path path = pathFor(file);
    FileChannel channel = WorkFiles.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // this JVM holds it already (tests run the command in-process)
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      String holder = holder(channel);
      channel.close();
      throw new UnsafeWorkFileException("another export to " + file + " is running ("
          + (holder.isEmpty() ? "its lock is " + path : holder + "; it holds " + path)
          + "); one export per file at a time: wait for it to finish, or stop it, then run again");
    }
    String line = "pid " + ProcessHandle.current().pid() + ", started " + Instant.now().truncatedTo(ChronoUnit.SECONDS)
        + ", exporting " + export.replaceAll("\\p{Cntrl}", " ") + "\n";
    try {
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)), 0);
    } catch (IOException | RuntimeException e) {
      channel.close(); // releases the lock
      throw e;
    }
    return new ExportLock(channel, lock);
  }

  /** {@return what the holder wrote into the lock file, one line, or "" when it cannot be read} */
  private static String holder(FileChannel channel) {
    try {
      ByteBuffer buffer = ByteBuffer.allocate(1024);
      channel.read(buffer, 0);
      String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
      return TerminalText.escape(text.lines().findFirst().orElse(""));
    } catch (IOException e) {
      return "";
    }
  }

  /** Empties the lock file and releases the lock. Idempotent. */
  @Override
  public void close() {
    if (!channel.isOpen()) {
      return;
    }
    try {
      channel.truncate(0);
    } catch (IOException ignored) {
      // A stale line in a released lock file is harmless: it is only read while the lock is held.
    }
    try {
      lock.release();
      channel.close();
    } catch (IOException ignored) {
      // Closing the channel releases the lock in any case; so does the process's exit.
    }
  }
}
