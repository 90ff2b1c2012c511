package io.passport.customers;

import static org.assertj.core.api.Assertions.assertThat;

import io.passport.customers.internal.TestHooks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import io.passport.customers.model.OrderDirection;
import okhttp3.OkHttpClient;

/**
 * A deterministic simulation of the client against a hostile provider (issue 23): jqwik draws
 * scenarios of provider faults and caller actions, {@link SimClock} runs them in virtual time on real
 * threads one at a time, and {@link SimProvider} answers in place of the network. A failing scenario
 * prints its seed (rerun it with {@code @Property(seed = "...")}) and is shrunk to a smaller one.
 *
 * <p>Properties checked on every scenario:
 *
 * <ol>
 *   <li>every listing that ends normally returns exactly the customers its pin covered when its first
 *       page was served, once each, in order ({@link SimCustomers}: the API's snapshot semantics, with
 *       creations, deletions and updates between pages), and was served no page that broke the
 *       listing's contract (the pin ignored, a page repeated, the totals changed, a malformed body): the
 *       client must notice those. The one exception is what the README documents as undetectable: an
 *       update that moves a customer while ordering by {@code updated_at}, with the pin kept. One that
 *       fails does so with a {@link PassportException} (an {@code INVALID_RESPONSE} only when the
 *       provider broke the contract or its data changed), and one cut short (abandoned, interrupted) has
 *       returned a prefix of the snapshot;
 *   <li>a listing killed after some pages, the provider changed meanwhile (customers deleted, created,
 *       half of them gone, another data set), and resumed as the CLI's {@code --resume} does it ends
 *       with exactly what the provider's listing at that pin now holds, or is refused as changed, or
 *       fails with a {@code PassportException};
 *   <li>nothing but a {@code PassportException} reaches a caller, and {@code CANCELLED} only a caller
 *       that was interrupted;
 *   <li>no thread sends again within {@link SimProvider#MIN_GAP_NANOS} of being refused (no hot loop),
 *       and no token request comes within the token endpoint's last {@code Retry-After};
 *   <li>after the load stops, the next call reaches the provider within {@link #RECOVERY} of virtual
 *       time (a 429's pause is capped at 5 minutes, so the client can never lock itself out longer);
 *   <li>every actor thread ends, and the client holds no scope but those of abandoned listings.
 * </ol>
 *
 * <p>How many scenarios: jqwik's {@code jqwik.tries.default} (1,000 here; {@code -Psoak} raises it).
 */
class SimulationTest {
  /** The longest the first call after the load may take to reach the provider. */
  static final Duration RECOVERY = Duration.ofSeconds(330);
  private static final long MS = 1_000_000L;
  /** A scenario that holds the turn this long in real time is stuck (a wait outside the virtual clock). */
  private static final long STUCK_MILLIS = 10_000;
  private static final OkHttpClient BASE_HTTP = new OkHttpClient();

  /** What Retry-After the provider sends on a refusal. */
  enum RetryAfter {
    NONE, ZERO, ONE, EXACT, RANDOM, HUGE;

    String header(Random random, double waitSeconds) {
      return switch (this) {
        case NONE -> null;
        case ZERO -> "0";
        case ONE -> "1";
        case EXACT -> Long.toString((long) Math.ceil(waitSeconds));
        case RANDOM -> Integer.toString(random.nextInt(11));
        case HUGE -> "100000";
      };
    }
  }

  /** The provider's limit and the faults it injects while the load runs. */
  record Faults(double rate, int burst, boolean rateLimitFields, RetryAfter retryAfter, int serverErrorPercent,
      int resetPercent, int latencyMillis, int tokenFaultPercent, RetryAfter tokenRetryAfter, Long expiresIn) {}

  enum Kind { GET, LIST, RESUME }

  enum Action { NONE, INTERRUPT, ABANDON }

  /**
   * One caller: a run of single calls, one listing, or one listing killed after some pages and resumed
   * as the CLI's {@code --resume} does it ({@link #resume}).
   */
  record Caller(Kind kind, int startMillis, int calls, int thinkMillis, Action action, int actionAfter) {}

  record Scenario(long seed, Faults faults, boolean clientCredentials, int customers, int pageSize,
      int parallelism, int deadlineMillis, List<Caller> callers, SimCustomers.Faults listing,
      SimCustomers.Change change) {}

  @Property
  void theClientKeepsItsPromisesWhateverTheProviderAndCallersDo(@ForAll("scenarios") Scenario scenario)
      throws InterruptedException {
    List<String> broken = run(scenario);
    assertThat(broken).as("broken promises in %s", scenario).isEmpty();
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<Faults> faults = Builders.withBuilder(() -> new Object[10])
        .use(Arbitraries.of(0.5, 1.0, 2.0, 5.0, 20.0)).in((a, v) -> set(a, 0, v))
        .use(Arbitraries.integers().between(1, 20)).in((a, v) -> set(a, 1, v))
        .use(Arbitraries.of(false, true)).in((a, v) -> set(a, 2, v))
        .use(Arbitraries.of(RetryAfter.class)).in((a, v) -> set(a, 3, v))
        .use(Arbitraries.integers().between(0, 30)).in((a, v) -> set(a, 4, v))
        .use(Arbitraries.integers().between(0, 10)).in((a, v) -> set(a, 5, v))
        .use(Arbitraries.integers().between(0, 400)).in((a, v) -> set(a, 6, v))
        .use(Arbitraries.integers().between(0, 40)).in((a, v) -> set(a, 7, v))
        .use(Arbitraries.of(RetryAfter.class)).in((a, v) -> set(a, 8, v))
        .use(Arbitraries.of(3600L, 0L, -5L, 1L, 30L, 100_000_000L).injectNull(0.15)).in((a, v) -> set(a, 9, v))
        .build(a -> new Faults((Double) a[0], (Integer) a[1], (Boolean) a[2], (RetryAfter) a[3], (Integer) a[4],
            (Integer) a[5], (Integer) a[6], (Integer) a[7], (RetryAfter) a[8], (Long) a[9]));
    Arbitrary<Caller> caller = Builders.withBuilder(() -> new Object[6])
        .use(Arbitraries.of(Kind.class)).in((a, v) -> set(a, 0, v))
        .use(Arbitraries.integers().between(0, 20_000)).in((a, v) -> set(a, 1, v))
        .use(Arbitraries.integers().between(1, 60)).in((a, v) -> set(a, 2, v))
        .use(Arbitraries.integers().between(0, 500)).in((a, v) -> set(a, 3, v))
        .use(Arbitraries.of(Action.class)).in((a, v) -> set(a, 4, v))
        .use(Arbitraries.integers().between(0, 5_000)).in((a, v) -> set(a, 5, v))
        .build(a -> new Caller((Kind) a[0], (Integer) a[1], (Integer) a[2], (Integer) a[3], (Action) a[4],
            (Integer) a[5]));
    // A burst: many callers of single calls starting together.
    Arbitrary<List<Caller>> burst = Arbitraries.integers().between(0, 25).flatMap(n ->
        Arbitraries.integers().between(0, 10_000).flatMap(at ->
            Arbitraries.integers().between(1, 60).map(calls -> {
              List<Caller> callers = new ArrayList<>();
              for (int i = 0; i < n; i++) {
                callers.add(new Caller(Kind.GET, at, calls, 0, Action.NONE, 0));
              }
              return callers;
            })));
    Arbitrary<List<Caller>> callers = Arbitraries.oneOf(caller.list().ofMinSize(1).ofMaxSize(8),
        Arbitraries.lazy(() -> caller.list().ofMinSize(1).ofMaxSize(3)).flatMap(some ->
            burst.map(b -> { List<Caller> all = new ArrayList<>(some); all.addAll(b); return all; })));
    // The listing's faults: none in about half the scenarios, so the exact result is asked for often.
    Arbitrary<SimCustomers.Faults> listing = Arbitraries.oneOf(Arbitraries.just(SimCustomers.Faults.NONE),
        Builders.withBuilder(() -> new Object[11])
            .use(Arbitraries.of(false, false, false, true)).in((a, v) -> set(a, 0, v))
            .use(Arbitraries.integers().between(0, 40)).in((a, v) -> set(a, 1, v))
            .use(Arbitraries.of(false, true)).in((a, v) -> set(a, 2, v))
            .use(Arbitraries.of(false, true)).in((a, v) -> set(a, 3, v))
            .use(Arbitraries.of(false, true)).in((a, v) -> set(a, 4, v))
            .use(Arbitraries.of(0, 0, 5, 20)).in((a, v) -> set(a, 5, v))
            .use(Arbitraries.of(0, 0, 5, 20)).in((a, v) -> set(a, 6, v))
            .use(Arbitraries.of(0, 0, 5, 20)).in((a, v) -> set(a, 7, v))
            .use(Arbitraries.of(0, 0, 30)).in((a, v) -> set(a, 8, v))
            .use(Arbitraries.of(false, true)).in((a, v) -> set(a, 9, v))
            .use(Arbitraries.of(false, true)).in((a, v) -> set(a, 10, v))
            .build(a -> new SimCustomers.Faults((Boolean) a[0], (Integer) a[1], (Boolean) a[2], (Boolean) a[3],
                (Boolean) a[4], (Integer) a[5], (Integer) a[6], (Integer) a[7], (Integer) a[8], (Boolean) a[9],
                (Boolean) a[10])));
    return Builders.withBuilder(() -> new Object[10])
        .use(Arbitraries.longs()).in((a, v) -> set(a, 0, v))
        .use(faults).in((a, v) -> set(a, 1, v))
        .use(Arbitraries.of(false, true)).in((a, v) -> set(a, 2, v))
        .use(Arbitraries.integers().between(0, 250)).in((a, v) -> set(a, 3, v))
        .use(Arbitraries.of(7, 10, 50, 100)).in((a, v) -> set(a, 4, v))
        .use(Arbitraries.integers().between(1, 4)).in((a, v) -> set(a, 5, v))
        .use(Arbitraries.of(300, 1_000, 2_000, 10_000, 60_000)).in((a, v) -> set(a, 6, v))
        .use(callers).in((a, v) -> set(a, 7, v))
        .use(listing).in((a, v) -> set(a, 8, v))
        .use(Arbitraries.of(SimCustomers.Change.class)).in((a, v) -> set(a, 9, v))
        .build(a -> new Scenario((Long) a[0], (Faults) a[1], (Boolean) a[2], (Integer) a[3], (Integer) a[4],
            (Integer) a[5], (Integer) a[6], castCallers(a[7]), (SimCustomers.Faults) a[8],
            (SimCustomers.Change) a[9]));
  }

  @SuppressWarnings("unchecked")
  private static List<Caller> castCallers(Object callers) {
    return (List<Caller>) callers;
  }

  private static Object[] set(Object[] values, int index, Object value) {
    values[index] = value;
    return values;
  }

  /** Runs one scenario; returns the promises it broke, in words. */
  static List<String> run(Scenario scenario) throws InterruptedException {
    SimClock clock = new SimClock(scenario.seed());
    SimCustomers pages = new SimCustomers(clock, scenario.customers(), scenario.listing());
    SimProvider provider = new SimProvider(clock, scenario.faults(), pages);
    List<String> broken = Collections.synchronizedList(new ArrayList<>());
    PassportCustomersClient.Builder builder = PassportCustomersClient.builder()
        .baseUrl("http://127.0.0.1:9/")
        .okHttpClient(BASE_HTTP.newBuilder().addInterceptor(provider).build())
        .parallelism(scenario.parallelism())
        .retryPolicy(RetryPolicy.builder().deadline(Duration.ofMillis(scenario.deadlineMillis())).build());
    TestHooks.callThreads(TestHooks.clock(TestHooks.timing(builder, clock), clock), new DirectExecutor());
    if (scenario.clientCredentials()) {
      builder.clientCredentials("sim-client", "sim-secret");
    } else {
      builder.accessToken("sim-token");
    }
    PassportCustomersClient client = builder.build();
    int[] abandoned = {0};
    try {
      int n = 0;
      for (Caller caller : scenario.callers()) {
        String name = "caller-" + n++ + "-" + caller.kind();
        Thread thread = clock.spawn(name, caller.startMillis() * MS, () -> {
          if (caller.kind() == Kind.GET) {
            gets(client, clock, provider, caller, name, broken);
          } else if (caller.kind() == Kind.RESUME) {
            resume(client, clock, scenario, pages, caller, name, broken);
          } else if (list(client, scenario, pages, caller, name, broken)) {
            synchronized (abandoned) {
              abandoned[0]++;
            }
          }
        });
        if (caller.action() == Action.INTERRUPT) {
          clock.spawn(name + "-interrupter", (caller.startMillis() + caller.actionAfter()) * MS,
              () -> clock.interrupt(thread));
        }
      }
      for (Throwable t : clock.run(STUCK_MILLIS)) {
        broken.add("escaped an actor: " + t);
      }
      // The load has stopped: the next call must reach the provider within RECOVERY.
      provider.healthy = true;
      long loadEnd = clock.elapsed();
      int before = provider.arrivals.size();
      String[] lastFailure = {"none"};
      clock.spawn("probe", loadEnd + SimProvider.SECOND, () -> probe(client, clock, provider, broken, lastFailure));
      for (Throwable t : clock.run(STUCK_MILLIS)) {
        broken.add("escaped the probe: " + t);
      }
      boolean reached = provider.arrivals.subList(before, provider.arrivals.size()).stream()
          .anyMatch(a -> a.thread().equals("probe"));
      if (!reached) {
        broken.add("after the load stopped at " + loadEnd / MS + " ms no call reached the provider within "
            + RECOVERY.toSeconds() + " s: locked out (the last call failed with " + lastFailure[0] + "; arrivals after: "
            + provider.arrivals.subList(before, provider.arrivals.size()) + ")");
      }
      broken.addAll(provider.violations);
      int scopes = TestHooks.openScopes(client);
      if (scopes > abandoned[0]) {
        broken.add("the client holds " + scopes + " scopes; " + abandoned[0] + " listings were abandoned");
      }
    } finally {
      client.close();
    }
    for (Thread actor : clock.actors()) {
      actor.join(1_000);
      if (actor.isAlive()) {
        broken.add(actor.getName() + " did not end");
      }
    }
    return broken;
  }

  private static void gets(PassportCustomersClient client, SimClock clock, SimProvider provider, Caller caller,
      String name, List<String> broken) {
    for (int i = 0; i < caller.calls(); i++) {
      try {
        String id = "c-" + (i + 1);
        String got = client.get(id).getId();
        if (!id.equals(got)) {
          broken.add(name + " asked for " + id + " and got " + got);
        }
      } catch (PassportException e) {
        if (e.kind() == PassportException.Kind.CANCELLED) {
          if (caller.action() != Action.INTERRUPT) {
            broken.add(name + " was never interrupted but got " + e);
          }
          Thread.interrupted();
          return;
        }
      } catch (RuntimeException e) {
        broken.add(name + " got " + e + " (not a PassportException)");
        return;
      }
      provider.callEnded();
      try {
        clock.sleep(Math.max(1, caller.thinkMillis()) * MS, null);
      } catch (InterruptedException e) {
        return; // interrupted between calls
      }
    }
  }

  /** The scenario's listing query: its page size, and its order when the provider orders by updated_at. */
  private static CustomerQuery query(Scenario scenario) {
    CustomerQuery.Builder query = CustomerQuery.builder().pageSize(scenario.pageSize());
    if (scenario.listing().byUpdatedAt()) {
      query.orderKey(OrderKey.UPDATED_AT);
    }
    if (scenario.listing().descending()) {
      query.orderDirection(OrderDirection.DESC);
    }
    return query.build();
  }

  /** Runs one listing; returns whether it was abandoned (dropped unfinished without close). */
  private static boolean list(PassportCustomersClient client, Scenario scenario, SimCustomers pages,
      Caller caller, String name, List<String> broken) {
    List<String> seen = new ArrayList<>();
    try {
      for (var customer : client.listAll(query(scenario))) {
        seen.add(customer.getId());
        if (caller.action() == Action.ABANDON && seen.size() >= caller.actionAfter() % 300) {
          judgeCut(name, seen, pages.listing(), broken);
          return true;
        }
      }
      judgeEnd(name, seen, pages.listing(), broken);
    } catch (PassportException e) {
      if (e.kind() == PassportException.Kind.CANCELLED && caller.action() != Action.INTERRUPT) {
        broken.add(name + " was never interrupted but got " + e);
      }
      Thread.interrupted();
      judgeFailure(name, seen, pages.listing(), e, broken);
    } catch (RuntimeException e) {
      broken.add(name + " got " + e + " (not a PassportException)");
    }
    return false;
  }

  /**
   * A listing that ended normally: exactly the customers its pin covered when its first page was
   * served, once each, in order; and a provider that broke the contract on a page it served (pin
   * ignored, a page repeated, the totals changed, a malformed body) must have been noticed. The one
   * exception is the documented undetectable case: an update that moved a customer while ordering by
   * updated_at, with the pin kept (the customers are then only checked to be the snapshot's).
   */
  private static void judgeEnd(String name, List<String> seen, SimCustomers.Listing listing, List<String> broken) {
    List<String> expected = listing == null ? List.of() : listing.expected;
    if (listing != null && !listing.broke && (listing.replaced || listing.unseen)) {
      return; // another data set at the same URL, or a page of other data that said nothing: no promise to check
    }
    if (listing != null && listing.broke) {
      broken.add(name + " ended normally with " + describe(seen) + " from a provider that broke the contract: "
          + listing.faults);
    } else if (listing != null && listing.undetectable) {
      if (!expected.containsAll(seen)) {
        broken.add(name + " ended normally with " + describe(seen) + ", customers outside the snapshot "
            + describe(expected));
      }
    } else if (!seen.equals(expected)) {
      broken.add(name + " ended normally with " + describe(seen) + " where the snapshot holds " + describe(expected)
          + (listing != null && listing.changed ? " (the data changed while it ran)" : ""));
    }
  }

  /**
   * A listing that failed: with a PassportException (caught by the caller), having returned a prefix of
   * the snapshot unless the data changed under it; an INVALID_RESPONSE only from a provider that broke
   * the contract or whose data changed, and naming what broke.
   */
  private static void judgeFailure(String name, List<String> seen, SimCustomers.Listing listing, PassportException e,
      List<String> broken) {
    judgeCut(name, seen, listing, broken);
    if (e.kind() == PassportException.Kind.INVALID_RESPONSE) {
      if (listing == null || !listing.broke && !listing.changed) {
        broken.add(name + " failed with " + e + " though the provider kept the contract and its data");
      } else if (e.getMessage() == null || e.getMessage().isBlank()) {
        broken.add(name + " failed with an INVALID_RESPONSE that names nothing");
      }
    }
  }

  /** A listing cut short (abandoned, failed): what it returned is a prefix of the snapshot. */
  private static void judgeCut(String name, List<String> seen, SimCustomers.Listing listing, List<String> broken) {
    if (listing == null || listing.broke || listing.changed) {
      return; // a page from a hostile or changing provider may have been taken before the client saw it
    }
    checkPrefix(name, seen, listing.expected, broken);
  }

  private static void checkPrefix(String name, List<String> seen, List<String> expected, List<String> broken) {
    if (seen.size() > expected.size() || !expected.subList(0, seen.size()).equals(seen)) {
      broken.add(name + " returned " + describe(seen) + ", not a prefix of " + describe(expected));
    }
  }

  /**
   * A listing killed after some pages and resumed, as the CLI's {@code list --all --output FILE}
   * checkpoints and {@code --resume}s it (ListCommand, Checkpoint): after each page it keeps the pin,
   * the totals and the page's ids; the kill drops the listing; the provider's data changes meanwhile
   * ({@link SimCustomers.Change}); the resume lists again from the last page kept, pinned to the same
   * snapshot, compares that page's totals and ids with the kept ones and refuses when they differ
   * ("the listing changed", exit 3 in the CLI), and otherwise appends the pages after it. The result is
   * then exactly what the provider's listing at that pin now holds, or a refusal, or a
   * PassportException.
   */
  private static void resume(PassportCustomersClient client, SimClock clock, Scenario scenario, SimCustomers pages,
      Caller caller, String name, List<String> broken) {
    List<String> written = new ArrayList<>();
    int killAfter = 1 + caller.actionAfter() % 12;
    int lastPage = 0;
    java.time.Instant pin = null;
    Integer totalPages = null;
    Long totalElements = null;
    List<String> lastIds = List.of();
    CustomerQuery query = query(scenario);
    try (CustomerPaginator first = client.listAll(query)) {
      for (var page : first.pages()) {
        var info = page.getPaginationInfo();
        if (lastPage == 0 && info != null) {
          pin = info.getFirstRequestTimestamp() == null ? null : info.getFirstRequestTimestamp().toInstant();
          totalPages = info.getTotalPages();
          totalElements = info.getTotalElements();
        }
        lastIds = ids(page);
        written.addAll(lastIds);
        lastPage++;
        if (lastPage == killAfter) {
          break;
        }
      }
      if (lastPage < killAfter || pin == null) {
        judgeEnd(name, written, pages.listing(), broken); // ended before the kill: an ordinary listing
        return;
      }
    } catch (PassportException e) {
      judgeFailure(name, written, pages.listing(), e, broken);
      return;
    } catch (RuntimeException e) {
      broken.add(name + " got " + e + " (not a PassportException)");
      return;
    }
    // Killed. The provider changes meanwhile; then the resume.
    pages.change(scenario.change(), clock.random());
    try {
      clock.sleep(60 * SimProvider.SECOND, null);
    } catch (InterruptedException e) {
      return; // interrupted while down
    }
    SimCustomers.Listing killed = pages.listing();
    boolean undetectable = killed != null && (killed.undetectable || killed.unseen || killed.replaced);
    pages.forget();
    CustomerQuery again = query.toBuilder().pageNumber(lastPage).snapshot(pin).build();
    try (CustomerPaginator resumed = client.listAll(again)) {
      boolean recheck = true;
      for (var page : resumed.pages()) {
        if (recheck) {
          recheck = false;
          var info = page.getPaginationInfo();
          List<String> changes = new ArrayList<>();
          if (totalElements != null && info != null && info.getTotalElements() != null
              && !totalElements.equals(info.getTotalElements())) {
            changes.add("it counted " + totalElements + " customers and now counts " + info.getTotalElements());
          }
          if (totalPages != null && info != null && info.getTotalPages() != null
              && !totalPages.equals(info.getTotalPages())) {
            changes.add("it had " + totalPages + " pages and now has " + info.getTotalPages());
          }
          if (!ids(page).equals(lastIds)) {
            changes.add("page " + lastPage + " now holds other customers");
          }
          if (!changes.isEmpty()) {
            return; // refused: the listing changed (the CLI's exit 3)
          }
          continue;
        }
        written.addAll(ids(page));
      }
      if (recheck) {
        return; // refused: the last page written is gone
      }
    } catch (PassportException e) {
      return; // a typed failure: the part file is kept for another resume
    } catch (RuntimeException e) {
      broken.add(name + " resumed and got " + e + " (not a PassportException)");
      return;
    }
    SimCustomers.Listing listing = pages.listing();
    if (undetectable && (listing == null || !listing.broke)) {
      return; // before the kill: an update moved a customer with the pin kept (documented undetectable), a page
              // of other data said nothing, or another data set took the place of this one
    }
    if (listing != null && (listing.broke || listing.undetectable || listing.unseen)) {
      judgeEnd(name, written, listing, broken);
      return;
    }
    List<String> now = pages.visible(pin);
    if (!written.equals(now)) {
      broken.add(name + " was killed after page " + lastPage + ", the provider changed (" + scenario.change()
          + "), and the resumed listing wrote " + describe(written) + " where the provider now holds "
          + describe(now));
    }
  }

  private static List<String> ids(io.passport.customers.model.ListCustomersResponse page) {
    List<String> ids = new ArrayList<>();
    for (var customer : page.getCustomers()) {
      ids.add(customer.getId());
    }
    return ids;
  }

  private static String describe(List<String> ids) {
    return ids.size() <= 6 ? ids.toString() : ids.size() + " ids " + ids.subList(0, 3) + "..."
        + ids.subList(ids.size() - 3, ids.size());
  }

  /** Calls until a call reaches the provider or RECOVERY has passed, a second apart. */
  private static void probe(PassportCustomersClient client, SimClock clock, SimProvider provider, List<String> broken,
      String[] lastFailure) {
    long start = clock.elapsed();
    int before = provider.arrivals.size();
    while (clock.elapsed() - start <= RECOVERY.toNanos()) {
      try {
        client.get("probe");
      } catch (PassportException e) {
        lastFailure[0] = e.toString();
      } catch (RuntimeException e) {
        broken.add("the probe got " + e + " (not a PassportException)");
        return;
      }
      if (provider.arrivals.size() > before) {
        return; // the provider saw it
      }
      try {
        clock.sleep(SimProvider.SECOND, null);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Runs every task on the thread that submits it: the client's calls stay on their caller's thread. */
  static final class DirectExecutor extends AbstractExecutorService {
    private volatile boolean shutdown;

    @Override
    public void execute(Runnable command) {
      if (shutdown) {
        throw new RejectedExecutionException("shut down");
      }
      command.run();
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }
}
