package com.example.customers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.passport.customers.CustomerQuery;
import io.passport.customers.PassportCustomersClient;
import io.passport.customers.sandbox.PassportSandbox;
import io.passport.customers.sandbox.PassportSandboxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ChosenDataTest {
  @RegisterExtension
  static final PassportSandboxExtension SANDBOX =
      new PassportSandboxExtension(PassportSandbox.builder().customers(230).seed(11));

  @Test
  void listsTheChosenCustomers(PassportCustomersClient client) {
    assertEquals(230, client.listAll(CustomerQuery.all()).stream().count());
  }
}
