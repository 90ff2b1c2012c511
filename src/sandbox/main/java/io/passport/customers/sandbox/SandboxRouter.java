package io.passport.customers.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Routes each request to its endpoint's handler: the method check (405 with {@code Allow}), then on the
 * customer endpoints the injected faults, the bearer-token check (401, 403) and the rate limit (429 with
 * {@code Retry-After}, and the rate-limit headers when asked for) in that order, a 404 for any other path,
 * and a 500 for a handler's unexpected failure. It counts every request it sees. Thread-safe: the
 * handlers and the rate limiter it calls are, and the count is atomic.
 */
final class SandboxRouter implements HttpHandler {
  private static final String TOKENS_PATH = "/v1/iam/oauth/tokens";
  private static final String CUSTOMERS_PATH = "/v1/customers";
  private static final String CUSTOMER_PREFIX = CUSTOMERS_PATH + "/";

  private final AtomicLong requests = new AtomicLong();
  private final TokenRegistry tokens;
  private final FaultInjector faults;
  private final RateLimiter rateLimiter;
  private final ErrorBodies errors;
  private final ListCustomersHandler list;
  private final RetrieveCustomerHandler retrieve;
  private final TokenHandler tokenEndpoint;
  private final ProviderStatesHandler providerStates;

  SandboxRouter(TokenRegistry tokens, FaultInjector faults, RateLimiter rateLimiter, ErrorBodies errors,
      ListCustomersHandler list, RetrieveCustomerHandler retrieve, TokenHandler tokenEndpoint,
      ProviderStatesHandler providerStates) {
    this.tokens = tokens;
    this.faults = faults;
    this.rateLimiter = rateLimiter;
    this.errors = errors;
    this.list = list;
    this.retrieve = retrieve;
    this.tokenEndpoint = tokenEndpoint;
    this.providerStates = providerStates;
  }

  /** {@return how many requests it has seen so far, answered or dropped} */
  long requestCount() {
    return requests.get();
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      String method = exchange.getRequestMethod();
      if (path.equals(PassportSandbox.PROVIDER_STATES_PATH)) {
        if (allowed(exchange, "POST", "provider-states")) {
          providerStates.handle(exchange);
        }
      } else if (path.equals(TOKENS_PATH)) {
        if (allowed(exchange, "POST", "tokens")) {
          tokenEndpoint.handle(exchange);
        }
      } else if (path.equals(CUSTOMERS_PATH) || path.startsWith(CUSTOMER_PREFIX)) {
        if (allowed(exchange, "GET", "customers")) {
          customers(exchange, path);
        }
      } else {
        errors.send(exchange, 404, "NOT_FOUND", "no route for " + method + " " + path, null);
      }
    } catch (RuntimeException e) {
      errors.send(exchange, 500, "INTERNAL", "sandbox failure: " + e, null);
    }
  }

  private void customers(HttpExchange exchange, String path) throws IOException {
    Faults.Kind fault = faults.draw();
    if (fault != null && faults.answer(exchange, fault)) {
      return;
    }
    boolean truncate = fault == Faults.Kind.TRUNCATED_BODY;
    if (path.equals(CUSTOMERS_PATH)) {
      if (authorized(exchange, PassportSandbox.LIST_SCOPE) && withinRateLimit(exchange)) {
        list.handle(exchange, truncate);
      }
    } else if (authorized(exchange, PassportSandbox.GET_SCOPE) && withinRateLimit(exchange)) {
      retrieve.handle(exchange, path.substring(CUSTOMER_PREFIX.length()), truncate);
    }
  }

  /**
   * Takes a token from the bucket of the (already authorized) request's access token, adding the
   * rate-limit headers when they are asked for. {@return whether the request may proceed; if not, it is
   * answered with a 429}
   */
  private boolean withinRateLimit(HttpExchange exchange) throws IOException {
    String accessToken = exchange.getRequestHeaders().getFirst("Authorization").substring(TokenRegistry.BEARER.length());
    RateLimiter.Decision decision = rateLimiter.take(accessToken);
    if (decision == null) {
      return true;
    }
    if (decision.headers()) {
      exchange.getResponseHeaders().set("RateLimit-Policy", decision.policyHeader());
      exchange.getResponseHeaders().set("RateLimit", decision.rateLimitHeader());
    }
    if (decision.admitted()) {
      return true;
    }
    exchange.getResponseHeaders().set("Retry-After", String.valueOf(decision.retryAfterSeconds()));
    errors.send(exchange, 429, "RESOURCE_EXHAUSTED", "rate limit exceeded", "customers");
    return false;
  }

  /** {@return whether the request uses {@code method}; if not, it is answered with a 405} */
  private boolean allowed(HttpExchange exchange, String method, String resource) throws IOException {
    if (exchange.getRequestMethod().equals(method)) {
      return true;
    }
    errors.methodNotAllowed(exchange, method, resource);
    return false;
  }

  /** {@return whether the request's bearer token carries {@code scope}; if not, it is answered with a 401 or 403} */
  private boolean authorized(HttpExchange exchange, String scope) throws IOException {
    TokenRegistry.Denial denial = tokens.check(exchange.getRequestHeaders().getFirst("Authorization"), scope);
    if (denial == null) {
      return true;
    }
    errors.send(exchange, denial.status(), denial.code(), denial.message(), null);
    return false;
  }
}
