package io.passport.customers;

import io.passport.customers.internal.CallScope;
import io.passport.customers.internal.Timing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * The test suite's one fake time: the client's {@link Timing} (monotonic time, sleeps, jitter) and its
 * wall {@link Clock}, on one virtual time line. It has two uses.
 *
 * <p><b>A fake clock for one test</b> ({@link #SimClock()}): the time moves only when the test calls
 * {@link #advance} or the client sleeps; a sleep returns at once, having moved the time. Every sleep is
 * recorded in {@link #slept}, and {@link #duringSleep} may act during one (another call's 429, a cancel,
 * an interrupt) before the time moves. A sleep whose call's scope is cancelled meanwhile ends early
 * without moving the time, as {@link Timing#SYSTEM}'s does, and one whose thread is interrupted throws
 * {@link InterruptedException} with the flag cleared, as a real sleep does. More than {@link
 * #MAX_SLEEPS} sleeps is a loop that spins instead of waiting, and fails. Any thread may sleep.
 *
 * <p><b>The simulation's virtual time and scheduler</b> (once an actor is {@link #spawn}ed): a
 * discrete-event loop over real threads, of which
 * exactly one runs at a time. Each simulated actor (a caller, a canceller) is a thread {@link #spawn}ed
 * at a virtual instant; it runs until it {@linkplain #sleep sleeps} (the client's waits, the simulated
 * provider's latency) or ends, and then the sleeper due first (ties in the order they slept) gets to
 * run, with the time moved to its wake-up. So a scenario's events happen in one order, the same on every
 * run of the same seed, however the OS schedules the threads; and no virtual second costs a real one.
 *
 * <p>A sleeper wakes early when an actor {@linkplain #interrupt interrupts} it (its sleep then throws
 * {@link InterruptedException}, as a real one does) or, after {@link #wakeCancelled()}, when its call's
 * scope or OkHttp call was cancelled. The jitter of the retry loop comes from the scenario's seed.
 *
 * <p>Everything the client does must block in {@link #sleep} only: a thread that blocks elsewhere holds
 * the turn, and {@link #run} reports the simulation as stuck after {@code realTimeout}. The client's
 * calls therefore run on their caller's thread here (its call-threads seam). Thread-safe.
 *
 * <p>Public (the class, its no-argument constructor, {@link #advance}, {@link #slept}, {@link
 * #duringSleep}) so that tests in other packages of the client, such as the runtime's, use this clock too.
 */
public final class SimClock extends Clock implements Timing {
  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
  private static final long BASE = 1_000_000_000_000L;

  /** One sleeping or not yet started actor thread. */
  private static final class Sleeper implements Comparable<Sleeper> {
    final Thread thread;
    long wake;
    long order;
    CallScope scope;
    BooleanSupplier cancelled;

    Sleeper(Thread thread) {
      this.thread = thread;
    }

    @Override
    public int compareTo(Sleeper o) {
      int byWake = Long.compare(wake, o.wake);
      return byWake != 0 ? byWake : Long.compare(order, o.order);
    }
  }

  /** More sleeps than this in one test (without a simulation) is a loop that spins instead of waiting. */
  public static final int MAX_SLEEPS = 10_000;

  /** Every sleep of a test without a simulation, in order. */
  public final List<Duration> slept = new CopyOnWriteArrayList<>();
  /**
   * Called with the sleep's number (from 1) and the sleeping call's scope (null when it has none)
   * before the time moves, in a test without a simulation.
   */
  public volatile BiConsumer<Integer, CallScope> duringSleep = (n, scope) -> { };

  private final Random random;
  private final PriorityQueue<Sleeper> due = new PriorityQueue<>();
  private final Map<Thread, Sleeper> sleepers = new HashMap<>();
  private final List<Thread> actors = new ArrayList<>();
  private final List<Throwable> escaped = new ArrayList<>();
  private long now;
  private long order;
  private Thread running;
  private int alive;

  /** A fake clock for one test, its jitter from a fixed seed. */
  public SimClock() {
    this(0);
  }

  /** A clock whose jitter and scenario random numbers come from {@code seed}. */
  SimClock(long seed) {
    this.random = new Random(seed);
  }

  /** Moves the time forward by {@code duration}. */
  public void advance(Duration duration) {
    synchronized (this) {
      now += duration.toNanos();
    }
  }

  /** Starts {@code body} on a thread of its own at virtual {@code atNanos} (from the start). */
  synchronized Thread spawn(String name, long atNanos, Runnable body) {
    Thread thread = new Thread(() -> {
      try {
        waitForTurn();
        body.run();
      } catch (Throwable t) {
        synchronized (this) {
          escaped.add(t);
        }
      } finally {
        end();
      }
    }, name);
    thread.setDaemon(true);
    Sleeper sleeper = new Sleeper(thread);
    sleeper.wake = Math.max(now, atNanos);
    sleeper.order = order++;
    sleepers.put(thread, sleeper);
    due.add(sleeper);
    actors.add(thread);
    alive++;
    thread.start();
    return thread;
  }

  /**
   * Runs the simulation until every actor has ended; returns what escaped the actors' own bodies.
   *
   * @throws IllegalStateException if it is stuck: a thread held its turn for {@code realTimeoutMillis}
   */
  List<Throwable> run(long realTimeoutMillis) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(realTimeoutMillis);
    synchronized (this) {
      handOn();
      while (alive > 0) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException("the simulation is stuck at virtual " + now / 1_000_000 + " ms: "
              + (running == null ? "no thread runs" : running.getName() + " holds its turn: "
              + stack(running)));
        }
        wait(Math.max(1, left / 1_000_000));
      }
      return new ArrayList<>(escaped);
    }
  }

  /** {@return the actor threads, to check that they all ended} */
  synchronized List<Thread> actors() {
    return new ArrayList<>(actors);
  }

  @Override
  public long nanoTime() {
    synchronized (this) {
      return BASE + now;
    }
  }

  /** {@return the virtual time since the start, in nanoseconds} */
  synchronized long elapsed() {
    return now;
  }

  @Override
  public void sleep(long nanos, CallScope scope) throws InterruptedException {
    sleep(nanos, scope, null);
  }

  /**
   * Sleeps {@code nanos} of virtual time, giving the turn away; ends early when {@code scope} is
   * cancelled or {@code cancelled} says so (seen at {@link #wakeCancelled()}), or with {@link
   * InterruptedException} when the thread was interrupted.
   */
  void sleep(long nanos, CallScope scope, BooleanSupplier cancelled) throws InterruptedException {
    Thread me = Thread.currentThread();
    boolean simulation;
    synchronized (this) {
      simulation = !actors.isEmpty();
    }
    if (!simulation) {
      sleepAtOnce(nanos, scope);
      return;
    }
    synchronized (this) {
      if (running != me) {
        throw new IllegalStateException(me.getName() + " sleeps in the simulation without its turn");
      }
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      if (scope != null && scope.isCancelled() || cancelled != null && cancelled.getAsBoolean()) {
        return;
      }
      Sleeper sleeper = sleepers.computeIfAbsent(me, Sleeper::new);
      sleeper.wake = now + Math.max(0, nanos);
      sleeper.order = order++;
      sleeper.scope = scope;
      sleeper.cancelled = cancelled;
      due.add(sleeper);
      handOn();
    }
    waitForTurn();
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
  }

  /** A sleep in a test without a simulation: recorded, the hook run, then the time moved (see the class comment). */
  private void sleepAtOnce(long nanos, CallScope scope) throws InterruptedException {
    slept.add(Duration.ofNanos(nanos));
    int n = slept.size();
    if (n > MAX_SLEEPS) {
      throw new AssertionError("the client slept more than " + MAX_SLEEPS + " times: it spins instead of waiting");
    }
    duringSleep.accept(n, scope);
    if (Thread.interrupted()) {
      throw new InterruptedException(); // the flag cleared, as a real sleep's InterruptedException does
    }
    if (scope != null && scope.isCancelled()) {
      return; // woken early, as a real sleep is by a cancel
    }
    synchronized (this) {
      now += Math.max(0, nanos);
    }
  }

  @Override
  public long jitter(long bound) {
    synchronized (this) {
      return bound <= 0 ? 0 : (long) (random.nextDouble() * (bound + 1));
    }
  }

  /** {@return the scenario's random numbers, for the actor that has the turn} */
  Random random() {
    return random;
  }

  /** Interrupts {@code thread} and, if it sleeps, wakes it now (its sleep throws). */
  synchronized void interrupt(Thread thread) {
    thread.interrupt();
    wakeNow(thread);
  }

  /** Wakes now every sleeper whose scope or call was cancelled meanwhile. */
  synchronized void wakeCancelled() {
    for (Sleeper sleeper : new ArrayList<>(due)) {
      if (sleeper.scope != null && sleeper.scope.isCancelled()
          || sleeper.cancelled != null && sleeper.cancelled.getAsBoolean()) {
        wakeNow(sleeper.thread);
      }
    }
  }

  private void wakeNow(Thread thread) {
    Sleeper sleeper = sleepers.get(thread);
    if (sleeper != null && due.remove(sleeper)) {
      sleeper.wake = now;
      sleeper.order = order++;
      due.add(sleeper);
    }
  }

  /** Gives the turn to the sleeper due first, moving the time to its wake-up. Holds the lock. */
  private void handOn() {
    Sleeper next = due.poll();
    running = next == null ? null : next.thread;
    if (next != null) {
      now = Math.max(now, next.wake);
      next.scope = null;
      next.cancelled = null;
    }
    notifyAll();
  }

  private synchronized void waitForTurn() {
    Thread me = Thread.currentThread();
    boolean interrupted = false;
    while (running != me) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true; // kept for the sleep to throw once the thread has its turn
      }
    }
    if (interrupted) {
      me.interrupt();
    }
  }

  private synchronized void end() {
    alive--;
    sleepers.remove(Thread.currentThread());
    if (running == Thread.currentThread()) {
      handOn();
    }
    notifyAll();
  }

  private static String stack(Thread thread) {
    StringBuilder text = new StringBuilder();
    for (StackTraceElement frame : thread.getStackTrace()) {
      text.append("\n    at ").append(frame);
    }
    return text.toString();
  }

  @Override
  public Instant instant() {
    return EPOCH.plusNanos(nanoTime() - BASE);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a SimClock is in UTC only");
  }
}
