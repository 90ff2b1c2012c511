package io.passport.customers.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.passport.customers.CustomerQuery;
import io.passport.customers.PassportCustomersClient;
import io.passport.customers.PassportException;
import io.passport.customers.RetryPolicy;
import io.passport.customers.model.Customer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A listing of 3 pages with a 503 retried and a 429 gives exactly these meters in a SimpleMeterRegistry. */
class PassportMicrometerTest {
  private static final RetryPolicy RETRIES =
      RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(2)).maxBackoff(Duration.ofMillis(4)).build();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MockWebServer web = new MockWebServer();
  private final Map<Integer, ConcurrentLinkedQueue<MockResponse>> overrides = new ConcurrentHashMap<>();
  private PassportCustomersClient client;

  @BeforeEach
  void start() throws IOException {
    web.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String number = request.getUrl().queryParameter("page_params.page_number");
        int page = number == null ? 1 : Integer.parseInt(number);
        MockResponse override = overrides.getOrDefault(page, new ConcurrentLinkedQueue<>()).poll();
        if (override != null) {
          return override;
        }
        return new MockResponse.Builder().body("{\"customers\":[{\"id\":\"c-" + page + "\"}],\"pagination_info\":{"
            + "\"current_page\":" + page + ",\"total_pages\":3,\"total_elements\":3}}").build();
      }
    });
    web.start(java.net.InetAddress.getLoopbackAddress(), 0);
    client = PassportCustomersClient.builder().baseUrl(web.url("/").toString()).accessToken("t")
        .retryPolicy(RETRIES).listener(PassportMicrometer.create(registry)).build();
  }

  @AfterEach
  void stop() {
    client.close();
    web.close();
  }

  private void once(int page, int code, String... headers) {
    MockResponse.Builder response = new MockResponse.Builder().code(code).body("{\"message\":\"later\"}");
    for (int i = 0; i < headers.length; i += 2) {
      response.addHeader(headers[i], headers[i + 1]);
    }
    overrides.computeIfAbsent(page, p -> new ConcurrentLinkedQueue<>()).add(response.build());
  }

  private List<String> listAll() {
    List<String> ids = new ArrayList<>();
    for (Customer customer : client.listAll(CustomerQuery.builder().pageSize(1).build())) {
      ids.add(customer.getId());
    }
    return ids;
  }

  /** Each meter as "name{tags}" and its count (timers, counters) or value (gauges). */
  private Map<String, Double> meters() {
    Map<String, Double> all = new TreeMap<>();
    for (Meter meter : registry.getMeters()) {
      StringBuilder id = new StringBuilder(meter.getId().getName()).append('{');
      for (Tag tag : meter.getId().getTags()) {
        id.append(tag.getKey()).append('=').append(tag.getValue()).append(',');
      }
      double value = meter instanceof Timer timer ? timer.count() : meter.measure().iterator().next().getValue();
      all.put(id.append('}').toString(), value);
    }
    return all;
  }

  @Test
  void aListingWithARetryAndA429GivesExactlyTheseMeters() {
    once(2, 503);
    once(3, 429, "Retry-After", "1");

    assertThat(listAll()).containsExactly("c-1", "c-2", "c-3");

    String call = "client.name=" + web.getHostName() + ",";
    assertThat(meters()).isEqualTo(Map.of(
        "http.client.requests{" + call + "exception=none,method=GET,outcome=SUCCESS,status=200,uri=/v1/customers,}", 3.0,
        "http.client.requests{" + call + "exception=SERVER_ERROR,method=GET,outcome=SERVER_ERROR,status=503,uri=/v1/customers,}", 1.0,
        "http.client.requests{" + call + "exception=RATE_LIMITED,method=GET,outcome=CLIENT_ERROR,status=429,uri=/v1/customers,}", 1.0,
        "passport.listing.customers{}", 3.0,
        "passport.listing.pages{}", 3.0,
        "passport.listings{outcome=COMPLETED,}", 1.0,
        "passport.client.throttled{}", 1.0,
        "passport.client.pause{}", 1.0,
        "passport.listing.window{}", 1.0,
        "passport.client.pace{}", registry.get("passport.client.pace").gauge().value()));
    assertThat(registry.get("passport.client.pause").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1000.0);
    assertThat(registry.get("passport.client.pace").gauge().value()).isPositive();
  }

  @Test
  void aCallWithNoAnswerIsTaggedNone() throws IOException {
    web.close();

    PassportException e = catchThrowableOfType(PassportException.class,
        () -> client.newBuilder().retryPolicy(RetryPolicy.none()).build().get("c-1"));

    assertThat(e.kind()).isEqualTo(PassportException.Kind.TRANSPORT);
    assertThat(registry.get("http.client.requests").tags("status", "NONE", "outcome", "UNKNOWN",
        "exception", "TRANSPORT", "uri", "/v1/customers/{customer_id}").timer().count()).isEqualTo(1);
  }

  @Test
  void outcomesFollowTheStatusClass() {
    assertThat(PassportMicrometer.outcome(204)).isEqualTo("SUCCESS");
    assertThat(PassportMicrometer.outcome(302)).isEqualTo("REDIRECTION");
    assertThat(PassportMicrometer.outcome(404)).isEqualTo("CLIENT_ERROR");
    assertThat(PassportMicrometer.outcome(500)).isEqualTo("SERVER_ERROR");
    assertThat(PassportMicrometer.outcome(0)).isEqualTo("UNKNOWN");
    assertThat(PassportMicrometer.outcome(199)).isEqualTo("UNKNOWN");
    assertThat(PassportMicrometer.outcome(600)).isEqualTo("UNKNOWN");
  }
}
