package io.passport.customers.sandbox;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.jspecify.annotations.Nullable;

/**
 * Closes a connection whose request headers keep trickling in: one that goes on receiving bytes for two
 * checks in a row (a check every half {@code timeout}) without a request arriving, while none is being
 * handled. Jetty's idle timeout closes a connection that sends nothing; this closes one that sends a byte
 * now and then (a slowloris), which the idle timeout never would. Headers that take less than half the
 * timeout are never cut; a trickle is cut within one and a half timeouts. A connection idle between
 * requests, or whose request is being handled (its body included, which has its own deadline), is left
 * alone.
 *
 * <p>Jetty has no deadline on the whole of a request's headers, so this is hand-written, on Jetty's
 * connection events and byte counts. Thread-safe: each connection's state is guarded by itself.
 */
final class HeaderDeadline implements Connection.Listener {
  private final Scheduler scheduler;
  private final long checkMillis;
  private final Map<Connection, Watch> watches = new ConcurrentHashMap<>();

  /** One connection's counts at the last check. */
  private static final class Watch {
    long requests;
    int inFlight;
    long bytesAtCheck;
    long requestsAtCheck;
    int strikes;
    Scheduler.@Nullable Task task;
  }

  HeaderDeadline(Scheduler scheduler, Duration timeout) {
    this.scheduler = scheduler;
    this.checkMillis = Math.max(1, timeout.toMillis() / 2);
  }

  @Override
  public void onOpened(Connection connection) {
    Watch watch = new Watch();
    watches.put(connection, watch);
    synchronized (watch) {
      schedule(connection, watch);
    }
  }

  @Override
  public void onClosed(Connection connection) {
    Watch watch = watches.remove(connection);
    if (watch != null) {
      synchronized (watch) {
        if (watch.task != null) {
          watch.task.cancel();
        }
      }
    }
  }

  /** A request's headers arrived on {@code connection}: {@return the callback to complete it through} */
  Callback started(Connection connection, Callback callback) {
    Watch watch = watches.get(connection);
    if (watch == null) {
      return callback;
    }
    synchronized (watch) {
      watch.requests++;
      watch.inFlight++;
    }
    return new Callback() {
      @Override
      public void succeeded() {
        ended(watch);
        callback.succeeded();
      }

      @Override
      public void failed(Throwable failure) {
        ended(watch);
        callback.failed(failure);
      }

      @Override
      public InvocationType getInvocationType() {
        return callback.getInvocationType();
      }
    };
  }

  private static void ended(Watch watch) {
    synchronized (watch) {
      watch.inFlight--;
    }
  }

  private void schedule(Connection connection, Watch watch) {
    watch.task = scheduler.schedule(() -> check(connection, watch), checkMillis, TimeUnit.MILLISECONDS);
  }

  private void check(Connection connection, Watch watch) {
    synchronized (watch) {
      if (!watches.containsKey(connection)) {
        return;
      }
      long bytes = connection.getBytesIn();
      boolean trickling = watch.inFlight == 0 && bytes != watch.bytesAtCheck && watch.requests == watch.requestsAtCheck;
      watch.strikes = trickling ? watch.strikes + 1 : 0;
      watch.bytesAtCheck = bytes;
      watch.requestsAtCheck = watch.requests;
      if (watch.strikes < 2) {
        schedule(connection, watch);
        return;
      }
    }
    connection.getEndPoint().close();
  }
}
