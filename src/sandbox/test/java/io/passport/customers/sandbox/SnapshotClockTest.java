package io.passport.customers.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
  void noSnapshotIsTakenBetweenACreationTimeAndItsStoring() throws Exception {
    Outcome outcome = holdFirstThenStartSecond(clock::atNewCreationTime, clock::atNewSnapshot);
    assertThat(outcome.order()).as("the snapshot waited for the stored customer").containsExactly("first", "second");
    assertThat(outcome.second()).as("a snapshot taken after the customer was stored counts it")
        .isAfterOrEqualTo(outcome.first());
  }

  @Test
  void noCreationTimeIsHandedOutWhileAPageIsCutFromANewSnapshot() throws Exception {
    Outcome outcome = holdFirstThenStartSecond(clock::atNewSnapshot, clock::atNewCreationTime);
    assertThat(outcome.order()).as("the creation waited for the cut").containsExactly("first", "second");
    assertThat(outcome.second()).as("a customer created after the cut is later than its snapshot")
        .isAfter(outcome.first());
  }

  /** One of the clock's one-step methods. */
  private interface Step {
    Instant run(Function<Instant, Instant> body);
  }

  private record Outcome(List<String> order, Instant first, Instant second) {}

  /**
   * Runs {@code first} and holds its body open for 200 ms while {@code second} starts on another
   * thread; each body records its name when it ends and returns the time it was given.
   */
  private static Outcome holdFirstThenStartSecond(Step first, Step second) throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<Instant> held = threads.submit(() -> first.run(time -> {
        inside.countDown();
        await(release);
        order.add("first");
        return time;
      }));
      assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
      Future<Instant> waiting = threads.submit(() -> second.run(time -> {
        order.add("second");
        return time;
      }));
      Thread.sleep(200); // room for the second step to run now if nothing holds it back
      release.countDown();
      Instant firstTime = held.get(5, TimeUnit.SECONDS);
      Instant secondTime = waiting.get(5, TimeUnit.SECONDS);
      return new Outcome(List.copyOf(order), firstTime, secondTime);
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
