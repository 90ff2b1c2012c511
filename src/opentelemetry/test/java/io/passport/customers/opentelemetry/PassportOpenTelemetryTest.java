package io.passport.customers.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.passport.customers.CustomerQuery;
import io.passport.customers.PassportCustomersClient;
import io.passport.customers.PassportException;
import io.passport.customers.RetryPolicy;
import io.passport.customers.model.Customer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A listing of 3 pages, page 2 answered 503 once and page 3 answered 429 once, gives exactly these
 * spans and metrics through the SDK's in-memory exporters; the trace context reaches every page call.
 */
class PassportOpenTelemetryTest {
  private static final RetryPolicy RETRIES =
      RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(2)).maxBackoff(Duration.ofMillis(4)).build();
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
      .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
      .build();
  private final Pages server = new Pages(3);
  private final MockWebServer web = new MockWebServer();
  private PassportCustomersClient client;

  @BeforeEach
  void start() throws IOException {
    web.setDispatcher(server);
    web.start(java.net.InetAddress.getLoopbackAddress(), 0);
    client = PassportCustomersClient.builder().baseUrl(web.url("/").toString()).accessToken("t")
        .retryPolicy(RETRIES).listener(PassportOpenTelemetry.create(otel)).build();
  }

  @AfterEach
  void stop() {
    client.close();
    web.close();
    otel.close();
  }

  /** Serves {@code count} customers one per page; answers given to {@link #once} come first. */
  static final class Pages extends Dispatcher {
    final int count;
    final Map<Integer, ConcurrentLinkedQueue<MockResponse>> overrides = new ConcurrentHashMap<>();
    final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    Pages(int count) {
      this.count = count;
    }

    void once(int page, MockResponse response) {
      overrides.computeIfAbsent(page, p -> new ConcurrentLinkedQueue<>()).add(response);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      requests.add(request);
      String path = request.getUrl().encodedPath();
      if (!path.endsWith("/customers")) { // a get of one customer
        return new MockResponse.Builder().body("{\"id\":\"" + path.substring(path.lastIndexOf('/') + 1) + "\"}").build();
      }
      String number = request.getUrl().queryParameter("page_params.page_number");
      int page = number == null ? 1 : Integer.parseInt(number);
      MockResponse override = overrides.getOrDefault(page, new ConcurrentLinkedQueue<>()).poll();
      if (override != null) {
        return override;
      }
      return new MockResponse.Builder().addHeader("X-Request-Id", "req-" + page)
          .body("{\"customers\":[{\"id\":\"c-" + page + "\"}],\"pagination_info\":{\"current_page\":" + page
              + ",\"total_pages\":" + count + ",\"total_elements\":" + count
              + ",\"first_request_timestamp\":\"2025-10-09T17:35:17Z\"}}").build();
    }
  }

  private static MockResponse error(int code, String... headers) {
    MockResponse.Builder response = new MockResponse.Builder().code(code)
        .body("{\"message\":\"later\",\"code\":\"UNAVAILABLE\",\"trace_id\":\"t-" + code + "\"}");
    for (int i = 0; i < headers.length; i += 2) {
      response.addHeader(headers[i], headers[i + 1]);
    }
    return response.build();
  }

  private List<String> listAllUnder(Span parent) {
    List<String> ids = new ArrayList<>();
    try (Scope ignored = parent.makeCurrent()) {
      for (Customer customer : client.listAll(CustomerQuery.builder().pageSize(1).build())) {
        ids.add(customer.getId());
      }
    }
    return ids;
  }

  private Attributes callAttributes(int page) {
    return Attributes.builder().put("http.request.method", "GET").put("server.address", web.getHostName())
        .put("server.port", (long) web.getPort()).put("url.template", "/v1/customers")
        .put("passport.page_number", (long) page).put("http.response.status_code", 200L).build();
  }

  @Test
  void aListingWithARetryAndA429GivesExactlyTheseSpans() {
    server.once(2, error(503));
    server.once(3, error(429, "Retry-After", "1"));
    Span test = otel.getTracer("test").spanBuilder("test").startSpan();

    assertThat(listAllUnder(test)).containsExactly("c-1", "c-2", "c-3");
    test.end();

    List<SpanData> finished = spans.getFinishedSpanItems();
    assertThat(finished).extracting(SpanData::getName)
        .containsExactlyInAnyOrder("test", "list customers", "GET /v1/customers", "GET /v1/customers",
            "GET /v1/customers");
    assertThat(finished).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(test.getSpanContext().getTraceId()));
    SpanData listing = finished.stream().filter(s -> s.getName().equals("list customers")).findFirst().orElseThrow();
    assertThat(listing.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(listing.getParentSpanId()).isEqualTo(test.getSpanContext().getSpanId());
    assertThat(listing.getAttributes().asMap()).isEqualTo(Attributes.builder().put("passport.listing.first_page", 1L)
        .put("passport.listing.customers", 3L).put("passport.listing.pages", 3L)
        .put("passport.listing.outcome", "COMPLETED").build().asMap());
    List<SpanData> calls = finished.stream().filter(s -> s.getKind() == SpanKind.CLIENT)
        .sorted(java.util.Comparator.comparing(s -> s.getAttributes().get(PassportOpenTelemetry.PAGE_NUMBER)))
        .toList();
    assertThat(calls).allSatisfy(s -> {
      assertThat(s.getParentSpanId()).isEqualTo(listing.getSpanId());
      assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    });
    assertThat(calls.get(0).getAttributes().asMap()).isEqualTo(callAttributes(1).toBuilder()
        .put("passport.request_id", "req-1").build().asMap());
    assertThat(calls.get(1).getAttributes().asMap()).isEqualTo(callAttributes(2).toBuilder()
        .put("http.request.resend_count", 1L).put("passport.request_id", "req-2").build().asMap());
    assertThat(calls.get(2).getAttributes().asMap()).isEqualTo(callAttributes(3).toBuilder()
        .put("http.request.resend_count", 1L).put("passport.request_id", "req-3").build().asMap());
    assertThat(calls.get(1).getEvents()).singleElement().satisfies(e -> {
      assertThat(e.getName()).isEqualTo("retry");
      assertThat(e.getAttributes().get(PassportOpenTelemetry.RETRY_REASON)).isEqualTo("RETRYABLE_FAILURE");
    });
    assertThat(calls.get(2).getEvents()).singleElement().satisfies(
        e -> assertThat(e.getAttributes().get(PassportOpenTelemetry.RETRY_REASON)).isEqualTo("RATE_LIMIT_PROBE"));

    // Every attempt sent its call span's context: the trace reaches each page call, retries included.
    Map<Long, String> spanOfPage = calls.stream().collect(Collectors.toMap(
        s -> s.getAttributes().get(PassportOpenTelemetry.PAGE_NUMBER), SpanData::getSpanId));
    assertThat(server.requests).hasSize(5).allSatisfy(r -> {
      String page = r.getUrl().queryParameter("page_params.page_number");
      long number = page == null ? 1 : Long.parseLong(page);
      assertThat(r.getHeaders().get("traceparent")).isEqualTo(
          "00-" + test.getSpanContext().getTraceId() + "-" + spanOfPage.get(number) + "-"
              + test.getSpanContext().getTraceFlags().asHex());
    });
  }

  private MetricData metric(Collection<MetricData> all, String name) {
    return all.stream().filter(m -> m.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name + " in " + all));
  }

  @Test
  void aListingWithARetryAndA429GivesExactlyTheseMetrics() {
    server.once(2, error(503));
    server.once(3, error(429, "Retry-After", "1"));

    assertThat(listAllUnder(Span.getInvalid())).hasSize(3);

    Collection<MetricData> all = metrics.collectAllMetrics();
    MetricData duration = metric(all, "http.client.request.duration");
    assertThat(duration.getUnit()).isEqualTo("s");
    Attributes base = Attributes.builder().put("http.request.method", "GET").put("server.address", web.getHostName())
        .put("server.port", (long) web.getPort()).put("url.template", "/v1/customers").build();
    Map<Attributes, Long> counts = duration.getHistogramData().getPoints().stream()
        .collect(Collectors.toMap(HistogramPointData::getAttributes, HistogramPointData::getCount));
    assertThat(counts).isEqualTo(Map.of(
        base.toBuilder().put("http.response.status_code", 200L).build(), 3L,
        base.toBuilder().put("http.response.status_code", 503L).put("error.type", "503").build(), 1L,
        base.toBuilder().put("http.response.status_code", 429L).put("error.type", "429").build(), 1L));
    assertThat(duration.getHistogramData().getPoints()).allSatisfy(
        p -> assertThat(p.getBoundaries()).isEqualTo(PassportOpenTelemetry.DURATION_BUCKETS));
    assertThat(metric(all, "passport.listing.customers").getLongSumData().getPoints())
        .singleElement().satisfies(p -> assertThat(p.getValue()).isEqualTo(3));
    assertThat(metric(all, "passport.listing.pages").getLongSumData().getPoints())
        .singleElement().satisfies(p -> assertThat(p.getValue()).isEqualTo(3));
    assertThat(metric(all, "passport.client.throttled").getLongSumData().getPoints())
        .singleElement().satisfies(p -> assertThat(p.getValue()).isEqualTo(1));
    assertThat(metric(all, "passport.client.pause.duration").getDoubleSumData().getPoints())
        .singleElement().satisfies(p -> assertThat(p.getValue()).isEqualTo(1.0));
    assertThat(metric(all, "passport.listing.window").getLongGaugeData().getPoints())
        .singleElement().satisfies(p -> assertThat(p.getValue()).isEqualTo(1));
    assertThat(metric(all, "passport.client.pace").getDoubleGaugeData().getPoints())
        .singleElement().satisfies(p -> assertThat(p.getValue()).isPositive());
  }

  @Test
  void aFailedCallIsAnErrorSpanWithItsSupportIds() {
    server.once(1, error(400, "X-Request-Id", "req-x"));

    PassportException e = catchThrowableOfType(PassportException.class, () -> listAllUnder(Span.getInvalid()));

    assertThat(e.kind()).isEqualTo(PassportException.Kind.BAD_REQUEST);
    SpanData call = spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.CLIENT)
        .findFirst().orElseThrow();
    assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(call.getAttributes().get(PassportOpenTelemetry.ERROR_TYPE)).isEqualTo("BAD_REQUEST");
    assertThat(call.getAttributes().get(PassportOpenTelemetry.TRACE_ID)).isEqualTo("t-400");
    assertThat(call.getAttributes().get(PassportOpenTelemetry.REQUEST_ID)).isEqualTo("req-x");
    SpanData listing = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("list customers"))
        .findFirst().orElseThrow();
    assertThat(listing.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(listing.getAttributes().get(PassportOpenTelemetry.OUTCOME)).isEqualTo("FAILED");
  }

  /** Runs {@code call} within a span of the test's; {@return the span, ended} */
  private Span underACallersSpan(Runnable call) {
    Span caller = otel.getTracer("test").spanBuilder("caller").startSpan();
    try (Scope ignored = caller.makeCurrent()) {
      call.run();
    } finally {
      caller.end();
    }
    return caller;
  }

  /** The single call's CLIENT span is the caller span's child, and its request carries that trace. */
  private void assertOneCallUnder(Span caller) {
    SpanData call = spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.CLIENT)
        .collect(Collectors.toList()).get(0);
    assertThat(spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.CLIENT)).hasSize(1);
    assertThat(call.getTraceId()).isEqualTo(caller.getSpanContext().getTraceId());
    assertThat(call.getParentSpanId()).isEqualTo(caller.getSpanContext().getSpanId());
    assertThat(server.requests).singleElement().satisfies(r -> assertThat(r.getHeaders().get("traceparent"))
        .startsWith("00-" + caller.getSpanContext().getTraceId() + "-" + call.getSpanId() + "-"));
  }

  @Test
  void aGetMadeInsideASpanIsAClientSpanUnderItAndSendsItsTrace() {
    Span caller = underACallersSpan(() -> assertThat(client.get("c-7").getId()).isEqualTo("c-7"));

    assertOneCallUnder(caller);
  }

  @Test
  void aSinglePageListMadeInsideASpanIsAClientSpanUnderItAndSendsItsTrace() {
    Span caller = underACallersSpan(() ->
        assertThat(client.list(CustomerQuery.builder().pageSize(1).build()).getCustomers()).hasSize(1));

    assertOneCallUnder(caller);
  }

  @Test
  void aPublisherOnAContextCarryingExecutorTracesItsListingUnderTheRequestersSpan() throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      Flow.Publisher<Customer> customers = client.listAll(CustomerQuery.builder().pageSize(1).build())
          .publisher(io.opentelemetry.context.Context.taskWrapping(pool));
      java.util.concurrent.BlockingQueue<Object> signals = new java.util.concurrent.LinkedBlockingQueue<>();
      Span test = otel.getTracer("test").spanBuilder("requester").startSpan();
      Flow.Subscriber<Customer> subscriber = new Flow.Subscriber<>() {
        @Override
        public void onSubscribe(Flow.Subscription s) {
          s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Customer item) {
          signals.add(item);
        }

        @Override
        public void onError(Throwable t) {
          signals.add(t);
        }

        @Override
        public void onComplete() {
          signals.add("complete");
        }
      };
      try (Scope ignored = test.makeCurrent()) { // as a reactive stack subscribes within its context
        customers.subscribe(subscriber);
      }
      for (int i = 0; i < 3; i++) {
        assertThat(signals.poll(5, TimeUnit.SECONDS)).isInstanceOf(Customer.class);
      }
      assertThat(signals.poll(5, TimeUnit.SECONDS)).isEqualTo("complete");
      test.end();

      SpanData listing = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("list customers"))
          .findFirst().orElseThrow();
      assertThat(listing.getParentSpanId()).isEqualTo(test.getSpanContext().getSpanId());
      assertThat(server.requests).allSatisfy(r -> assertThat(r.getHeaders().get("traceparent"))
          .startsWith("00-" + test.getSpanContext().getTraceId() + "-"));
    } finally {
      pool.shutdownNow();
    }
  }
}
