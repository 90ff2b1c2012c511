package io.passport.customers.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Snapshots and creation times on a fixed clock: a customer made now is later than every snapshot so far. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SnapshotClockTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00.123456789Z");

  private final SnapshotClock clock = new SnapshotClock(Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void snapshotsAndCreationTimesAreInMillisecondsAndACreationTimeBeforeAnySnapshotIsNow() {
    assertThat(clock.newCreationTime()).isEqualTo(Instant.parse("2026-03-01T12:00:00.123Z"));
    assertThat(clock.newSnapshot()).isEqualTo(Instant.parse("2026-03-01T12:00:00.123Z"));
  }

  @Test
  void aCreationTimeIsOneMillisecondAfterTheLatestSnapshotWhenTheClockHasNotMovedOn() {
    Instant snapshot = clock.newSnapshot();
    assertThat(clock.newCreationTime()).isEqualTo(snapshot.plusMillis(1));
    assertThat(clock.newCreationTime()).as("no snapshot since: the same").isEqualTo(snapshot.plusMillis(1));
  }

  @Test
  void aSnapshotAfterEveryCustomerIsLaterThanTheLatestCreationAndLaterCreationsComeAfterIt() {
    Instant latest = NOW.plusSeconds(30).plusNanos(5);
    Instant snapshot = clock.snapshotAfter(() -> latest);
    assertThat(snapshot).isEqualTo(latest.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).plusMillis(1));
    assertThat(clock.newCreationTime()).isEqualTo(snapshot.plusMillis(1));
    assertThat(clock.snapshotAfter(() -> null)).as("no customers: now").isEqualTo(clock.newSnapshot());
  }

  @Test
  void aStepAtANewCreationTimeAndAStepAtANewSnapshotNeverInterleave() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<Instant> created = threads.submit(() -> clock.atNewCreationTime(time -> {
        inside.countDown();
        await(release);
        return time;
      }));
      assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
      List<String> order = new ArrayList<>();
      Future<Instant> snapshot = threads.submit(() -> clock.atNewSnapshot(time -> {
        synchronized (order) {
          order.add("snapshot");
        }
        return time;
      }));
      Thread.sleep(200); // the snapshot must still be waiting for the creation step
      synchronized (order) {
        assertThat(order).isEmpty();
        order.add("stored");
      }
      release.countDown();
      Instant creation = created.get(5, TimeUnit.SECONDS);
      Instant snapshotTime = snapshot.get(5, TimeUnit.SECONDS);
      assertThat(order).containsExactly("stored", "snapshot");
      assertThat(snapshotTime).as("a snapshot taken after the customer was stored counts it")
          .isAfterOrEqualTo(creation);
    } finally {
      release.countDown();
      threads.shutdownNow();
    }
  }

  @Test
  void aCreationTimeIsNotHandedOutWhileAPageIsCutFromANewSnapshot() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<String> order = new ArrayList<>();
      Future<Instant> snapshot = threads.submit(() -> clock.atNewSnapshot(time -> {
        inside.countDown();
        await(release);
        synchronized (order) {
          order.add("cut");
        }
        return time;
      }));
      assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
      Future<Instant> created = threads.submit(() -> clock.atNewCreationTime(time -> {
        synchronized (order) {
          order.add("created");
        }
        return time;
      }));
      Thread.sleep(200); // the creation must still be waiting for the cut
      release.countDown();
      Instant snapshotTime = snapshot.get(5, TimeUnit.SECONDS);
      Instant creation = created.get(5, TimeUnit.SECONDS);
      assertThat(order).containsExactly("cut", "created");
      assertThat(creation).as("a customer created after the cut is later than its snapshot").isAfter(snapshotTime);
    } finally {
      release.countDown();
      threads.shutdownNow();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
