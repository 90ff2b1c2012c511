package io.passport.customers.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar for {@code list --all}, redrawn in place on a terminal's error stream: pages,
 * customers, rate and time left ({@code [#####.....] page 4/25  400/2500 customers  812/s  ETA 0:03}).
 * {@link #clear()} wipes it (carriage return, erase line) before rows go to the same terminal, so bar
 * and rows never share a line. Redraws at most every 100 ms. Not thread-safe.
 */
final class ProgressBar {
  static final int WIDTH = 20;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintWriter terminal;
  private final LongSupplier nanoClock;
  private final long start;
  private final long startCustomers;
  private long lastDraw = Long.MIN_VALUE;
  private boolean shown;

  /**
   * @param startCustomers customers already written before this run (resumed), not counted in the rate
   */
  ProgressBar(PrintWriter terminal, LongSupplier nanoClock, long startCustomers) {
    this.terminal = terminal;
    this.nanoClock = nanoClock;
    this.start = nanoClock.getAsLong();
    this.startCustomers = startCustomers;
  }

  /** Redraws the bar unless it was drawn less than 100 ms ago (or {@code force}). */
  void show(int page, Integer totalPages, long customers, Long totalCustomers, boolean force) {
    long now = nanoClock.getAsLong();
    if (!force && shown && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    shown = true;
    terminal.print("\r\u001b[K" + render(page, totalPages, customers - startCustomers, customers, totalCustomers,
        Duration.ofNanos(now - start)));
    terminal.flush();
  }

  /** Wipes the bar so that the line is free for rows or messages. */
  void clear() {
    if (shown) {
      terminal.print("\r\u001b[K");
      terminal.flush();
      shown = false;
      lastDraw = Long.MIN_VALUE;
    }
  }

  /** The bar's text; the rate counts only {@code done} customers of this run over {@code elapsed}. */
  static String render(int page, Integer totalPages, long done, long customers, Long totalCustomers, Duration elapsed) {
    StringBuilder s = new StringBuilder();
    if (totalCustomers != null && totalCustomers > 0) {
      int filled = (int) Math.min(WIDTH, customers * WIDTH / totalCustomers);
      s.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
    }
    s.append("page ").append(page);
    if (totalPages != null) {
      s.append('/').append(totalPages);
    }
    s.append("  ").append(customers);
    if (totalCustomers != null) {
      s.append('/').append(totalCustomers);
    }
    s.append(" customers");
    double seconds = elapsed.toNanos() / 1e9;
    if (seconds > 0 && done > 0) {
      double rate = done / seconds;
      s.append("  ").append(Math.round(rate)).append("/s");
      if (totalCustomers != null && totalCustomers >= customers) {
        long left = Math.round((totalCustomers - customers) / rate);
        s.append("  ETA ").append(left / 60).append(':').append(String.format("%02d", left % 60));
      }
    }
    return s.toString();
  }
}
