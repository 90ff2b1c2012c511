package io.passport.customers.sandbox;

import com.sun.net.httpserver.HttpExchange;
import io.passport.customers.model.ErrorResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sandbox's error answers, shaped as the provider's: a JSON {@link ErrorResponse} with the status,
 * a code, a message, the resource and the path, and a trace id unique within one sandbox. Thread-safe:
 * the only state is an atomic trace-id counter.
 */
final class ErrorBodies {
  private final AtomicLong traceIds = new AtomicLong();

  /** {@return the error body for a request to {@code path}; {@code resource} may be null} */
  ErrorResponse body(int status, String code, String message, String resource, String path) {
    ErrorResponse body = new ErrorResponse()
        .message(message)
        .code(code)
        .httpCode(status)
        .type(status >= 500 ? "server_error" : "invalid_request")
        .traceId(String.format("sbx%013x", traceIds.incrementAndGet()))
        .resource(resource)
        .url(path);
    body.setDetails(null);
    return body;
  }

  /** Answers the exchange with an error body; {@code resource} may be null. */
  void send(HttpExchange exchange, int status, String code, String message, String resource) throws IOException {
    ErrorResponse body = body(status, code, message, resource, exchange.getRequestURI().getRawPath());
    SandboxJson.send(exchange, status, SandboxJson.ERROR, body, false);
  }

  /** A 400 {@code INVALID_ARGUMENT} naming what was wrong with the request. */
  void badRequest(HttpExchange exchange, String message, String resource) throws IOException {
    send(exchange, 400, "INVALID_ARGUMENT", message, resource);
  }

  /** A 405 with the {@code Allow} header RFC 9110 requires, naming the one method the path takes. */
  void methodNotAllowed(HttpExchange exchange, String allowed, String resource) throws IOException {
    exchange.getResponseHeaders().set("Allow", allowed);
    send(exchange, 405, "METHOD_NOT_ALLOWED", "use " + allowed, resource);
  }
}
