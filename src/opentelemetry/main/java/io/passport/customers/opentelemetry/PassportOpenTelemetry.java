package io.passport.customers.opentelemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleGauge;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongGauge;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.passport.customers.PassportException;
import io.passport.customers.PassportListener;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link PassportListener} that turns what the client does into OpenTelemetry traces and metrics:
 *
 * <pre>{@code
 * PassportCustomersClient client = PassportCustomersClient.builder()
 *     .environment(Environment.SANDBOX)
 *     .clientCredentials(clientId, clientSecret)
 *     .listener(PassportOpenTelemetry.create(openTelemetry))
 *     .build();
 * }</pre>
 *
 * <p><b>Spans.</b> A listing is an {@code INTERNAL} span {@value #LISTING_SPAN}, a child of the context
 * current where its consumer first asks for a page (the thread iterating it, or a {@code
 * Flow.Publisher}'s executor). Each call is a {@code CLIENT} span named {@code METHOD url.template}
 * ({@code GET /v1/customers}), a child of its listing's span, or of the context current on the call's
 * thread for a call of its own; with OpenTelemetry's HTTP semantic conventions: {@code
 * http.request.method}, {@code server.address}, {@code server.port}, {@code url.template}, {@code
 * http.response.status_code} (the last answer's), {@code http.request.resend_count} (when the call was
 * sent more than once: one span per call, its retries counted here and each a {@code retry} event),
 * {@code error.type} (the {@link PassportException.Kind}) and an error status for a failed call. The
 * provider's support ids go on as {@code passport.trace_id} and {@code passport.request_id}. Every
 * attempt carries the call span's context in the propagator's headers ({@code traceparent} with W3C
 * trace context), so the provider's side of a trace joins it.
 *
 * <p><b>Metrics.</b> {@code http.client.request.duration} (s, per attempt, with the attributes above);
 * {@code passport.listing.customers} and {@code passport.listing.pages} (taken by consumers), {@code
 * passport.client.throttled} (429 answers), {@code passport.client.pause.duration} (s of pauses the
 * server's rate limit imposed), {@code passport.listing.window} (the last window of pages in flight)
 * and {@code passport.client.pace} (requests/s the client paces itself at; 0 when it does not).
 *
 * <p>Thread-safe; one instance may serve several clients.
 */
public final class PassportOpenTelemetry implements PassportListener {
  /** The instrumentation scope of the tracer and the meter. */
  public static final String SCOPE = "io.passport.customers";
  /** The name of a listing's span. */
  public static final String LISTING_SPAN = "list customers";

  static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> URL_TEMPLATE = AttributeKey.stringKey("url.template");
  static final AttributeKey<Long> STATUS_CODE = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<Long> RESEND_COUNT = AttributeKey.longKey("http.request.resend_count");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> TRACE_ID = AttributeKey.stringKey("passport.trace_id");
  static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("passport.request_id");
  static final AttributeKey<Long> PAGE_NUMBER = AttributeKey.longKey("passport.page_number");
  static final AttributeKey<String> RETRY_REASON = AttributeKey.stringKey("passport.retry.reason");
  static final AttributeKey<Double> BACKOFF = AttributeKey.doubleKey("passport.retry.backoff");
  static final AttributeKey<Long> FIRST_PAGE = AttributeKey.longKey("passport.listing.first_page");
  static final AttributeKey<Long> CUSTOMERS = AttributeKey.longKey("passport.listing.customers");
  static final AttributeKey<Long> PAGES = AttributeKey.longKey("passport.listing.pages");
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("passport.listing.outcome");

  /** The bucket boundaries OpenTelemetry's semantic conventions advise for HTTP durations, in seconds. */
  static final List<Double> DURATION_BUCKETS =
      List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final DoubleHistogram requestDuration;
  private final LongCounter customers;
  private final LongCounter pages;
  private final LongCounter throttled;
  private final DoubleCounter pauseSeconds;
  private final LongGauge window;
  private final DoubleGauge pace;
  private final Map<Long, Span> listings = new ConcurrentHashMap<>();
  private final Map<Long, CallState> calls = new ConcurrentHashMap<>();

  /** A call's span and what its attempts' metrics are labelled with. */
  private record CallState(Span span, Attributes request) {}

  private PassportOpenTelemetry(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer(SCOPE);
    this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    Meter meter = openTelemetry.getMeter(SCOPE);
    this.requestDuration = meter.histogramBuilder("http.client.request.duration").setUnit("s")
        .setDescription("Duration of HTTP client requests.").setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
    this.customers = meter.counterBuilder("passport.listing.customers").setUnit("{customer}")
        .setDescription("Customers taken by the consumers of listings.").build();
    this.pages = meter.counterBuilder("passport.listing.pages").setUnit("{page}")
        .setDescription("Pages taken by the consumers of listings.").build();
    this.throttled = meter.counterBuilder("passport.client.throttled").setUnit("{response}")
        .setDescription("Answers 429 (rate limited) from the server.").build();
    this.pauseSeconds = meter.counterBuilder("passport.client.pause.duration").ofDoubles().setUnit("s")
        .setDescription("Time every call of the client was paused for by the server's rate limit.").build();
    this.window = meter.gaugeBuilder("passport.listing.window").ofLongs().setUnit("{page}")
        .setDescription("The window of pages a listing may have in flight.").build();
    this.pace = meter.gaugeBuilder("passport.client.pace").setUnit("{request}/s")
        .setDescription("The rate the client paces its requests at under the server's rate limit; 0 when not.").build();
  }

  /**
   * {@return a listener that reports to {@code openTelemetry}'s tracer, meter and propagators}
   *
   * @param openTelemetry where to report
   */
  public static PassportOpenTelemetry create(OpenTelemetry openTelemetry) {
    return new PassportOpenTelemetry(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  @Override
  public void listingStarted(ListingStarted event) {
    Span span = tracer.spanBuilder(LISTING_SPAN).setSpanKind(SpanKind.INTERNAL).setParent(Context.current())
        .setAttribute(FIRST_PAGE, (long) event.firstPage()).startSpan();
    listings.put(event.listingId(), span);
    window.set(event.window());
  }

  @Override
  public void pageReceived(PageReceived event) {
    pages.add(1);
    customers.add(event.customers());
  }

  @Override
  public void windowChanged(WindowChanged event) {
    window.set(event.window());
  }

  @Override
  public void listingEnded(ListingEnded event) {
    Span span = listings.remove(event.listingId());
    if (span == null) {
      return;
    }
    span.setAttribute(CUSTOMERS, event.customers()).setAttribute(PAGES, (long) event.pages())
        .setAttribute(OUTCOME, event.outcome().name());
    if (event.failure() != null) {
      span.setAttribute(ERROR_TYPE, event.failure().kind().name());
      span.setStatus(StatusCode.ERROR, event.failure().kind().name());
    }
    span.end();
  }

  @Override
  public void callStarted(CallStarted event) {
    Span listing = event.listingId() == 0 ? null : listings.get(event.listingId());
    Context parent = listing == null ? Context.current() : Context.current().with(listing);
    String template = template(event.kind());
    Attributes request = Attributes.of(METHOD, event.method(), SERVER_ADDRESS, event.serverAddress(),
        SERVER_PORT, (long) event.serverPort(), URL_TEMPLATE, template);
    io.opentelemetry.api.trace.SpanBuilder builder = tracer.spanBuilder(event.method() + " " + template)
        .setSpanKind(SpanKind.CLIENT).setParent(parent).setAllAttributes(request);
    if (event.pageNumber() > 0) {
      builder.setAttribute(PAGE_NUMBER, (long) event.pageNumber());
    }
    calls.put(event.callId(), new CallState(builder.startSpan(), request));
  }

  @Override
  public Map<String, String> requestHeaders(AttemptStarted attempt) {
    CallState call = calls.get(attempt.callId());
    if (call == null) {
      return Map.of();
    }
    Map<String, String> headers = new HashMap<>();
    propagator.inject(Context.current().with(call.span()), headers, (carrier, key, value) -> carrier.put(key, value));
    return headers;
  }

  @Override
  public void attemptEnded(AttemptEnded event) {
    CallState call = calls.get(event.callId());
    if (call == null) {
      return;
    }
    AttributesBuilder labels = call.request().toBuilder();
    if (event.httpStatus() > 0) {
      labels.put(STATUS_CODE, (long) event.httpStatus());
    }
    if (event.failure() != null) {
      labels.put(ERROR_TYPE, event.httpStatus() > 0 ? Integer.toString(event.httpStatus()) : event.failure().kind().name());
    }
    requestDuration.record(event.duration().toNanos() / 1e9, labels.build());
    if (event.httpStatus() == 429) {
      throttled.add(1);
    }
  }

  @Override
  public void retry(Retry event) {
    CallState call = calls.get(event.callId());
    if (call != null) {
      call.span().addEvent("retry", Attributes.of(RETRY_REASON, event.reason().name(),
          BACKOFF, event.backoff().toNanos() / 1e9));
    }
  }

  @Override
  public void callEnded(CallEnded event) {
    CallState call = calls.remove(event.callId());
    if (call == null) {
      return;
    }
    Span span = call.span();
    if (event.httpStatus() > 0) {
      span.setAttribute(STATUS_CODE, (long) event.httpStatus());
    }
    if (event.attempts() > 1) {
      span.setAttribute(RESEND_COUNT, (long) event.attempts() - 1);
    }
    if (event.traceId() != null) {
      span.setAttribute(TRACE_ID, event.traceId());
    }
    if (event.requestId() != null) {
      span.setAttribute(REQUEST_ID, event.requestId());
    }
    PassportException failure = event.failure();
    if (failure != null) {
      span.setAttribute(ERROR_TYPE, failure.kind().name());
      span.setStatus(StatusCode.ERROR, failure.kind().name());
    }
    span.end();
  }

  @Override
  public void paused(Paused event) {
    pauseSeconds.add(event.length().toNanos() / 1e9);
  }

  @Override
  public void paceChanged(PaceChanged event) {
    pace.set(event.requestsPerSecond());
  }

  /** {@return the low-cardinality path of a call: its route, as the API documents it} */
  static String template(CallKind kind) {
    return switch (kind) {
      case LIST_CUSTOMERS -> "/v1/customers";
      case GET_CUSTOMER -> "/v1/customers/{customer_id}";
      case ACCESS_TOKEN -> "/v1/iam/oauth/tokens";
    };
  }
}
