package io.passport.customers.bench;

import io.passport.customers.CustomerQuery;
import io.passport.customers.PassportCustomersClient;
import io.passport.customers.model.Customer;
import io.passport.customers.sandbox.Faults;
import io.passport.customers.sandbox.PassportSandbox;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import okhttp3.OkHttpClient;

/**
 * The {@code ratelimit} figure of {@link BenchmarkSuite}: listing 10,000 customers in pages of 50 (200
 * pages) from a sandbox that adds 20 ms to every request and limits each access token to 10 requests per
 * second with a burst of 10, with and without the IETF draft rate-limit headers, at parallelism 8 and 32,
 * three clients side by side: {@code fixed} (the client at a fixed parallelism), {@code adaptive} (the
 * client with its defaults) and {@code aws-adaptive} ({@link AwsAdaptiveLister}). The ideal is 19 s: 10
 * pages at once from the full bucket, then 190 at 10 per second.
 *
 * <p>The sandbox runs in this JVM, so that its {@link PassportSandbox#requestCount()} and {@link
 * PassportSandbox#throttledCount()} count exactly what each run cost; at 10 requests per second the CPU is
 * not what limits. Each run gets a token of its own (and so a full bucket of its own).
 */
final class RateLimitBenchmark {
  static final int CUSTOMERS = 10_000;
  static final int PAGE_SIZE = 50;
  static final int LIMIT = 10;
  static final Duration LATENCY = Duration.ofMillis(20);
  /** 10 pages from the full bucket at once, then the other 190 at 10 per second. */
  static final double IDEAL_SECONDS = (CUSTOMERS / PAGE_SIZE - LIMIT) / (double) LIMIT;

  /** The clients compared. */
  enum Variant {
    FIXED("fixed"), ADAPTIVE("adaptive"), AWS_ADAPTIVE("aws-adaptive");

    final String label;

    Variant(String label) {
      this.label = label;
    }
  }

  private record Run(double seconds, long requests, long throttled, List<String> ids, String failure) {}

  private RateLimitBenchmark() {}

  static void run() throws Exception {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true"); // before the first server starts; see PassportSandbox
    }
    try (PassportSandbox sandbox = PassportSandbox.builder().customers(CUSTOMERS).threads(64).start()) {
      List<String> expected;
      try (PassportCustomersClient client = PassportCustomersClient.builder().baseUrl(sandbox.baseUrl())
          .accessToken(token(sandbox)).build()) {
        expected = client.listAll(CustomerQuery.builder().pageSize(PAGE_SIZE).build()).stream().map(Customer::getId).toList();
      }
      if (expected.size() != CUSTOMERS) {
        throw new IllegalStateException("the unlimited listing found " + expected.size() + " customers");
      }
      issueCheck(sandbox, expected);
      for (boolean headers : new boolean[] {false, true}) {
        for (int parallelism : new int[] {8, 32}) {
          for (Variant variant : Variant.values()) {
            Run run = measure(sandbox, headers, variant, parallelism, PAGE_SIZE);
            report(variant, headers, parallelism, run, expected);
          }
        }
      }
    }
  }

  /**
   * The one place the compared clients are built. {@code fixed} is the client with adaptation off: it keeps
   * its parallelism whatever the server says and retries each 429 on its own (what the client did before
   * it adapted). {@code adaptive} is the client with its default settings.
   */
  static PassportCustomersClient client(Variant variant, String baseUrl, String token, int parallelism) {
    PassportCustomersClient.Builder builder = PassportCustomersClient.builder().baseUrl(baseUrl).accessToken(token)
        .parallelism(parallelism);
    switch (variant) {
      case FIXED -> builder.adaptiveConcurrency(false);
      case ADAPTIVE -> {
        // the defaults
      }
      case AWS_ADAPTIVE -> throw new IllegalArgumentException("aws-adaptive is not the client: see AwsAdaptiveLister");
    }
    return builder.build();
  }

  /** The issue's own measurement: the fixed client, parallelism 8, 100 pages (page size 100), no headers. */
  private static void issueCheck(PassportSandbox sandbox, List<String> expected) throws InterruptedException {
    Run run = measure(sandbox, false, Variant.FIXED, 8, 100);
    double ideal = (CUSTOMERS / 100 - LIMIT) / (double) LIMIT;
    BenchmarkSuite.row("Rate limit, the issue's check: 100 pages (page size 100), 10 req/s, fixed, parallelism 8",
        describe(run, ideal, expected), "reported (issue: 150 requests, a third 429, 1.13 x ideal)",
        run.failure() == null && run.ids().equals(expected));
  }

  private static Run measure(PassportSandbox sandbox, boolean headers, Variant variant, int parallelism, int pageSize)
      throws InterruptedException {
    sandbox.faults(Faults.builder().latency(LATENCY).rateLimit(LIMIT).rateLimitHeaders(headers).build());
    String token = token(sandbox);
    long requests = sandbox.requestCount();
    long throttled = sandbox.throttledCount();
    long t0 = System.nanoTime();
    List<String> ids = null;
    String failure = null;
    try {
      if (variant == Variant.AWS_ADAPTIVE) {
        OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
        try {
          ids = new AwsAdaptiveLister(http, sandbox.baseUrl(), token, pageSize, parallelism).list();
        } finally {
          http.dispatcher().executorService().shutdown();
          http.connectionPool().evictAll();
        }
      } else {
        try (PassportCustomersClient client = client(variant, sandbox.baseUrl(), token, parallelism)) {
          ids = client.listAll(CustomerQuery.builder().pageSize(pageSize).build()).stream().map(Customer::getId).toList();
        }
      }
    } catch (RuntimeException | IOException e) { // PassportException above all
      failure = e.getMessage();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    Run run = new Run(seconds, sandbox.requestCount() - requests, sandbox.throttledCount() - throttled, ids, failure);
    Thread.sleep(300); // a pause between runs; each run has its own token, so its own bucket
    return run;
  }

  private static void report(Variant variant, boolean headers, int parallelism, Run run, List<String> expected) {
    String figure = String.format(Locale.ROOT, "Rate limit: 200 pages, 10 req/s burst 10, 20 ms, %s headers, %s, parallelism %d",
        headers ? "with" : "without", variant.label, parallelism);
    boolean complete = run.failure() == null && run.ids().equals(expected);
    if (variant == Variant.ADAPTIVE) {
      double maxShare = headers ? 0.01 : 0.05;
      boolean pass = complete && run.seconds() <= 1.11 * IDEAL_SECONDS && share(run) <= maxShare;
      BenchmarkSuite.row(figure, describe(run, IDEAL_SECONDS, expected),
          String.format(Locale.ROOT, "<= 1.11 x ideal, 429s <= %d%%, same ids", headers ? 1 : 5), pass);
    } else {
      BenchmarkSuite.row(figure, describe(run, IDEAL_SECONDS, expected), "reported (comparison)", complete);
    }
  }

  private static double share(Run run) {
    return run.requests() == 0 ? 0 : (double) run.throttled() / run.requests();
  }

  private static String describe(Run run, double idealSeconds, List<String> expected) {
    if (run.failure() != null) {
      return String.format(Locale.ROOT, "FAILED after %.1f s (%s); %d requests, %.1f%% answered 429",
          run.seconds(), run.failure(), run.requests(), 100 * share(run));
    }
    return String.format(Locale.ROOT, "%.2f x ideal (%.1f s of %.0f s); %d requests, %.1f%% answered 429;"
        + " same ids in the same order as unlimited: %s", run.seconds() / idealSeconds, run.seconds(), idealSeconds,
        run.requests(), 100 * share(run), run.ids().equals(expected));
  }

  private static String token(PassportSandbox sandbox) {
    return sandbox.issueToken(Duration.ofHours(1), PassportSandbox.LIST_SCOPE, PassportSandbox.GET_SCOPE);
  }
}
