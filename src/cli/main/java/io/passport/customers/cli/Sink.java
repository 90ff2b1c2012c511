package io.passport.customers.cli;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where results are written, and how they become final. Standard output is written as it comes. A
 * named regular file is written to a work file beside it ({@code .NAME.RANDOM.tmp}, or {@code NAME.part}
 * for a resumable export) and renamed over it only by {@link #commit()}, after an fsync, so a run that
 * fails leaves the previous file as it was. A named file that is not a regular file ({@code /dev/null},
 * {@code /dev/full}, a FIFO) is written directly. Every write error is an {@link OutputException} naming
 * the target. Not thread-safe; one command owns it.
 */
final class Sink implements AutoCloseable {
  private static final int BUFFER = 64 * 1024;

  private final String target;
  private final Path file;
  private final Path work;
  private final FileChannel channel;
  private final OutputStream stream;
  private volatile boolean done;
  private Thread cleanup;
  private java.util.concurrent.atomic.AtomicBoolean kept;

  private Sink(String target, Path file, Path work, FileChannel channel, OutputStream raw) {
    this.target = target;
    this.file = file;
    this.work = work;
    this.channel = channel;
    this.stream = new Guarded(new BufferedOutputStream(raw, BUFFER), target);
  }

  /** Standard output (the process's, or a test's stream), written through; never closed by us. */
  static Sink stdout(OutputStream results) {
    return new Sink("standard output", null, null, null, results);
  }

  /** Whether {@code file} would be written directly rather than replaced atomically. */
  static boolean isSpecial(Path file) {
    return Files.exists(file) && !Files.isRegularFile(file) && !Files.isDirectory(file);
  }

  /** A named file: written directly when special, else through a new temporary file beside it. */
  static Sink file(Path file) throws OutputException {
    if (isSpecial(file)) {
      try {
        return new Sink(file.toString(), null, null, null, new FileOutputStream(file.toFile()));
      } catch (IOException e) {
        throw new OutputException(file.toString(), e);
      }
    }
    Path dir = file.toAbsolutePath().getParent();
    for (int attempt = 0; ; attempt++) {
      Path work = dir.resolve("." + file.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
      try {
        // The hook is in place before the file exists, so no moment leaves a file that an exit would not remove.
        java.util.concurrent.atomic.AtomicBoolean kept = new java.util.concurrent.atomic.AtomicBoolean();
        Thread cleanup = removeOnExit(work, kept);
        FileChannel channel;
        try {
          channel = WorkFiles.createNew(work);
        } catch (IOException e) {
          forget(cleanup);
          throw e;
        }
        Sink sink = new Sink(file.toString(), file, work, channel, Channels.newOutputStream(channel));
        sink.cleanup = cleanup;
        sink.kept = kept;
        return sink;
      } catch (java.nio.file.FileAlreadyExistsException e) {
        if (attempt > 5) {
          throw new OutputException(work.toString(), e);
        }
      } catch (IOException e) {
        throw new OutputException(file.toString(), e);
      }
    }
  }

  /**
   * A named regular file written through {@code part}, which is kept when the run fails so that
   * {@code --resume} can continue it. With {@code keepBytes} &ge; 0 the part is cut to that length
   * and continued; else it is started afresh. The part is opened without following links; the caller
   * holds the target's {@link ExportLock}.
   *
   * @throws UnsafeWorkFileException when a link or anything but a regular file stands at {@code part}
   * @throws OutputException when it cannot be opened
   */
  static Sink resumable(Path file, Path part, long keepBytes) throws UnsafeWorkFileException, OutputException {
    try {
      FileChannel channel;
      if (keepBytes >= 0) {
        channel = WorkFiles.open(part, StandardOpenOption.WRITE);
        channel.truncate(keepBytes);
        channel.position(keepBytes);
      } else {
        channel = WorkFiles.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
      }
      return new Sink(file.toString(), file, part, channel, Channels.newOutputStream(channel));
    } catch (UnsafeWorkFileException e) {
      throw e;
    } catch (IOException e) {
      throw new OutputException(part.toString(), e);
    }
  }

  /**
   * Ctrl-C (or any other exit of the JVM) before {@link #commit()} removes the temporary file {@code
   * work}, unless {@code kept} says it was renamed into place or given up already.
   */
  private static Thread removeOnExit(Path work, java.util.concurrent.atomic.AtomicBoolean kept) {
    Thread cleanup = new Thread(() -> {
      if (!kept.get()) {
        try {
          Files.deleteIfExists(work);
        } catch (IOException ignored) {
          // Exiting anyway; a stale temporary file does not touch the user's file.
        }
      }
    }, "passport-customers-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    return cleanup;
  }

  private static void forget(Thread cleanup) {
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException exiting) {
      // The JVM is already exiting; the hook runs and removes what is left.
    }
  }

  private void forgetCleanup() {
    if (kept != null) {
      kept.set(true);
    }
    if (cleanup != null) {
      forget(cleanup);
      cleanup = null;
    }
  }

  /** {@return what the user named: "standard output" or the file} */
  String target() {
    return target;
  }

  OutputStream stream() {
    return stream;
  }

  /** Sends buffered bytes on (to the terminal, the pipe or the work file). */
  void flush() throws IOException {
    stream.flush();
  }

  /** Flushes and makes the work file's bytes durable (fsync); {@return its length}. Files only. */
  long sync() throws IOException {
    stream.flush();
    try {
      channel.force(true);
      return channel.size();
    } catch (IOException e) {
      throw new OutputException(target, e);
    }
  }

  /** The results are complete: make them the named file (or just flush what goes elsewhere). */
  void commit() throws IOException {
    stream.flush();
    if (work == null) {
      return;
    }
    sync();
    try {
      channel.close();
      move(work, file);
    } catch (IOException e) {
      throw new OutputException(target, e);
    }
    done = true;
    forgetCleanup();
  }

  /** The run failed: remove the work file (unless it is kept for {@code --resume}, then just close it). */
  void abandon(boolean keepWork) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // The work file is removed or kept as it is; nothing more to save.
      }
    }
    if (work != null && !keepWork && !done) {
      try {
        Files.deleteIfExists(work);
      } catch (IOException ignored) {
        // Best effort: a stale work file does not touch the user's file.
      }
    }
    done = true;
    forgetCleanup();
  }

  @Override
  public void close() {
    if (!done) {
      abandon(false);
    }
  }

  /**
   * Renames {@code from} over {@code to} atomically where the file system can, then fsyncs the folder. A
   * symbolic link at {@code to} is replaced by the file (rename(2) never follows it); what it pointed to is
   * left alone.
   */
  static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
    syncFolder(to.toAbsolutePath().getParent());
  }

  /** fsyncs a folder so a rename in it is durable; a no-op where folders cannot be opened (Windows). */
  static void syncFolder(Path dir) {
    try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
      folder.force(true);
    } catch (IOException e) {
      // Not every platform can fsync a folder; the rename itself has happened.
    }
  }

  /** Turns every IOException into an {@link OutputException} naming the target. */
  private static final class Guarded extends FilterOutputStream {
    private final String target;

    Guarded(OutputStream out, String target) {
      super(out);
      this.target = target;
    }

    @Override
    public void write(int b) throws IOException {
      try {
        out.write(b);
      } catch (IOException e) {
        throw new OutputException(target, e);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw new OutputException(target, e);
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        out.flush();
      } catch (IOException e) {
        throw new OutputException(target, e);
      }
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
