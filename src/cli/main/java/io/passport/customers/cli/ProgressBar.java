package io.passport.customers.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A one-line progress bar for {@code list --all}, redrawn in place on a terminal's error stream: pages,
 * customers, rate, time left and how the listing flows ({@code [#####.....] page 4/25  400/2500
 * customers  812/s  ETA 0:03  window 6/8, paused 0.8 s, 3 x 429}: the window of pages in flight and,
 * under the server's rate limit, the client's pause, pace and 429s). {@link #clear()} wipes it
 * (carriage return, erase line) before rows go to the same terminal, so bar and rows never share a
 * line. Redraws at most every 100 ms on a page, and on {@link #tick()} between pages, so that a pause
 * shows while it lasts. Thread-safe: a ticker thread may call {@link #tick()} while the listing's
 * thread calls the rest.
 */
final class ProgressBar {
  static final int WIDTH = 20;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintWriter terminal;
  private final LongSupplier nanoClock;
  private final long start;
  private final long startCustomers;
  private final Supplier<String> flow;
  private long lastDraw = Long.MIN_VALUE;
  private boolean shown;
  private int page;
  private @Nullable Integer totalPages;
  private long customers;
  private @Nullable Long totalCustomers;

  /**
   * @param startCustomers customers already written before this run (resumed), not counted in the rate
   * @param flow how the listing flows now, or an empty text to leave that out
   */
  ProgressBar(PrintWriter terminal, LongSupplier nanoClock, long startCustomers, Supplier<String> flow) {
    this.terminal = terminal;
    this.nanoClock = nanoClock;
    this.start = nanoClock.getAsLong();
    this.startCustomers = startCustomers;
    this.flow = flow;
  }

  /** Redraws the bar unless it was drawn less than 100 ms ago (or {@code force}). */
  synchronized void show(int page, @Nullable Integer totalPages, long customers, @Nullable Long totalCustomers,
      boolean force) {
    this.page = page;
    this.totalPages = totalPages;
    this.customers = customers;
    this.totalCustomers = totalCustomers;
    long now = nanoClock.getAsLong();
    if (!force && shown && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    draw(now);
  }

  /** Redraws a bar already shown with what it last showed and how the listing flows now. */
  synchronized void tick() {
    if (shown) {
      draw(nanoClock.getAsLong());
    }
  }

  private void draw(long now) {
    lastDraw = now;
    shown = true;
    String text = render(page, totalPages, customers - startCustomers, customers, totalCustomers,
        Duration.ofNanos(now - start));
    String flowing = flow.get();
    terminal.print("\r\u001b[K" + text + (flowing.isEmpty() ? "" : "  " + flowing));
    terminal.flush();
  }

  /** Wipes the bar so that the line is free for rows or messages. */
  synchronized void clear() {
    if (shown) {
      terminal.print("\r\u001b[K");
      terminal.flush();
      shown = false;
      lastDraw = Long.MIN_VALUE;
    }
  }

  /** The bar's text; the rate counts only {@code done} customers of this run over {@code elapsed}. */
  static String render(int page, @Nullable Integer totalPages, long done, long customers, @Nullable Long totalCustomers,
      Duration elapsed) {
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
