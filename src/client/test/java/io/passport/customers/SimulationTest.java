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
 *   <li>every listing that ends normally returns exactly the snapshot's customers, once each, in order;
 *       one that fails does so with a {@link PassportException}, and one cut short (abandoned,
 *       interrupted) has returned a prefix of them;
 *   <li>nothing but a {@code PassportException} reaches a caller, and {@code CANCELLED} only a caller
 *       that was interrupted;
 *   <li>no thread sends again within {@link SimProvider#MIN_GAP_NANOS} of being refused (no hot loop);
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

  enum Kind { GET, LIST }

  enum Action { NONE, INTERRUPT, ABANDON }

  /** One caller: a run of single calls, or one listing. */
  record Caller(Kind kind, int startMillis, int calls, int thinkMillis, Action action, int actionAfter) {}

  record Scenario(long seed, Faults faults, boolean clientCredentials, int customers, int pageSize,
      int parallelism, int deadlineMillis, List<Caller> callers) {}

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
    return Builders.withBuilder(() -> new Object[8])
        .use(Arbitraries.longs()).in((a, v) -> set(a, 0, v))
        .use(faults).in((a, v) -> set(a, 1, v))
        .use(Arbitraries.of(false, true)).in((a, v) -> set(a, 2, v))
        .use(Arbitraries.integers().between(0, 250)).in((a, v) -> set(a, 3, v))
        .use(Arbitraries.of(7, 10, 50, 100)).in((a, v) -> set(a, 4, v))
        .use(Arbitraries.integers().between(1, 4)).in((a, v) -> set(a, 5, v))
        .use(Arbitraries.of(300, 1_000, 2_000, 10_000, 60_000)).in((a, v) -> set(a, 6, v))
        .use(callers).in((a, v) -> set(a, 7, v))
        .build(a -> new Scenario((Long) a[0], (Faults) a[1], (Boolean) a[2], (Integer) a[3], (Integer) a[4],
            (Integer) a[5], (Integer) a[6], castCallers(a[7])));
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
    return run(scenario, SimProvider.snapshot(scenario.customers()));
  }

  /** {@link #run(Scenario)} against the given list endpoint (for snapshot and invariant faults). */
  static List<String> run(Scenario scenario, SimProvider.PageSource pages) throws InterruptedException {
    SimClock clock = new SimClock(scenario.seed());
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
          } else if (list(client, scenario, pages.expected(), caller, name, broken)) {
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

  /** Runs one listing; returns whether it was abandoned (dropped unfinished without close). */
  private static boolean list(PassportCustomersClient client, Scenario scenario, List<String> expected,
      Caller caller, String name, List<String> broken) {
    List<String> seen = new ArrayList<>();
    CustomerQuery query = CustomerQuery.builder().pageSize(scenario.pageSize()).build();
    try {
      for (var customer : client.listAll(query)) {
        seen.add(customer.getId());
        if (caller.action() == Action.ABANDON && seen.size() >= caller.actionAfter() % 300) {
          checkPrefix(name, seen, expected, broken);
          return true;
        }
      }
      if (!seen.equals(expected)) {
        broken.add(name + " ended normally with " + describe(seen) + " where the snapshot holds " + describe(expected));
      }
    } catch (PassportException e) {
      if (e.kind() == PassportException.Kind.CANCELLED && caller.action() != Action.INTERRUPT) {
        broken.add(name + " was never interrupted but got " + e);
      }
      Thread.interrupted();
      checkPrefix(name, seen, expected, broken);
    } catch (RuntimeException e) {
      broken.add(name + " got " + e + " (not a PassportException)");
    }
    return false;
  }

  private static void checkPrefix(String name, List<String> seen, List<String> expected, List<String> broken) {
    if (seen.size() > expected.size() || !expected.subList(0, seen.size()).equals(seen)) {
      broken.add(name + " returned " + describe(seen) + ", not a prefix of " + describe(expected));
    }
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
