package io.passport.customers.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.NullUnmarked;

/**
 * What clients made from one another with {@code newBuilder()} share: the OkHttp client whose
 * connection pool and dispatcher they derive from, and the call threads their calls run on. Counted
 * by owner: the last owner's {@link #release()} stops the call threads (waiting up to {@link
 * #STOP_WAIT_SECONDS}) and, when the OkHttp client was made here, closes its idle connections and its
 * dispatcher. Thread-safe.
 */
@NullUnmarked
public final class SharedResources {
  static final long STOP_WAIT_SECONDS = 2;
  public static final String THREAD_PREFIX = "passport-customers-call-";
  /** OkHttp's own defaults for its connection pool. */
  static final int DEFAULT_IDLE_CONNECTIONS = 5;
  static final long KEEP_ALIVE_MINUTES = 5;

  public final OkHttpClient http;
  public final boolean ownsHttp;
  public final ExecutorService callThreads;
  private int owners = 1;

  private SharedResources(OkHttpClient given, int parallelism, ExecutorService givenThreads) {
    this.ownsHttp = given == null;
    // OkHttp's default pool keeps 5 idle connections: a listing with more calls in flight would close
    // the rest when it ends and connect them again at the start of the next one.
    this.http = ownsHttp
        ? new OkHttpClient.Builder().connectionPool(new ConnectionPool(Math.max(DEFAULT_IDLE_CONNECTIONS, parallelism),
            KEEP_ALIVE_MINUTES, TimeUnit.MINUTES)).build()
        : given;
    // No queue: every call gets a thread at once, so calls and listings never wait for each other.
    // Their number is bounded by the calls in flight (a listing's by its parallelism); idle ones end after 5 s.
    this.callThreads = givenThreads != null ? givenThreads : new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5,
        TimeUnit.SECONDS, new SynchronousQueue<>(), daemonThreads());
  }

  /**
   * {@return resources with one owner, around {@code given} or, when null, a new OkHttp client whose
   * pool keeps {@code parallelism} idle connections (at least OkHttp's default of 5)}
   */
  public static SharedResources create(OkHttpClient given, int parallelism) {
    return new SharedResources(given, parallelism, null);
  }

  /** {@link #create(OkHttpClient, int)}, with the calls run on {@code callThreads} when not null (tests only). */
  public static SharedResources create(OkHttpClient given, int parallelism, ExecutorService callThreads) {
    return new SharedResources(given, parallelism, callThreads);
  }

  /** {@return whether one more owner was added; false once the last owner has released them} */
  public synchronized boolean retain() {
    if (owners == 0) {
      return false;
    }
    owners++;
    return true;
  }

  /** Drops one owner; the last one stops the threads and closes the connections made here. */
  public void release() {
    synchronized (this) {
      if (owners == 0 || --owners > 0) {
        return;
      }
    }
    callThreads.shutdownNow();
    try {
      callThreads.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (ownsHttp) {
      http.dispatcher().cancelAll();
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicLong count = new AtomicLong(); // a name per thread ever made: a long cannot wrap
    return runnable -> {
      Thread thread = new Thread(runnable, THREAD_PREFIX + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
