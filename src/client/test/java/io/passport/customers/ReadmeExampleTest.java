package io.passport.customers;

import static org.assertj.core.api.Assertions.assertThat;

import io.passport.customers.model.Customer;
import io.passport.customers.model.OrderDirection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** Keeps the README's usage example compiling, and proves it does what the README says. */
class ReadmeExampleTest {

  // --- the README example, verbatim from "try" to the closing brace ---
  static void printActiveCustomers(String baseUrl, String clientId, String clientSecret, PrintStream out) {
    try (PassportCustomersClient client = PassportCustomersClient.builder()
        .baseUrl(baseUrl)                          // or .environment(Environment.PRODUCTION)
        .clientCredentials(clientId, clientSecret) // or .accessToken(token)
        .build()) {

      CustomerQuery query = CustomerQuery.builder()
          .orderKey("created_at")
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
  // --- end of the README example ---

  @Test
  void theReadmeExampleListsEveryCustomer() throws Exception {
    try (MockWebServer server = ClientTestSupport.newServer()) {
      FakeListing listing = new FakeListing(205);
      server.setDispatcher(listing);
      server.start();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();

      printActiveCustomers(server.url("/").toString(), "client-id", "client-secret",
          new PrintStream(bytes, true, StandardCharsets.UTF_8));

      String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
      assertThat(lines).hasSize(206);
      assertThat(lines[0]).isEqualTo("c-1 Empresa 1");
      assertThat(lines[204]).isEqualTo("c-205 Empresa 205");
      assertThat(lines[205]).isEqualTo("205 active");
    }
  }
}
