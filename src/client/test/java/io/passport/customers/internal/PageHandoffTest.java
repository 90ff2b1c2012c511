package io.passport.customers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.passport.customers.CustomerQuery;
import io.passport.customers.PassportException;
import io.passport.customers.model.Customer;
import io.passport.customers.model.ListCustomersResponse;
import io.passport.customers.model.PaginationInfo;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who does what in a listing: a call thread goes from page to page itself, without handing the next
 * page to another thread, and the consuming thread decodes the pages. Driven through {@link
 * PageIterator} with pages made in memory, so that every page's thread and every task given to the
 * call threads can be seen.
 */
@Timeout(10)
class PageHandoffTest {
  private static final int PAGES = 20;

  private final ExecutorService pool = Executors.newCachedThreadPool();
  /** The call threads as the listing sees them: the pool, counting the tasks it is given. */
  private final AtomicInteger tasks = new AtomicInteger();
  private final ExecutorService counted = new AbstractExecutorService() {
    @Override
    public void execute(Runnable command) {
      tasks.incrementAndGet();
      pool.execute(command);
    }

    @Override
    public void shutdown() {
      pool.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
      return pool.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
      return pool.isShutdown();
    }

    @Override
    public boolean isTerminated() {
      return pool.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
      return pool.awaitTermination(timeout, unit);
    }
  };

  /** Counted down as the consumer takes each page: taken[n] once page n was taken. */
  private final CountDownLatch[] taken = new CountDownLatch[PAGES + 1];
  private final Set<String> fetchedOn = ConcurrentHashMap.newKeySet();
  private final Set<String> decodedOn = ConcurrentHashMap.newKeySet();

  {
    for (int n = 0; n <= PAGES; n++) {
      taken[n] = new CountDownLatch(1);
    }
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /**
   * Page {@code n}, fetched on the calling thread. From page 3 on, the fetch waits until the consumer
   * has taken the page before the last one, so that the look-ahead always has room for the next page
   * when this one is done: any handoff then comes from the listing, not from a consumer lagging behind.
   */
  private PageIterator.FetchedPage fetch(CustomerQuery query, CallScope scope, InFlightLimit window) {
    int n = query.pageNumber();
    if (n >= 3) {
      try {
        assertThat(taken[n - 1].await(5, TimeUnit.SECONDS)).isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Internal.cancelled("interrupted", e);
      }
    }
    if (n >= 2) {
      fetchedOn.add(Thread.currentThread().getName());
    }
    return () -> {
      decodedOn.add(Thread.currentThread().getName());
      return new ListCustomersResponse()
          .customers(new ArrayList<>(List.of(new Customer().id("c-" + n))))
          .paginationInfo(new PaginationInfo().currentPage(n).totalPages(PAGES).totalElements((long) PAGES)
              .firstRequestTimestamp(OffsetDateTime.of(2025, 10, 9, 17, 35, 17, 0, ZoneOffset.UTC)));
    };
  }

  private List<String> listAll(int parallelism) {
    CustomerQuery query = CustomerQuery.builder().pageSize(1).build();
    List<String> ids = new ArrayList<>();
    try (PageIterator pages = new PageIterator(this::fetch, query, counted, CallScope.root().child(),
        InFlightLimit.fixed(parallelism), parallelism, () -> { })) {
      while (pages.hasNext()) {
        ListCustomersResponse page = pages.next();
        ids.add(page.getCustomers().get(0).getId());
        taken[page.getPaginationInfo().getCurrentPage()].countDown();
      }
    }
    return ids;
  }

  @Test
  void aSequentialListingGoesFromPageToPageOnOneCallThread() {
    List<String> ids = listAll(1);

    assertThat(ids).hasSize(PAGES).startsWith("c-1", "c-2").endsWith("c-20");
    // One task for page 1, which alone says how many pages there are, and one for page 2, whose thread
    // then fetches every later page itself.
    assertThat(tasks).hasValue(2);
    assertThat(fetchedOn).hasSize(1);
  }

  @Test
  void theConsumingThreadDecodesEveryPage() {
    listAll(2);

    assertThat(decodedOn).containsExactly(Thread.currentThread().getName());
    assertThat(fetchedOn).doesNotContain(Thread.currentThread().getName());
  }
}
