package com.example.observed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.passport.customers.CustomerQuery;
import io.passport.customers.PassportCustomersClient;
import io.passport.customers.opentelemetry.PassportOpenTelemetry;
import io.passport.customers.sandbox.PassportSandbox;
import io.passport.customers.sandbox.PassportSandboxExtension;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The OpenTelemetry adapter, by its coordinates, traces and measures a sandbox listing in memory. */
class OpenTelemetryTest {
  @RegisterExtension
  static final PassportSandboxExtension SANDBOX = new PassportSandboxExtension();

  @Test
  void aListingOfFivePagesIsOneListingSpanOverFiveCallSpansAndItsCounts(PassportSandbox sandbox) {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    InMemoryMetricReader metrics = InMemoryMetricReader.create();
    try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build()).build();
         PassportCustomersClient client = PassportCustomersClient.builder().baseUrl(sandbox.baseUrl())
             .accessToken(PassportSandbox.STATIC_TOKEN).listener(PassportOpenTelemetry.create(otel)).build()) {
      assertEquals(250, client.listAll(CustomerQuery.builder().pageSize(50).build()).stream().count());

      List<SpanData> finished = spans.getFinishedSpanItems();
      SpanData listing = finished.stream().filter(s -> s.getName().equals(PassportOpenTelemetry.LISTING_SPAN))
          .reduce((a, b) -> { throw new AssertionError("two listing spans: " + finished); }).orElseThrow();
      List<SpanData> calls = finished.stream().filter(s -> s != listing).toList();
      assertEquals(5, calls.size(), () -> "spans: " + finished.stream().map(SpanData::getName).toList());
      for (SpanData call : calls) {
        assertEquals("GET /v1/customers", call.getName());
        assertEquals(listing.getSpanId(), call.getParentSpanId());
        assertEquals(listing.getTraceId(), call.getTraceId());
      }

      Collection<MetricData> all = metrics.collectAllMetrics();
      assertEquals(250, sum(all, "passport.listing.customers"));
      assertEquals(5, sum(all, "passport.listing.pages"));
    }
  }

  private static long sum(Collection<MetricData> all, String name) {
    return all.stream().filter(m -> m.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError(name + " not in " + all))
        .getLongSumData().getPoints().stream().mapToLong(LongPointData::getValue).sum();
  }
}
