package io.passport.customers.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.passport.customers.CustomerQuery;
import io.passport.customers.PassportCustomersClient;
import io.passport.customers.RetryPolicy;
import io.passport.customers.model.ListCustomersResponse;
import io.passport.customers.model.OrderDirection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Item 13 of issue 11: customers added while listings take their snapshots. A new listing's first
 * page and any page pinned to its snapshot must count the same customers; before the fix, a customer
 * whose creation time was taken before the snapshot but stored after page 1 was cut showed up on the
 * pinned pages only (a spurious INVALID_RESPONSE for the client).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SnapshotRaceTest {
  /** A clock one millisecond further on every read, so every snapshot is later than every earlier creation. */
  private static Clock tickingClock() {
    AtomicLong millis = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    return new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return Instant.ofEpochMilli(millis.incrementAndGet());
      }
    };
  }

  @Test
  void aFirstPageAndThePagesPinnedToItsSnapshotCountTheSameCustomersWhileOthersAreAdded() throws Exception {
    ExecutorService threads = Executors.newCachedThreadPool();
    AtomicBoolean adding = new AtomicBoolean(true);
    try (PassportSandbox sandbox = PassportSandbox.builder().customers(5).clock(tickingClock()).start();
        PassportCustomersClient client = PassportCustomersClient.builder().baseUrl(sandbox.baseUrl())
            .accessToken(PassportSandbox.STATIC_TOKEN).retryPolicy(RetryPolicy.none()).build()) {
      List<Future<?>> adders = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        adders.add(threads.submit(() -> {
          while (adding.get() && sandbox.customerCount() < 20_000) {
            sandbox.addSyntheticCustomers(1);
            Thread.sleep(1); // leave the listings room to run
          }
          return null;
        }));
      }
      CustomerQuery newest = CustomerQuery.builder().pageSize(1).orderKey("created_at")
          .orderDirection(OrderDirection.DESC).build();
      long end = System.nanoTime() + Duration.ofSeconds(4).toNanos();
      int probes = 0;
      List<String> mismatches = new ArrayList<>();
      while (System.nanoTime() < end) {
        ListCustomersResponse first = client.list(newest);
        Instant snapshot = first.getPaginationInfo().getFirstRequestTimestamp().toInstant();
        ListCustomersResponse pinned = client.list(newest.toBuilder().snapshot(snapshot).build());
        long counted = first.getPaginationInfo().getTotalElements();
        long pinnedCount = pinned.getPaginationInfo().getTotalElements();
        if (counted != pinnedCount || !first.getCustomers().equals(pinned.getCustomers())) {
          mismatches.add("snapshot " + snapshot + ": page 1 counted " + counted + ", pinned " + pinnedCount);
        }
        probes++;
      }
      adding.set(false);
      for (Future<?> adder : adders) {
        adder.get(10, TimeUnit.SECONDS);
      }
      assertThat(probes).as("probes made").isGreaterThan(20);
      assertThat(sandbox.customerCount()).as("customers added meanwhile").isGreaterThan(100);
      assertThat(mismatches).as("of %d probes", probes).isEmpty();
    } finally {
      adding.set(false);
      threads.shutdownNow();
    }
  }
}
