package io.passport.customers.sandbox;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;

/**
 * Answers {@code POST /_pact/provider-states}: reads {@code {"state": "...", "params": {...}, "action":
 * "setup" | "teardown"}} as Pact verifiers send it, applies it to the sandbox through {@link
 * PassportSandbox#providerState} and answers with the values the state made. Thread-safe: it keeps no
 * state of its own.
 */
final class ProviderStatesHandler {
  private static final String RESOURCE = "provider-states";

  private final PassportSandbox sandbox;
  private final ErrorBodies errors;

  ProviderStatesHandler(PassportSandbox sandbox, ErrorBodies errors) {
    this.sandbox = sandbox;
    this.errors = errors;
  }

  void handle(HttpExchange exchange) throws IOException {
    Map<String, Object> body;
    try {
      body = SandboxJson.readBody(exchange, SandboxJson.OBJECT);
    } catch (IOException e) {
      body = null;
    }
    if (body == null || !(body.get("state") instanceof String state)) {
      errors.badRequest(exchange, "the body must be JSON {state, params, action}", RESOURCE);
      return;
    }
    @SuppressWarnings("unchecked")
    Map<String, ?> params = body.get("params") instanceof Map<?, ?> map ? (Map<String, ?>) map : Map.of();
    Map<String, Object> values;
    try {
      values = sandbox.providerState(state, params, !"teardown".equals(body.get("action")));
    } catch (IllegalArgumentException e) {
      errors.badRequest(exchange, e.getMessage(), RESOURCE);
      return;
    }
    SandboxJson.send(exchange, 200, SandboxJson.OBJECT, values, false);
  }
}
