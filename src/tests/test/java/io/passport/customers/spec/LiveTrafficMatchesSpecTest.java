package io.passport.customers.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.passport.customers.CustomerQuery;
import io.passport.customers.PassportCustomersClient;
import io.passport.customers.RetryPolicy;
import io.passport.customers.model.Customer;
import io.passport.customers.model.OrderDirection;
import io.passport.customers.sandbox.PassportSandbox;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/**
 * Real traffic between the client and the sandbox, every exchange captured on the wire and checked
 * against the spec: the client sends what the spec describes, and the sandbox answers as it says.
 */
class LiveTrafficMatchesSpecTest {
  private final List<SpecConformance.Exchange> exchanges = new CopyOnWriteArrayList<>();

  @Test
  void everyExchangeBetweenClientAndSandboxFitsTheSpec() throws IOException {
    OkHttpClient recording = new OkHttpClient.Builder().addNetworkInterceptor(this::record).build();
    try (PassportSandbox sandbox = PassportSandbox.builder().customers(45).start();
        PassportCustomersClient client = PassportCustomersClient.builder().baseUrl(sandbox.baseUrl())
            .clientCredentials(PassportSandbox.DEFAULT_CLIENT_ID, PassportSandbox.DEFAULT_CLIENT_SECRET)
            .retryPolicy(RetryPolicy.none()).okHttpClient(recording).build();
        PassportCustomersClient expired = PassportCustomersClient.builder().baseUrl(sandbox.baseUrl())
            .accessToken(sandbox.issueToken(Duration.ZERO, PassportSandbox.LIST_SCOPE))
            .retryPolicy(RetryPolicy.none()).okHttpClient(recording).build();
        PassportCustomersClient unscoped = PassportCustomersClient.builder().baseUrl(sandbox.baseUrl())
            .accessToken(sandbox.issueToken(Duration.ofMinutes(5)))
            .retryPolicy(RetryPolicy.none()).okHttpClient(recording).build()) {
      List<Customer> all = client.listAll(CustomerQuery.builder().pageSize(10).build()).stream().toList();
      Customer one = all.get(7);
      client.listAll(CustomerQuery.builder().orderKey("updated_at").orderDirection(OrderDirection.DESC).build()).stream().count();
      client.list(CustomerQuery.builder().identificationType(one.getIdentificationType())
          .identificationNumber(one.getIdentificationNumber()).customerId(one.getId()).build());
      client.get(one.getId());
      assertFailsWith(404, () -> client.get("00000000-0000-4000-8000-000000000000"));
      assertFailsWith(400, () -> client.list(CustomerQuery.builder().orderKey("favourite_colour").build()));
      assertFailsWith(401, () -> expired.list(CustomerQuery.all()));
      assertFailsWith(403, () -> unscoped.list(CustomerQuery.all()));
      sandbox.faults(io.passport.customers.sandbox.Faults.builder().failureRate(1)
          .kinds(java.util.EnumSet.of(io.passport.customers.sandbox.Faults.Kind.SERVER_ERROR)).build());
      assertFailsWith(500, () -> client.get(one.getId()));
      sandbox.faults(io.passport.customers.sandbox.Faults.builder().rateLimit(2).rateLimitHeaders(true).build());
      // Adaptation off (and a token of its own, so a full bucket): an adaptive client would pace itself by
      // the RateLimit fields and never be answered 429.
      try (PassportCustomersClient unadapted = client.newBuilder().adaptiveConcurrency(false).build()) {
        unadapted.get(one.getId());                                                        // 200 with RateLimit
        assertFailsWith(404, () -> unadapted.get("00000000-0000-4000-8000-000000000000")); // 404 with RateLimit
        assertFailsWith(429, () -> unadapted.get(one.getId()));                            // 429, Retry-After, RateLimit
      }
      sandbox.faults(io.passport.customers.sandbox.Faults.none());
      sandbox.providerState("no customers exist", Map.of(), true);
      assertThat(client.listAll(CustomerQuery.all())).isEmpty();                                    // 404
    }

    assertThat(exchanges).extracting(SpecConformance.Exchange::status)
        .contains(200, 400, 401, 403, 404, 429, 500);
    assertThat(exchanges).filteredOn(e -> e.status() == 429).singleElement()
        .satisfies(e -> assertThat(e.responseHeaders().keySet()).map(String::toLowerCase)
            .contains("ratelimit", "ratelimit-policy")); // field names are case-insensitive (RFC 9110)
    assertThat(exchanges).extracting(SpecConformance.Exchange::path).contains("/v1/iam/oauth/tokens");
    SpecConformance conformance = new SpecConformance(SpecConformance.SPEC);
    Map<String, List<String>> errors = new LinkedHashMap<>();
    for (SpecConformance.Exchange exchange : exchanges) {
      List<String> found = conformance.errors(exchange);
      if (!found.isEmpty()) {
        errors.put(exchange.method() + " " + exchange.path() + " " + exchange.query() + " -> " + exchange.status(), found);
      }
    }
    assertThat(errors).isEmpty();
  }

  private Response record(Interceptor.Chain chain) throws IOException {
    Request request = chain.request();
    String requestBody = null;
    if (request.body() != null) {
      Buffer buffer = new Buffer();
      request.body().writeTo(buffer);
      requestBody = buffer.readUtf8();
    }
    Response response = chain.proceed(request);
    Map<String, List<String>> query = new LinkedHashMap<>();
    for (String name : request.url().queryParameterNames()) {
      query.put(name, request.url().queryParameterValues(name));
    }
    exchanges.add(new SpecConformance.Exchange(request.method(), request.url().encodedPath(), query,
        headers(request.headers()), requestBody, response.code(), headers(response.headers()),
        response.peekBody(Long.MAX_VALUE).string()));
    return response;
  }

  private static Map<String, List<String>> headers(okhttp3.Headers headers) {
    Map<String, List<String>> result = new LinkedHashMap<>();
    headers.names().forEach(name -> result.put(name, new ArrayList<>(headers.values(name))));
    return result;
  }

  /** The exchange this test records must really have ended in {@code status}, not in some other failure. */
  private static void assertFailsWith(int status, org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    io.passport.customers.PassportException e =
        catchThrowableOfType(io.passport.customers.PassportException.class, call);
    assertThat(e).as("a PassportException with HTTP " + status).isNotNull();
    assertThat(e.httpStatus()).as(e.getMessage()).isEqualTo(status);
  }
}
