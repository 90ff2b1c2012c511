package io.passport.customers.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.passport.customers.PassportListener;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link PassportListener} that records what the client does as Micrometer meters:
 *
 * <pre>{@code
 * PassportCustomersClient client = PassportCustomersClient.builder()
 *     .environment(Environment.SANDBOX)
 *     .clientCredentials(clientId, clientSecret)
 *     .listener(PassportMicrometer.create(meterRegistry))
 *     .build();
 * }</pre>
 *
 * <ul>
 *   <li>{@value #REQUESTS}: a timer per HTTP attempt, tagged as Micrometer's own HTTP clients tag
 *       theirs: {@code method}, {@code uri} (the route, {@code /v1/customers/{customer_id}}, never the
 *       id), {@code status} (the code, or {@code NONE} when no answer came), {@code outcome} ({@code
 *       SUCCESS}, {@code REDIRECTION}, {@code CLIENT_ERROR}, {@code SERVER_ERROR} or {@code UNKNOWN}),
 *       {@code exception} (the {@link io.passport.customers.PassportException.Kind}, or {@code none})
 *       and {@code client.name} (the host).
 *   <li>{@code passport.listing.customers} and {@code passport.listing.pages}: counters of what
 *       consumers took; {@code passport.listings}: a timer per listing, tagged {@code outcome}.
 *   <li>{@code passport.client.throttled}: a counter of 429 answers; {@code passport.client.pause}: a
 *       timer of the pauses the server's rate limit imposed.
 *   <li>{@code passport.listing.window} and {@code passport.client.pace}: gauges of the last window of
 *       pages in flight and of the pace (requests/s, 0 when the client does not pace).
 * </ul>
 *
 * <p>Thread-safe; one instance may serve several clients.
 */
public final class PassportMicrometer implements PassportListener {
  /** The timer of HTTP attempts. */
  public static final String REQUESTS = "http.client.requests";

  private final MeterRegistry registry;
  private final Counter customers;
  private final Counter pages;
  private final Counter throttled;
  private final Timer pause;
  private final AtomicInteger window = new AtomicInteger();
  private final AtomicLong paceBits = new AtomicLong(Double.doubleToLongBits(0));
  private final Map<Long, Tags> calls = new ConcurrentHashMap<>();

  private PassportMicrometer(MeterRegistry registry) {
    this.registry = registry;
    this.customers = Counter.builder("passport.listing.customers").baseUnit("customers")
        .description("Customers taken by the consumers of listings").register(registry);
    this.pages = Counter.builder("passport.listing.pages").baseUnit("pages")
        .description("Pages taken by the consumers of listings").register(registry);
    this.throttled = Counter.builder("passport.client.throttled")
        .description("Answers 429 (rate limited) from the server").register(registry);
    this.pause = Timer.builder("passport.client.pause")
        .description("Pauses of every call of the client under the server's rate limit").register(registry);
    Gauge.builder("passport.listing.window", window, AtomicInteger::get).baseUnit("pages")
        .description("The window of pages a listing may have in flight").register(registry);
    Gauge.builder("passport.client.pace", paceBits, bits -> Double.longBitsToDouble(bits.get()))
        .description("Requests per second the client paces itself at; 0 when it does not").register(registry);
  }

  /**
   * {@return a listener that records into {@code registry}}
   *
   * @param registry where the meters go
   */
  public static PassportMicrometer create(MeterRegistry registry) {
    return new PassportMicrometer(Objects.requireNonNull(registry, "registry"));
  }

  @Override
  public void callStarted(CallStarted event) {
    calls.put(event.callId(), Tags.of("method", event.method(), "uri", uri(event.kind()),
        "client.name", event.serverAddress()));
  }

  @Override
  public void attemptEnded(AttemptEnded event) {
    Tags call = calls.get(event.callId());
    if (call == null) {
      return;
    }
    int status = event.httpStatus();
    Tags tags = call.and("status", status > 0 ? Integer.toString(status) : "NONE", "outcome", outcome(status),
        "exception", event.failure() == null ? "none" : event.failure().kind().name());
    Timer.builder(REQUESTS).description("HTTP attempts of the Passport customers client").tags(tags)
        .register(registry).record(event.duration());
    if (status == 429) {
      throttled.increment();
    }
  }

  @Override
  public void callEnded(CallEnded event) {
    calls.remove(event.callId());
  }

  @Override
  public void pageReceived(PageReceived event) {
    pages.increment();
    customers.increment(event.customers());
  }

  @Override
  public void listingStarted(ListingStarted event) {
    window.set(event.window());
  }

  @Override
  public void windowChanged(WindowChanged event) {
    window.set(event.window());
  }

  @Override
  public void listingEnded(ListingEnded event) {
    Timer.builder("passport.listings").description("Listings of the Passport customers client, start to end")
        .tag("outcome", event.outcome().name()).register(registry).record(event.duration());
  }

  @Override
  public void paused(Paused event) {
    pause.record(event.length());
  }

  @Override
  public void paceChanged(PaceChanged event) {
    paceBits.set(Double.doubleToLongBits(event.requestsPerSecond()));
  }

  /** {@return Micrometer's outcome of an HTTP status} */
  static String outcome(int status) {
    if (status >= 200 && status < 300) {
      return "SUCCESS";
    } else if (status >= 300 && status < 400) {
      return "REDIRECTION";
    } else if (status >= 400 && status < 500) {
      return "CLIENT_ERROR";
    } else if (status >= 500 && status < 600) {
      return "SERVER_ERROR";
    }
    return "UNKNOWN";
  }

  /** {@return the route of a call, as the API documents it} */
  static String uri(CallKind kind) {
    return switch (kind) {
      case LIST_CUSTOMERS -> "/v1/customers";
      case GET_CUSTOMER -> "/v1/customers/{customer_id}";
      case ACCESS_TOKEN -> "/v1/iam/oauth/tokens";
    };
  }
}
