package io.passport.customers.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * What an {@code --all} run says and tidies when the JVM exits before the run ends: Ctrl-C (SIGINT, exit
 * status 130) or SIGTERM (143) run the JVM's shutdown hooks, and this one prints one line naming the last
 * page written (and, for a checkpointed export, that {@code --resume} continues it), and removes a part
 * file that no checkpoint describes, so an early Ctrl-C leaves no empty {@code FILE.part}. A run that
 * ends by itself, well or not, closes this first and the hook is gone.
 *
 * <p>Thread-safe: the export's thread records pages and saves checkpoints under the same lock the hook
 * takes, so the hook never removes a part whose checkpoint is being written, and no checkpoint is saved
 * once the hook has decided. Owned by one run.
 */
final class ExportInterruption implements AutoCloseable {
  /** A checkpoint's save, which may fail. */
  interface Save {
    void run() throws IOException;
  }

  private final Object lock = new Object();
  private final PrintWriter err;
  private final @Nullable Path file;
  private final @Nullable Path part;
  private final Thread hook;
  private boolean partDescribed;
  private int lastPage;
  private long customers;
  private boolean ended;

  /**
   * @param err where the line goes
   * @param file the file the run writes, or null for standard output
   * @param part the checkpointed export's part file, or null when the run keeps no checkpoint
   * @param from the checkpoint a resumed run continues, or null
   */
  ExportInterruption(PrintWriter err, @Nullable Path file, @Nullable Path part, @Nullable Checkpoint from) {
    this.err = err;
    this.file = file;
    this.part = part;
    if (from != null) {
      partDescribed = true;
      lastPage = from.lastPage();
      customers = from.customers();
    }
    hook = new Thread(this::onExit, "passport-customers-interrupted");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Saves the checkpoint of {@code page} (unless the JVM is already exiting) and records the page. */
  void pageWritten(int page, long written, Save checkpoint) throws IOException {
    synchronized (lock) {
      if (ended) {
        return;
      }
      checkpoint.run();
      partDescribed = true;
      lastPage = page;
      customers = written;
    }
  }

  /** Records a page of a run that keeps no checkpoint. */
  void pageWritten(int page, long written) {
    synchronized (lock) {
      lastPage = page;
      customers = written;
    }
  }

  /** The run ended by itself: nothing to say or tidy at exit. */
  @Override
  public void close() {
    synchronized (lock) {
      ended = true;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException exiting) {
      // The JVM is exiting already; the hook sees that the run ended and does nothing.
    }
  }

  private void onExit() {
    synchronized (lock) {
      if (ended) {
        return;
      }
      ended = true;
      if (part != null && !partDescribed) {
        try {
          Files.deleteIfExists(part);
        } catch (IOException ignored) {
          // Exiting anyway; without a checkpoint, a stale part is started afresh by the next run.
        }
      }
      err.println("passport-customers: " + message());
      err.flush();
    }
  }

  /** {@return the line printed when the JVM exits before the run ended} */
  String message() {
    String where = lastPage == 0 ? "interrupted before the first page was written"
        : "interrupted after page " + lastPage + " (" + customers + " customers)";
    if (file == null) {
      return where;
    }
    if (part != null && lastPage > 0) {
      return where + "; " + file + " is unchanged; run the same command with --resume to continue";
    }
    return where + "; " + file + " is unchanged";
  }
}
