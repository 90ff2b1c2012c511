package com.example.customers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.passport.customers.CustomerQuery;
import io.passport.customers.PassportCustomersClient;
import io.passport.customers.sandbox.PassportSandbox;
import io.passport.customers.sandbox.PassportSandboxExtension;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PassportSandboxExtension.class)      // 250 customers from seed 42
class ExportTest {
  @Test
  void exportsEveryCustomer(PassportSandbox sandbox, PassportCustomersClient client, URI baseUrl) {
    assertEquals(sandbox.customerCount(), client.listAll(CustomerQuery.all()).stream().count());

    try (PassportCustomersClient own = PassportCustomersClient.builder()   // or a client of your own
        .baseUrl(baseUrl).clientCredentials("sandbox-client", "sandbox-secret").build()) {
      assertEquals(250, own.listAll(CustomerQuery.all()).stream().count());
    }
  }
}
