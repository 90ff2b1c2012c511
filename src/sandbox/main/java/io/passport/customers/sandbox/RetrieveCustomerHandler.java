package io.passport.customers.sandbox;

import com.sun.net.httpserver.HttpExchange;
import io.passport.customers.model.Customer;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Answers {@code GET /v1/customers/{id}} (Retrieve Customer) once the caller is authorized: the
 * customer, or a 404. Thread-safe: it keeps no state of its own.
 */
final class RetrieveCustomerHandler {
  private final CustomerStore store;
  private final ErrorBodies errors;

  RetrieveCustomerHandler(CustomerStore store, ErrorBodies errors) {
    this.store = store;
    this.errors = errors;
  }

  /** @param rawId the path segment after {@code /v1/customers/}, still percent-encoded */
  void handle(HttpExchange exchange, String rawId, boolean truncate) throws IOException {
    String id = URLDecoder.decode(rawId.replace("+", "%2B"), StandardCharsets.UTF_8);
    Customer customer = id.isEmpty() ? null : store.get(id);
    if (customer == null) {
      errors.send(exchange, 404, "NOT_FOUND", "customer not found", "customers");
      return;
    }
    SandboxJson.send(exchange, 200, SandboxJson.CUSTOMER, customer, truncate);
  }
}
