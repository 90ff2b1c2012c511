package io.passport.customers;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The simulation's provider: an OkHttp interceptor that answers the client's requests itself, in
 * virtual time ({@link SimClock}), never touching the network. It serves the customers of its {@link
 * PageSource}, issues tokens that expire in virtual time, limits requests per
 * token with a token bucket (429 with or without the {@code RateLimit} fields, and a {@code Retry-After}
 * of the scenario's choosing, from 0 to far past the client's cap), and, while the load runs, injects
 * the scenario's faults: latency, connection resets, 500/503, token endpoint failures.
 *
 * <p>Every random choice comes from the scenario's seed, in the one order the {@link SimClock} runs
 * the actors. The provider also checks what only it can see: that no call (a thread and a URL) sends
 * again within {@link #MIN_GAP_NANOS} of being refused (a hot loop; the callers say when a call ends
 * with {@link #callEnded}); its findings are in {@link #violations}.
 *
 * <p>The list endpoint is a {@link PageSource} ({@link SimCustomers}: the data as the API keeps it,
 * changing between pages, and the listing's contract faults), which also says what each listing must
 * return. It also checks that no token request comes within the token endpoint's last {@code
 * Retry-After} (capped at {@link #MAX_RETRY_AFTER_SECONDS}, as the client caps it). Runs on the actor
 * threads, one at a time; not otherwise thread-safe.
 */
final class SimProvider implements Interceptor {
  static final long SECOND = 1_000_000_000L;
  /** The shortest wait a thread must leave between a refusal (429, 5xx, reset) and its next request. */
  static final long MIN_GAP_NANOS = 50_000_000L;
  /** The longest Retry-After the client honours (its cap, {@code RetryLoop.MAX_RETRY_AFTER}). */
  static final long MAX_RETRY_AFTER_SECONDS = 300;
  private static final MediaType JSON = MediaType.get("application/json");

  /** What the list endpoint answers ({@link SimCustomers}: the data, its changes and the listing's faults). */
  interface PageSource {
    /** {@return the body of page {@code page} of {@code size}, or null for the API's 404 (no customers)} */
    String page(HttpUrl url, int page, int size, Random random);
  }

  /** One request as the provider saw it. */
  record Arrival(long at, String thread, String path, int status) {}

  private final SimClock clock;
  private final SimulationTest.Faults faults;
  final PageSource pages;
  final List<Arrival> arrivals = new ArrayList<>();
  final List<String> violations = new ArrayList<>();
  private final Map<String, Long> lastRefused = new HashMap<>();
  private final Map<String, Long> tokenExpiry = new HashMap<>();
  private final Map<String, double[]> buckets = new HashMap<>();
  private int tokensIssued;
  /** Until when the token endpoint's last Retry-After (capped as the client caps it) holds. */
  private long tokenHeldUntil;
  private long tokenHeldSeconds;
  /** After the load: no faults injected (the rate limit stays: it is the provider's, not a fault). */
  volatile boolean healthy;

  SimProvider(SimClock clock, SimulationTest.Faults faults, PageSource pages) {
    this.clock = clock;
    this.faults = faults;
    this.pages = pages;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    String thread = Thread.currentThread().getName();
    String path = request.url().encodedPath();
    // A call is known by its thread and URL: a retry sends the same URL from the same thread, and the
    // calls that follow one another on a thread (a listing's pages, a loop of gets) differ in their URL.
    String call = thread + " " + request.url();
    Long refused = lastRefused.get(call);
    if (refused != null && clock.elapsed() - refused < MIN_GAP_NANOS) {
      violations.add(thread + " sent " + path + " " + (clock.elapsed() - refused) / 1_000_000
          + " ms after being refused (a hot loop)");
    }
    Random random = clock.random();
    // No latency at the token endpoint: a thread waiting for another's token fetch waits on a future,
    // outside the virtual clock, so the fetch must not give the turn away.
    long latency = healthy || path.equals("/v1/iam/oauth/tokens") ? 0
        : (long) (random.nextDouble() * faults.latencyMillis() * 1_000_000L);
    long timeout = chain.call().timeout().timeoutNanos();
    boolean timesOut = timeout > 0 && latency >= timeout;
    try {
      if (latency > 0) {
        clock.sleep(timesOut ? timeout : latency, null, chain.call()::isCanceled);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
    if (chain.call().isCanceled()) {
      throw new IOException("Canceled");
    }
    if (timesOut) {
      throw new InterruptedIOException("timeout");
    }
    Response response = answer(request, random);
    arrivals.add(new Arrival(clock.elapsed(), thread, path, response == null ? 0 : response.code()));
    if (response == null || response.code() == 429 || response.code() >= 500) {
      lastRefused.put(call, clock.elapsed());
    } else {
      lastRefused.remove(call);
    }
    if (response == null) {
      throw new IOException("connection reset (simulated)");
    }
    return response;
  }

  /** The calling thread's call (or listing) has ended: its next request starts a new call, not a retry. */
  void callEnded() {
    String thread = Thread.currentThread().getName() + " ";
    lastRefused.keySet().removeIf(call -> call.startsWith(thread));
  }

  /** {@return the answer, or null for a connection reset} */
  private Response answer(Request request, Random random) {
    String path = request.url().encodedPath();
    if (path.equals("/v1/iam/oauth/tokens")) {
      if (clock.elapsed() < tokenHeldUntil) {
        violations.add(Thread.currentThread().getName() + " asked for a token "
            + (tokenHeldSeconds * SECOND - (tokenHeldUntil - clock.elapsed())) / 1_000_000
            + " ms into the token endpoint's Retry-After of " + tokenHeldSeconds + " s");
      }
      if (!healthy && random.nextInt(100) < faults.tokenFaultPercent()) {
        int status = random.nextBoolean() ? 503 : 429;
        String retryAfter = faults.tokenRetryAfter().header(random, 1.0);
        if (retryAfter != null) {
          tokenHeldSeconds = Math.min(Long.parseLong(retryAfter), MAX_RETRY_AFTER_SECONDS);
          tokenHeldUntil = clock.elapsed() + tokenHeldSeconds * SECOND;
        }
        return error(request, status, retryAfter);
      }
      String token = "tok-" + ++tokensIssued;
      Long expiresIn = faults.expiresIn();
      long lifetime = expiresIn == null ? 300 : Math.max(1, Math.min(expiresIn, 86_400));
      tokenExpiry.put(token, clock.elapsed() + lifetime * SECOND);
      return json(request, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\""
          + (expiresIn == null ? "" : ",\"expires_in\":" + expiresIn) + "}");
    }
    String authorization = request.header("Authorization");
    String token = authorization == null ? "" : authorization.substring("Bearer ".length());
    Long expiry = tokenExpiry.get(token);
    if (expiry != null && clock.elapsed() >= expiry) {
      return error(request, 401, null);
    }
    double[] bucket = buckets.computeIfAbsent(token, t -> new double[] {faults.burst(), clock.elapsed()});
    bucket[0] = Math.min(faults.burst(), bucket[0] + (clock.elapsed() - bucket[1]) / (double) SECOND * faults.rate());
    bucket[1] = clock.elapsed();
    if (bucket[0] < 1) {
      double waitSeconds = (1 - bucket[0]) / faults.rate();
      Response.Builder limited = errorBuilder(request, 429, faults.retryAfter().header(random, waitSeconds));
      if (faults.rateLimitFields()) {
        limited.header("RateLimit-Policy", "\"default\";q=" + faults.burst() + ";w="
            + Math.max(1, Math.round(faults.burst() / faults.rate())));
        limited.header("RateLimit", "\"default\";r=0;t=" + (long) Math.ceil(waitSeconds));
      }
      return limited.build();
    }
    bucket[0] -= 1;
    if (!healthy) {
      int roll = random.nextInt(100);
      if (roll < faults.resetPercent()) {
        return null;
      }
      if (roll < faults.resetPercent() + faults.serverErrorPercent()) {
        return error(request, random.nextBoolean() ? 500 : 503, faults.retryAfter().header(random, 1.0));
      }
    }
    Response.Builder ok;
    if (path.equals("/v1/customers")) {
      String size = request.url().queryParameter("page_params.page_size");
      String number = request.url().queryParameter("page_params.page_number");
      String body = pages.page(request.url(), number == null ? 1 : Integer.parseInt(number),
          size == null ? 10 : Integer.parseInt(size), random);
      if (body == null) {
        return json(request, 404, "{\"message\":\"no customers found\",\"code\":\"NOT_FOUND\",\"http_code\":404}");
      }
      ok = builder(request, 200, body);
    } else {
      ok = builder(request, 200, "{\"id\":\"" + path.substring(path.lastIndexOf('/') + 1) + "\"}");
    }
    if (faults.rateLimitFields()) {
      ok.header("RateLimit-Policy", "\"default\";q=" + faults.burst() + ";w="
          + Math.max(1, Math.round(faults.burst() / faults.rate())));
      ok.header("RateLimit", "\"default\";r=" + (long) bucket[0] + ";t=1");
    }
    return ok.build();
  }

  private static Response error(Request request, int status, String retryAfter) {
    return errorBuilder(request, status, retryAfter).build();
  }

  private static Response.Builder errorBuilder(Request request, int status, String retryAfter) {
    Response.Builder builder = builder(request, status, "{\"message\":\"simulated " + status + "\"}");
    if (retryAfter != null) {
      builder.header("Retry-After", retryAfter);
    }
    return builder;
  }

  private static Response json(Request request, int status, String body) {
    return builder(request, status, body).build();
  }

  private static Response.Builder builder(Request request, int status, String body) {
    return new Response.Builder().request(request).protocol(Protocol.HTTP_1_1).code(status).message("simulated")
        .body(ResponseBody.create(body, JSON));
  }
}
