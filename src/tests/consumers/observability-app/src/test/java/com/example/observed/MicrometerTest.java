package com.example.observed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.passport.customers.CustomerQuery;
import io.passport.customers.PassportCustomersClient;
import io.passport.customers.micrometer.PassportMicrometer;
import io.passport.customers.sandbox.PassportSandbox;
import io.passport.customers.sandbox.PassportSandboxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Micrometer adapter, by its coordinates, records a sandbox listing in a SimpleMeterRegistry. */
class MicrometerTest {
  @RegisterExtension
  static final PassportSandboxExtension SANDBOX = new PassportSandboxExtension();

  @Test
  void aListingOfFivePagesIsRecordedAsFiveRequestsAndItsCustomers(PassportSandbox sandbox) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (PassportCustomersClient client = PassportCustomersClient.builder().baseUrl(sandbox.baseUrl())
        .accessToken(PassportSandbox.STATIC_TOKEN).listener(PassportMicrometer.create(registry)).build()) {
      long listed = client.listAll(CustomerQuery.builder().pageSize(50).build()).stream().count();
      assertEquals(250, listed);
    }

    assertEquals(5, registry.get(PassportMicrometer.REQUESTS).timers().stream().mapToLong(Timer::count).sum(),
        "every request, whatever its tags");
    assertEquals(5, registry.get(PassportMicrometer.REQUESTS).tag("status", "200").tag("outcome", "SUCCESS")
        .tag("uri", "/v1/customers").timer().count());
    assertEquals(250.0, registry.get("passport.listing.customers").counter().count());
    assertEquals(5.0, registry.get("passport.listing.pages").counter().count());
    assertEquals(1, registry.get("passport.listings").tag("outcome", "COMPLETED").timer().count());
  }
}
