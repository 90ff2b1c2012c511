package io.passport.customers.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The sandbox's times, in milliseconds: the snapshots listings are cut at ({@code
 * first_request_timestamp}) and the creation times of customers added while it runs, kept so that a
 * customer created now is later than every snapshot handed out before. Each step that pairs a time
 * with a change of the store ({@link #atNewSnapshot}, {@link #atNewCreationTime}) runs under this
 * clock's lock, so a snapshot can never fall between a customer's creation time and its storing.
 * Thread-safe: every method holds this object's lock.
 */
final class SnapshotClock {
  private final Clock clock;
  private Instant lastSnapshot = Instant.EPOCH;

  SnapshotClock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** {@return a new snapshot: now, in milliseconds; it is remembered as the latest when it is} */
  synchronized Instant newSnapshot() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    if (now.isAfter(lastSnapshot)) {
      lastSnapshot = now;
    }
    return now;
  }

  /** {@return a creation time for a customer made now: now, in milliseconds, but after every snapshot so far} */
  synchronized Instant newCreationTime() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant afterSnapshots = lastSnapshot.plusMillis(1);
    return now.isAfter(afterSnapshots) ? now : afterSnapshots;
  }

  /**
   * Takes a new snapshot and runs {@code cut} with it as one step: no creation time is handed out in
   * between, so a customer added meanwhile is either in the cut or created after the snapshot.
   */
  synchronized <T> T atNewSnapshot(Function<Instant, T> cut) {
    return cut.apply(newSnapshot());
  }

  /**
   * Takes a new creation time and runs {@code store} with it as one step: no snapshot is taken in
   * between, so a snapshot either sees the stored customer or comes before its creation time.
   */
  synchronized <T> T atNewCreationTime(Function<Instant, T> store) {
    return store.apply(newCreationTime());
  }

  /**
   * A snapshot no earlier than now nor than {@code latestCreated} (read under this clock's lock; null
   * when there are no customers), remembered as the latest.
   */
  synchronized Instant snapshotAfter(Supplier<Instant> latestCreated) {
    Instant snapshot = newSnapshot();
    Instant latest = latestCreated.get();
    if (latest != null && latest.isAfter(snapshot)) {
      snapshot = latest.truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
      lastSnapshot = snapshot;
    }
    return snapshot;
  }
}
