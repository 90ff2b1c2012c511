package com.example.customers;

import io.passport.customers.CustomerQuery;
import io.passport.customers.PassportCustomersClient;
import io.passport.customers.sandbox.PassportSandbox;
import java.io.IOException;

public final class WithoutJUnit {
  public static void main(String[] args) throws IOException {
    try (PassportSandbox sandbox = PassportSandbox.builder().customers(1_000).seed(7).start();
        PassportCustomersClient client = PassportCustomersClient.builder()
            .baseUrl(sandbox.baseUrl()).accessToken(PassportSandbox.STATIC_TOKEN).build()) {
      System.out.println(client.listAll(CustomerQuery.all()).stream().count() + " customers");
    }
  }
}
