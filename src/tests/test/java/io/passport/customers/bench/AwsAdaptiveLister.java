package io.passport.customers.bench;

import com.squareup.moshi.JsonAdapter;
import io.passport.customers.internal.ApiJson;
import io.passport.customers.model.Customer;
import io.passport.customers.model.ListCustomersResponse;
import io.passport.customers.model.PaginationInfo;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A comparator for the rate-limit benchmark: lists every customer with plain OkHttp and the client's own
 * Moshi configuration ({@link ApiJson}), k worker threads fetching pages 2..N after page 1 (whose snapshot
 * is pinned on every later page, as in {@link BenchmarkSuite#baseline}), throttled by a client-side token
 * bucket in the style of the AWS SDKs' "adaptive" retry mode.
 *
 * <p><b>An approximation for comparison only</b>, written from the published description of that mode (the
 * AWS SDKs and Tools reference guide, "Retry behavior", and the SDKs' public constants), not from or
 * against any SDK's code, and not tested against one. What it does:
 *
 * <ul>
 *   <li>Every attempt takes one token from a send bucket. The bucket is off until the first throttling
 *       answer (429); then it fills at the current fill rate (at least {@value #MIN_FILL_RATE} per second),
 *       holding at most max(fill rate, {@value #MIN_CAPACITY}) tokens, and starts empty.
 *   <li>The measured send rate: answers counted in half-second buckets, each bucket's rate smoothed into
 *       the measure with weight {@value #SMOOTH}.
 *   <li>On a throttling answer: the rate to use is the measured rate (the smaller of it and the fill rate
 *       once the bucket is on); it becomes the CUBIC curve's last maximum, its time window {@code K =
 *       cbrt(max * (1 - beta) / C)} is recomputed, and the new rate is {@code beta x} that rate ({@code beta
 *       =} {@value #BETA}).
 *   <li>On any other answer: the new rate follows the cubic curve, {@code C * (t - lastThrottle - K)^3 +
 *       max} ({@code C =} {@value #SCALE_CONSTANT}).
 *   <li>Either way the fill rate becomes min(new rate, 2 x measured rate).
 *   <li>Retries: a 429, 5xx or transport failure is retried up to {@value #MAX_ATTEMPTS} attempts in all
 *       (the SDK's default), after a full-jitter exponential backoff: random in [0, min(base x 2^retry, 20
 *       s)], base 500 ms for throttling and 100 ms otherwise. {@code Retry-After} is ignored, as it is not
 *       part of the algorithm. Not modelled: the retry quota (the SDK's circuit breaker for retries).
 * </ul>
 *
 * <p>A page that exhausts its attempts fails the whole listing with an {@link IOException}, as the SDK
 * would throw. Thread-safe for one {@link #list} at a time.
 */
final class AwsAdaptiveLister {
  static final double MIN_FILL_RATE = 0.5;
  static final double MIN_CAPACITY = 1;
  static final double SMOOTH = 0.8;
  static final double BETA = 0.7;
  static final double SCALE_CONSTANT = 0.4;
  static final int MAX_ATTEMPTS = 3;
  private static final double THROTTLING_BASE_SECONDS = 0.5;
  private static final double OTHER_BASE_SECONDS = 0.1;
  private static final double MAX_BACKOFF_SECONDS = 20;
  private static final JsonAdapter<ListCustomersResponse> PAGE = ApiJson.moshi().adapter(ListCustomersResponse.class);

  private final OkHttpClient http;
  private final String baseUrl;
  private final String token;
  private final int pageSize;
  private final int workers;
  private final SendRate rate = new SendRate();

  AwsAdaptiveLister(OkHttpClient http, String baseUrl, String token, int pageSize, int workers) {
    this.http = http;
    this.baseUrl = baseUrl;
    this.token = token;
    this.pageSize = pageSize;
    this.workers = workers;
  }

  /** {@return every customer id, in order} */
  List<String> list() throws IOException, InterruptedException {
    ListCustomersResponse first = fetch(1, null);
    PaginationInfo info = first.getPaginationInfo();
    Instant snapshot = info.getFirstRequestTimestamp().toInstant();
    int totalPages = info.getTotalPages();
    List<List<String>> pages = new ArrayList<>(totalPages);
    pages.add(ids(first));
    for (int i = 1; i < totalPages; i++) {
      pages.add(null);
    }
    AtomicInteger next = new AtomicInteger(2);
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<Void>> done = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        done.add(pool.submit(() -> {
          for (int page = next.getAndIncrement(); page <= totalPages; page = next.getAndIncrement()) {
            pages.set(page - 1, ids(fetch(page, snapshot)));
          }
          return null;
        }));
      }
      for (Future<Void> future : done) {
        try {
          future.get(10, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IOException("the listing failed: " + e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
          throw new IOException("the listing took more than 10 minutes", e);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    List<String> all = new ArrayList<>();
    pages.forEach(all::addAll);
    return all;
  }

  private static List<String> ids(ListCustomersResponse page) {
    return page.getCustomers() == null ? List.of() : page.getCustomers().stream().map(Customer::getId).toList();
  }

  /** One page, with the adaptive bucket before every attempt and the SDK-style retries. */
  private ListCustomersResponse fetch(int page, Instant snapshot) throws IOException, InterruptedException {
    HttpUrl.Builder url = HttpUrl.get(baseUrl).newBuilder().addPathSegments("v1/customers")
        .addQueryParameter("page_params.page_size", String.valueOf(pageSize))
        .addQueryParameter("page_params.page_number", String.valueOf(page));
    if (snapshot != null) {
      url.addQueryParameter("page_params.first_request_timestamp.seconds", String.valueOf(snapshot.getEpochSecond()))
          .addQueryParameter("page_params.first_request_timestamp.nanos", String.valueOf(snapshot.getNano()));
    }
    Request request = new Request.Builder().url(url.build()).header("Authorization", "Bearer " + token).build();
    String last = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      rate.acquire();
      int status = 0; // 0: no answer, or a body that could not be read
      ListCustomersResponse body = null;
      try (Response response = http.newCall(request).execute()) {
        status = response.code();
        if (status == 200) {
          body = PAGE.fromJson(response.body().source());
        }
        last = "HTTP " + status;
      } catch (IOException e) {
        status = 0;
        last = e.toString();
      }
      boolean throttled = status == 429;
      rate.answered(throttled);
      if (body != null) {
        return body;
      }
      if (status != 0 && !throttled && status < 500) {
        throw new IOException("page " + page + ": HTTP " + status);
      }
      if (attempt < MAX_ATTEMPTS) {
        double base = throttled ? THROTTLING_BASE_SECONDS : OTHER_BASE_SECONDS;
        double cap = Math.min(base * Math.pow(2, attempt - 1), MAX_BACKOFF_SECONDS);
        Thread.sleep((long) (ThreadLocalRandom.current().nextDouble() * cap * 1000));
      }
    }
    throw new IOException("page " + page + " failed " + MAX_ATTEMPTS + " attempts, the last: " + last);
  }

  /** The send bucket and the CUBIC rate it fills at; every field under this object's lock. */
  private static final class SendRate {
    private final long start = System.nanoTime();
    private boolean enabled;
    private double fillRate = MIN_FILL_RATE;
    private double maxCapacity = MIN_CAPACITY;
    private double capacity;
    private double lastRefill = -1;
    private double measuredRate;
    private double measureBucket;
    private int measureCount;
    private double lastMaxRate;
    private double lastThrottle;
    private double timeWindow;

    private double now() {
      return (System.nanoTime() - start) / 1e9;
    }

    /** Waits until a token is there (only once the bucket is on), then takes it. */
    void acquire() throws InterruptedException {
      while (true) {
        double wait;
        synchronized (this) {
          if (!enabled) {
            return;
          }
          refill();
          if (capacity >= 1) {
            capacity -= 1;
            return;
          }
          wait = (1 - capacity) / fillRate;
        }
        // Re-check at least every 50 ms: a new fill rate may shorten the wait.
        Thread.sleep(Math.max(1, Math.min(50, (long) Math.ceil(wait * 1000))));
      }
    }

    private void refill() {
      double t = now();
      if (lastRefill >= 0) {
        capacity = Math.min(maxCapacity, capacity + (t - lastRefill) * fillRate);
      }
      lastRefill = t;
    }

    /** Updates the measured rate and the fill rate after an answer. */
    synchronized void answered(boolean throttled) {
      double t = now();
      double bucket = Math.floor(t * 2) / 2;
      measureCount++;
      if (bucket > measureBucket) {
        double current = measureCount / (bucket - measureBucket);
        measuredRate = current * SMOOTH + measuredRate * (1 - SMOOTH);
        measureCount = 0;
        measureBucket = bucket;
      }
      double newRate;
      if (throttled) {
        double rateToUse = enabled ? Math.min(measuredRate, fillRate) : measuredRate;
        lastMaxRate = rateToUse;
        timeWindow = Math.cbrt(lastMaxRate * (1 - BETA) / SCALE_CONSTANT);
        lastThrottle = t;
        newRate = rateToUse * BETA;
        enabled = true;
      } else {
        newRate = SCALE_CONSTANT * Math.pow(t - lastThrottle - timeWindow, 3) + lastMaxRate;
      }
      refill();
      fillRate = Math.max(Math.min(newRate, 2 * measuredRate), MIN_FILL_RATE);
      maxCapacity = Math.max(Math.min(newRate, 2 * measuredRate), MIN_CAPACITY);
      capacity = Math.min(capacity, maxCapacity);
    }
  }
}
