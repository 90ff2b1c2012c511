package com.example.customers;

import io.passport.customers.CustomerQuery;
import io.passport.customers.OrderKey;
import io.passport.customers.PassportCustomersClient;
import io.passport.customers.PassportException;
import io.passport.customers.model.Customer;
import io.passport.customers.model.OrderDirection;
import java.io.PrintStream;
import java.util.stream.Stream;

/** Every customer of an entity in order of creation, then how many are active. */
public final class ListCustomers {
  public static void main(String[] args) {
    // A sandbox (java -jar passport-customers-cli.jar sandbox --port 8080) and its client credentials,
    // unless given: ListCustomers BASE_URL, PASSPORT_CLIENT_ID and PASSPORT_CLIENT_SECRET.
    String baseUrl = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
    String clientId = System.getenv().getOrDefault("PASSPORT_CLIENT_ID", "sandbox-client");
    String clientSecret = System.getenv().getOrDefault("PASSPORT_CLIENT_SECRET", "sandbox-secret");
    print(baseUrl, clientId, clientSecret, System.out);
  }

  static void print(String baseUrl, String clientId, String clientSecret, PrintStream out) {
    try (PassportCustomersClient client = PassportCustomersClient.builder()
        .baseUrl(baseUrl)                          // or .environment(Environment.PRODUCTION)
        .clientCredentials(clientId, clientSecret) // or .accessToken(token)
        .build()) {

      CustomerQuery query = CustomerQuery.builder()
          .orderKey(OrderKey.CREATED_AT)             // or OrderKey.of("a_newer_key")
          .orderDirection(OrderDirection.ASC)
          .build();

      for (Customer customer : client.listAll(query)) {          // lazy: one page at a time
        out.println(customer.getId() + " " + customer.getBusinessName());
      }

      try (Stream<Customer> active = client.listAll(query).stream()) {
        out.println(active.filter(c -> "ACTIVE".equals(c.getStatus())).count() + " active");
      }
    } catch (PassportException e) {
      out.println("failed: " + e.getMessage());                  // one line: status, code, message
    }
  }
}
