package com.example.customers;

import io.passport.customers.CustomerQuery;
import io.passport.customers.OrderKey;
import io.passport.customers.PassportCustomersClient;
import io.passport.customers.PassportException;
import io.passport.customers.model.Customer;
import io.passport.customers.model.OrderDirection;
import java.io.PrintStream;
import java.util.stream.Stream;

/**
 * The README's usage example, as an application would hold it: every customer of an entity in order of
 * creation, then how many are active. Run: {@code java ... com.example.customers.ListCustomers BASE_URL
 * CLIENT_ID CLIENT_SECRET}.
 */
public final class ListCustomers {
  private ListCustomers() {}

  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: ListCustomers BASE_URL CLIENT_ID CLIENT_SECRET");
      System.exit(2);
    }
    print(args[0], args[1], args[2], System.out);
  }

  static void print(String baseUrl, String clientId, String clientSecret, PrintStream out) {
    // README:begin
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
    // README:end
  }
}
