package io.passport.customers.sandbox;

import com.squareup.moshi.JsonAdapter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.passport.customers.Limits;
import io.passport.customers.OrderKey;
import io.passport.customers.internal.ApiJson;
import io.passport.customers.model.AccessTokenRequest;
import io.passport.customers.model.AccessTokenResponse;
import io.passport.customers.model.Customer;
import io.passport.customers.model.ErrorResponse;
import io.passport.customers.model.ListCustomersResponse;
import io.passport.customers.model.PaginationInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A local stand-in for the Passport PaaS customers API, on a loopback port, built on the JDK's own
 * HTTP server. It implements {@code openapi/customers.yaml}: List Customers with every parameter
 * (filters, ordering, pages, the snapshot rule), Retrieve Customer, and the client-credentials token
 * endpoint, with bearer auth and scopes, provider-style JSON errors, and optional fault injection.
 *
 * <pre>{@code
 * try (PassportSandbox sandbox = PassportSandbox.builder().customers(250).seed(7).start()) {
 *   String baseUrl = sandbox.baseUrl();   // http://127.0.0.1:PORT/
 *   // static token PassportSandbox.STATIC_TOKEN, or client credentials sandbox-client / sandbox-secret
 * }
 * }</pre>
 *
 * <p>Thread-safe: requests are served concurrently, and customers, tokens and faults may be changed
 * while it runs.
 *
 * <p>Speed: the JDK's server leaves Nagle's algorithm on unless the JVM runs with
 * {@code -Dsun.net.httpserver.nodelay=true} (read once, before the first server starts), and an answer can
 * then wait about 40 ms on loopback. The sandbox does not set it for you, as it is global to the JVM; the
 * command-line tool and this project's test runs do.
 */
public final class PassportSandbox implements AutoCloseable {
  /** The token every sandbox accepts (all scopes, no expiry) unless built without it. */
  public static final String STATIC_TOKEN = "sandbox-token";
  /** The default client id for {@code POST /v1/iam/oauth/tokens}. */
  public static final String DEFAULT_CLIENT_ID = "sandbox-client";
  /** The default client secret for {@code POST /v1/iam/oauth/tokens}. */
  public static final String DEFAULT_CLIENT_SECRET = "sandbox-secret";
  /** The scope List Customers needs. */
  public static final String LIST_SCOPE = "paas.core.entity_customers.list.get";
  /** The scope Retrieve Customer needs. */
  public static final String GET_SCOPE = "paas.core.entity_customers.get";
  /** The page size when a request names none ({@link Limits#DEFAULT_PAGE_SIZE}). */
  public static final int DEFAULT_PAGE_SIZE = Limits.DEFAULT_PAGE_SIZE;
  /** The largest page size the sandbox serves ({@link Limits#MAX_PAGE_SIZE}). */
  public static final int MAX_PAGE_SIZE = Limits.MAX_PAGE_SIZE;
  /** How many synthetic customers a sandbox starts with unless told otherwise: here, in the CLI's
   * {@code sandbox} command and in its embedded sandbox. */
  public static final int DEFAULT_CUSTOMERS = 250;

  /** Where Pact verifiers post provider-state changes. */
  public static final String PROVIDER_STATES_PATH = "/_pact/provider-states";

  private static final long MIN_SECONDS = Limits.MIN_SNAPSHOT.getEpochSecond();
  private static final long MAX_SECONDS = Limits.MAX_SNAPSHOT.getEpochSecond();
  private static final JsonAdapter<ListCustomersResponse> LIST_JSON = ApiJson.moshi().adapter(ListCustomersResponse.class);
  private static final JsonAdapter<Customer> CUSTOMER_JSON = ApiJson.moshi().adapter(Customer.class);
  private static final JsonAdapter<ErrorResponse> ERROR_JSON = ApiJson.moshi().adapter(ErrorResponse.class);
  private static final JsonAdapter<AccessTokenRequest> TOKEN_REQUEST_JSON = ApiJson.moshi().adapter(AccessTokenRequest.class);
  private static final JsonAdapter<AccessTokenResponse> TOKEN_JSON = ApiJson.moshi().adapter(AccessTokenResponse.class);
  private static final JsonAdapter<Map<String, Object>> STATE_JSON = ApiJson.moshi().adapter(
      com.squareup.moshi.Types.newParameterizedType(Map.class, String.class, Object.class));

  private final HttpServer server;
  private final ExecutorService threads;
  private final CustomerStore store = new CustomerStore();
  private final Map<String, IssuedToken> tokens = new ConcurrentHashMap<>();
  private final Clock clock;
  private final int initialCustomers;
  private final long seed;
  private final Instant customersCreatedSince;
  private volatile String clientId;
  private volatile String clientSecret;
  private final Duration tokenLifetime;
  private final SecureRandom tokenRandom = new SecureRandom();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong traceIds = new AtomicLong();
  private final Random additions;
  private volatile Faults faults;
  private Random faultRandom;
  private Instant lastSnapshot = Instant.EPOCH;

  private record IssuedToken(Set<String> scopes, Instant expiresAt) {}

  private PassportSandbox(Builder b) throws IOException {
    this.clock = b.clock;
    this.initialCustomers = b.customers;
    this.seed = b.seed;
    this.customersCreatedSince = b.customersCreatedSince;
    this.clientId = b.clientId;
    this.clientSecret = b.clientSecret;
    this.tokenLifetime = b.tokenLifetime;
    this.additions = new Random(b.seed ^ 0x5DEECE66DL);
    faults(b.faults);
    if (b.staticToken != null) {
      tokens.put(b.staticToken, new IssuedToken(Set.of(LIST_SCOPE, GET_SCOPE), Instant.MAX));
    }
    replaceCustomers(b.customers);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 128);
    AtomicInteger count = new AtomicInteger();
    this.threads = Executors.newFixedThreadPool(b.threads, runnable -> {
      Thread thread = new Thread(runnable, "passport-sandbox-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** {@return a builder: {@value #DEFAULT_CUSTOMERS} customers from seed 42 on any free loopback port, no faults} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the base URL clients use, {@code http://127.0.0.1:PORT/}} */
  public String baseUrl() {
    return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + port() + "/";
  }

  /** {@return the port it listens on} */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@return how many customers the entity has} */
  public int customerCount() {
    return store.size();
  }

  /** {@return how many HTTP requests it has answered or dropped so far} */
  public long requestCount() {
    return requests.get();
  }

  /**
   * Adds a customer while the sandbox runs. A missing {@code id} gets a random UUID; a missing
   * {@code created_at} gets the current time, always later than every snapshot handed out so far, so
   * a listing already under way does not see it.
   *
   * @param customer the customer; it is copied
   * @return the stored copy
   */
  public Customer addCustomer(Customer customer) {
    Objects.requireNonNull(customer, "customer");
    Customer copy = CUSTOMER_JSON.fromJsonValue(CUSTOMER_JSON.toJsonValue(customer));
    if (copy.getId() == null) {
      copy.setId(UUID.randomUUID().toString());
    }
    // The creation time and the store change as one step against snapshots (see listCustomers): a
    // snapshot taken between them would count the customer on later pages but not on the first.
    synchronized (this) {
      if (copy.getCreatedAt() == null) {
        copy.setCreatedAt(OffsetDateTime.ofInstant(newCreationTime(), ZoneOffset.UTC));
      }
      if (copy.getUpdatedAt() == null) {
        copy.setUpdatedAt(copy.getCreatedAt());
      }
      store.add(copy);
    }
    return copy;
  }

  /**
   * Adds {@code count} more synthetic customers, created now (see {@link #addCustomer}).
   *
   * @param count how many, 0 or more
   * @return the stored customers
   */
  public List<Customer> addSyntheticCustomers(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be 0 or more, but was " + count);
    }
    List<Customer> added = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Customer customer;
      synchronized (this) { // creation time and store change as one step, as in addCustomer
        synchronized (additions) {
          customer = SyntheticCustomers.customer(additions, store.size() + 1L, newCreationTime());
        }
        store.add(customer);
      }
      added.add(customer);
    }
    return added;
  }

  /** Removes every customer: List Customers then answers 404, as for an entity without customers. */
  public void removeAllCustomers() {
    store.clear();
  }

  /**
   * Issues a token as the token endpoint would, with chosen scopes and lifetime; a lifetime of zero
   * or less gives a token that has already expired.
   *
   * @param lifetime how long it is accepted
   * @param scopes the scopes it carries
   * @return the token
   */
  public String issueToken(Duration lifetime, String... scopes) {
    String token = "sbx_" + HexFormat.of().formatHex(randomBytes(16));
    registerToken(token, lifetime, scopes);
    return token;
  }

  /**
   * Accepts {@code token} from now on, with these scopes, until {@code lifetime} has passed (zero or
   * less: it has already expired), so a contract can name the exact token it sends.
   *
   * @param token the token value
   * @param lifetime how long it is accepted
   * @param scopes the scopes it carries
   */
  public void registerToken(String token, Duration lifetime, String... scopes) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(lifetime, "lifetime");
    tokens.put(token, new IssuedToken(Set.of(scopes), clock.instant().plus(lifetime)));
  }

  /**
   * Changes the client credentials the token endpoint accepts.
   *
   * @param clientId the client id
   * @param clientSecret the client secret
   */
  public void clientCredentials(String clientId, String clientSecret) {
    this.clientId = Objects.requireNonNull(clientId, "clientId");
    this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
  }

  /**
   * Replaces every customer with {@code count} synthetic ones from the sandbox's seed, created in
   * 2023 to 2025, or (when built with {@link Builder#customersCreatedSince}) from that instant to now.
   *
   * @param count how many, 0 or more
   */
  public void replaceCustomers(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be 0 or more, but was " + count);
    }
    store.clear();
    List<Customer> customers = customersCreatedSince == null
        ? SyntheticCustomers.generate(seed, count)
        : SyntheticCustomers.generate(seed, count, customersCreatedSince, newCreationTime());
    customers.forEach(store::add);
  }

  /**
   * Puts the sandbox back as it was built: its synthetic customers, no faults, the default client
   * credentials. Tokens already issued stay valid.
   */
  public void reset() {
    replaceCustomers(initialCustomers);
    faults(Faults.none());
    clientCredentials(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET);
  }

  /**
   * Sets up one of the {@link ProviderStates} and returns the values it made (a token, an id, a
   * snapshot), which a Pact verifier puts into the requests through {@code fromProviderState}
   * generators; a teardown only {@link #reset() resets}. This is what {@code POST
   * /_pact/provider-states} does, answering with the values as a JSON object.
   *
   * @param state the state's name
   * @param params its params, or null
   * @param setup true to set it up, false to tear it down
   * @return the values the state made, by name; empty for a teardown
   * @throws IllegalArgumentException for a state it does not know, or a bad param
   */
  public Map<String, Object> providerState(String state, Map<String, ?> params, boolean setup) {
    return ProviderStates.apply(this, state, params, setup);
  }

  /**
   * A snapshot time no earlier than now nor than any customer's {@code created_at}, handed out as
   * {@code first_request_timestamp} would be (customers added later are created after it).
   */
  synchronized Instant snapshotAfterEveryCustomer() {
    Instant snapshot = newSnapshot();
    Instant latest = store.latestCreatedAt();
    if (latest != null && latest.isAfter(snapshot)) {
      snapshot = latest.truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
      lastSnapshot = snapshot;
    }
    return snapshot;
  }

  /**
   * Changes the faults from the next request on, restarting their random sequence from their seed.
   *
   * @param faults the new faults, {@link Faults#none()} to stop
   */
  public void faults(Faults faults) {
    Objects.requireNonNull(faults, "faults");
    synchronized (this) {
      this.faultRandom = new Random(faults.seed());
      this.faults = faults;
    }
  }

  /** {@return the faults in force} */
  public Faults faults() {
    return faults;
  }

  /** Stops serving and releases the port and threads. Idempotent. */
  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  @Override
  public String toString() {
    return "PassportSandbox{" + baseUrl() + ", customers=" + customerCount() + ", " + faults + "}";
  }

  // ---- request handling ----

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      String method = exchange.getRequestMethod();
      if (path.equals(PROVIDER_STATES_PATH)) {
        if (!method.equals("POST")) {
          methodNotAllowed(exchange, "POST", "provider-states");
          return;
        }
        changeProviderState(exchange);
      } else if (path.equals("/v1/iam/oauth/tokens")) {
        if (!method.equals("POST")) {
          methodNotAllowed(exchange, "POST", "tokens");
          return;
        }
        issueToken(exchange);
      } else if (path.equals("/v1/customers") || path.startsWith("/v1/customers/")) {
        if (!method.equals("GET")) {
          methodNotAllowed(exchange, "GET", "customers");
          return;
        }
        Faults.Kind fault = fault();
        if (fault != null && injectFailure(exchange, fault)) {
          return;
        }
        boolean truncate = fault == Faults.Kind.TRUNCATED_BODY;
        if (path.equals("/v1/customers")) {
          if (authorized(exchange, LIST_SCOPE)) {
            listCustomers(exchange, truncate);
          }
        } else if (authorized(exchange, GET_SCOPE)) {
          getCustomer(exchange, path.substring("/v1/customers/".length()), truncate);
        }
      } else {
        error(exchange, 404, "NOT_FOUND", "no route for " + method + " " + path, null);
      }
    } catch (RuntimeException e) {
      error(exchange, 500, "INTERNAL", "sandbox failure: " + e, null);
    }
  }

  private void listCustomers(HttpExchange exchange, boolean truncate) throws IOException {
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    int pageSize;
    int pageNumber;
    Instant snapshot;
    String orderKey = query.getOrDefault("order_params.order_key", OrderKey.CREATED_AT.value());
    boolean descending;
    try {
      pageSize = intParam(query, "page_params.page_size", DEFAULT_PAGE_SIZE, Limits.MIN_PAGE_SIZE, MAX_PAGE_SIZE);
      pageNumber = intParam(query, "page_params.page_number", Limits.FIRST_PAGE, Limits.FIRST_PAGE, Integer.MAX_VALUE);
      long seconds = longParam(query, "page_params.first_request_timestamp.seconds", 0, MIN_SECONDS, MAX_SECONDS);
      long nanos = longParam(query, "page_params.first_request_timestamp.nanos", 0, 0, 999_999_999);
      boolean pinned = query.containsKey("page_params.first_request_timestamp.seconds")
          || query.containsKey("page_params.first_request_timestamp.nanos");
      snapshot = pinned ? Instant.ofEpochSecond(seconds, nanos) : null;
      if (!CustomerStore.ORDER_KEYS.containsKey(orderKey)) {
        throw new IllegalArgumentException("order_params.order_key must be one of "
            + OrderKey.knownList() + ", but was \"" + orderKey + "\"");
      }
      String direction = query.getOrDefault("order_params.order_direction", "ORDER_DIRECTION_ENUM_UNSPECIFIED");
      if (!Set.of("ORDER_DIRECTION_ENUM_UNSPECIFIED", "ASC", "DESC").contains(direction)) {
        throw new IllegalArgumentException("order_params.order_direction must be one of"
            + " ORDER_DIRECTION_ENUM_UNSPECIFIED, ASC, DESC, but was \"" + direction + "\"");
      }
      descending = direction.equals("DESC");
    } catch (IllegalArgumentException e) {
      error(exchange, 400, "INVALID_ARGUMENT", e.getMessage(), "customers");
      return;
    }
    String idNumber;
    String customerId;
    String idType;
    try {
      idNumber = filterParam(query, "identification_number", Limits.MAX_ID_LENGTH);
      customerId = filterParam(query, "customer_id", Limits.MAX_ID_LENGTH);
      idType = filterParam(query, "identification_type", Limits.MAX_IDENTIFICATION_TYPE_LENGTH);
    } catch (IllegalArgumentException e) {
      error(exchange, 400, "INVALID_ARGUMENT", e.getMessage(), "customers");
      return;
    }
    if (store.size() == 0) {
      error(exchange, 404, "NOT_FOUND", "no customers found for the entity", "customers");
      return;
    }
    Predicate<Customer> filter = c -> (idNumber == null || idNumber.equals(c.getIdentificationNumber()))
        && (customerId == null || customerId.equals(c.getId()))
        && (idType == null || idType.equals(c.getIdentificationType()));
    boolean filtered = idNumber != null || customerId != null || idType != null;
    CustomerStore.Page page;
    if (snapshot != null) {
      page = store.page(filter, filtered, snapshot, orderKey, descending, pageNumber, pageSize);
    } else {
      // A new snapshot and the page cut from it are one step against additions (see addCustomer): an
      // addition in between would be left off this page yet counted on the pages pinned to it.
      synchronized (this) {
        snapshot = newSnapshot();
        page = store.page(filter, filtered, snapshot, orderKey, descending, pageNumber, pageSize);
      }
    }
    ListCustomersResponse body = new ListCustomersResponse()
        .customers(page.customers())
        .paginationInfo(new PaginationInfo()
            .firstRequestTimestamp(OffsetDateTime.ofInstant(snapshot, ZoneOffset.UTC))
            .currentPage(pageNumber)
            .totalPages((int) ((page.totalElements() + pageSize - 1) / pageSize))
            .totalElements(page.totalElements()));
    send(exchange, 200, LIST_JSON.toJson(body), truncate);
  }

  private void getCustomer(HttpExchange exchange, String rawId, boolean truncate) throws IOException {
    String id = URLDecoder.decode(rawId.replace("+", "%2B"), StandardCharsets.UTF_8);
    Customer customer = id.isEmpty() ? null : store.get(id);
    if (customer == null) {
      error(exchange, 404, "NOT_FOUND", "customer not found", "customers");
      return;
    }
    send(exchange, 200, CUSTOMER_JSON.toJson(customer), truncate);
  }

  private void issueToken(HttpExchange exchange) throws IOException {
    AccessTokenRequest request;
    try (InputStream in = exchange.getRequestBody()) {
      request = TOKEN_REQUEST_JSON.fromJson(new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      error(exchange, 400, "INVALID_ARGUMENT",
          "the body must be JSON {client_id, client_secret, grant_type: client_credentials}", "tokens");
      return;
    }
    if (request == null || request.getClientId() == null || request.getClientSecret() == null
        || request.getGrantType() == null) {
      error(exchange, 400, "INVALID_ARGUMENT", "client_id, client_secret and grant_type are required", "tokens");
      return;
    }
    if (!request.getClientId().equals(clientId) || !request.getClientSecret().equals(clientSecret)) {
      error(exchange, 401, "UNAUTHENTICATED", "invalid client credentials", "tokens");
      return;
    }
    String token = issueToken(tokenLifetime, LIST_SCOPE, GET_SCOPE);
    AccessTokenResponse body = new AccessTokenResponse()
        .accessToken(token)
        .tokenType("Bearer")
        .expiresIn(tokenLifetime.toSeconds())
        .tokenId(UUID.randomUUID().toString())
        .scopes(List.of(LIST_SCOPE, GET_SCOPE))
        .accountId("sandbox-account")
        .createdAt(OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC))
        .roles(List.of("api-client"));
    send(exchange, 200, TOKEN_JSON.toJson(body), false);
  }

  /** Body: {@code {"state": "...", "params": {...}, "action": "setup" | "teardown"}}, as Pact verifiers send it. */
  private void changeProviderState(HttpExchange exchange) throws IOException {
    Map<String, Object> body;
    try (InputStream in = exchange.getRequestBody()) {
      body = STATE_JSON.fromJson(new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      body = null;
    }
    if (body == null || !(body.get("state") instanceof String state)) {
      error(exchange, 400, "INVALID_ARGUMENT", "the body must be JSON {state, params, action}", "provider-states");
      return;
    }
    @SuppressWarnings("unchecked")
    Map<String, ?> params = body.get("params") instanceof Map<?, ?> map ? (Map<String, ?>) map : Map.of();
    Map<String, Object> values;
    try {
      values = providerState(state, params, !"teardown".equals(body.get("action")));
    } catch (IllegalArgumentException e) {
      error(exchange, 400, "INVALID_ARGUMENT", e.getMessage(), "provider-states");
      return;
    }
    send(exchange, 200, STATE_JSON.toJson(values), false);
  }

  private boolean authorized(HttpExchange exchange, String scope) throws IOException {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null || !header.startsWith("Bearer ") || header.length() == "Bearer ".length()) {
      error(exchange, 401, "UNAUTHENTICATED", "missing bearer token", null);
      return false;
    }
    IssuedToken token = tokens.get(header.substring("Bearer ".length()));
    if (token == null) {
      error(exchange, 401, "UNAUTHENTICATED", "unknown access token", null);
      return false;
    }
    if (!clock.instant().isBefore(token.expiresAt())) {
      error(exchange, 401, "UNAUTHENTICATED", "access token expired", null);
      return false;
    }
    if (!token.scopes().contains(scope)) {
      error(exchange, 403, "PERMISSION_DENIED", "the token lacks the scope " + scope, null);
      return false;
    }
    return true;
  }

  /** Sleeps the configured latency, then decides whether this request fails and how. */
  private Faults.Kind fault() {
    Faults current;
    Faults.Kind kind = null;
    synchronized (this) {
      current = faults;
      if (current.failureRate() > 0 && faultRandom.nextDouble() < current.failureRate()) {
        List<Faults.Kind> kinds = new ArrayList<>(new java.util.TreeSet<>(current.kinds()));
        kind = kinds.get(faultRandom.nextInt(kinds.size()));
      }
    }
    if (!current.latency().isZero()) {
      try {
        Thread.sleep(current.latency().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return kind;
  }

  /** Answers with the failure, or returns false for a truncated body, which the handler produces. */
  private boolean injectFailure(HttpExchange exchange, Faults.Kind kind) throws IOException {
    String retryAfter = String.valueOf(faults.retryAfterSeconds());
    switch (kind) {
      case SERVER_ERROR -> error(exchange, 500, "INTERNAL", "injected failure", null);
      case UNAVAILABLE -> {
        exchange.getResponseHeaders().set("Retry-After", retryAfter);
        error(exchange, 503, "UNAVAILABLE", "injected unavailability", null);
      }
      case RATE_LIMITED -> {
        exchange.getResponseHeaders().set("Retry-After", retryAfter);
        error(exchange, 429, "RESOURCE_EXHAUSTED", "injected rate limit", null);
      }
      case DROPPED_CONNECTION -> {
        // Closing the exchange before any response header closes the connection.
      }
      case TRUNCATED_BODY -> {
        return false;
      }
    }
    return true;
  }

  /** A 405 with the {@code Allow} header RFC 9110 requires, naming the one method the path takes. */
  private void methodNotAllowed(HttpExchange exchange, String allowed, String resource) throws IOException {
    exchange.getResponseHeaders().set("Allow", allowed);
    error(exchange, 405, "METHOD_NOT_ALLOWED", "use " + allowed, resource);
  }

  /** A filter's value, or null when it is not sent; 1 to {@code maxLength} characters, as the spec allows. */
  private static String filterParam(Map<String, String> query, String name, int maxLength) {
    String value = query.get(name);
    if (value != null && (value.isEmpty() || value.length() > maxLength)) {
      throw new IllegalArgumentException(name + " must be 1 to " + maxLength + " characters, but was "
          + value.length());
    }
    return value;
  }

  private void error(HttpExchange exchange, int status, String code, String message, String resource)
      throws IOException {
    ErrorResponse body = new ErrorResponse()
        .message(message)
        .code(code)
        .httpCode(status)
        .type(status >= 500 ? "server_error" : "invalid_request")
        .traceId(String.format("sbx%013x", traceIds.incrementAndGet()))
        .resource(resource)
        .url(exchange.getRequestURI().getRawPath());
    body.setDetails(null);
    send(exchange, status, ERROR_JSON.toJson(body), false);
  }

  private static void send(HttpExchange exchange, int status, String json, boolean truncate) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    OutputStream out = exchange.getResponseBody();
    if (truncate) {
      out.write(bytes, 0, bytes.length / 2);
      out.flush();
      return; // closing the exchange short of Content-Length closes the connection
    }
    out.write(bytes);
  }

  private synchronized Instant newSnapshot() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    if (now.isAfter(lastSnapshot)) {
      lastSnapshot = now;
    }
    return now;
  }

  private synchronized Instant newCreationTime() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant afterSnapshots = lastSnapshot.plusMillis(1);
    return now.isAfter(afterSnapshots) ? now : afterSnapshots;
  }

  private byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    tokenRandom.nextBytes(bytes);
    return bytes;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> params = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.putIfAbsent(name, value);
    }
    return params;
  }

  private static int intParam(Map<String, String> query, String name, int absent, int min, int max) {
    return (int) longParam(query, name, absent, min, max);
  }

  private static long longParam(Map<String, String> query, String name, long absent, long min, long max) {
    String value = query.get(name);
    if (value == null) {
      return absent;
    }
    try {
      long parsed = Long.parseLong(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        name + " must be an integer between " + min + " and " + max + ", but was \"" + value + "\"");
  }

  /** Configures and starts a {@link PassportSandbox}. Setters check their arguments at once. Not thread-safe. */
  public static final class Builder {
    private int port;
    private int customers = DEFAULT_CUSTOMERS;
    private long seed = 42;
    private Faults faults = Faults.none();
    private String staticToken = STATIC_TOKEN;
    private String clientId = DEFAULT_CLIENT_ID;
    private String clientSecret = DEFAULT_CLIENT_SECRET;
    private Duration tokenLifetime = Duration.ofHours(1);
    private Clock clock = Clock.systemUTC();
    private int threads = 32;
    private Instant customersCreatedSince;

    private Builder() {}

    /**
     * The loopback port to listen on.
     *
     * @param port 0 (any free port, the default) to 65535
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535, but was " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * How many synthetic customers to start with.
     *
     * @param customers 0 (an entity without customers) to 10,000,000
     * @return this builder
     */
    public Builder customers(int customers) {
      if (customers < 0 || customers > 10_000_000) {
        throw new IllegalArgumentException("customers must be between 0 and 10000000, but was " + customers);
      }
      this.customers = customers;
      return this;
    }

    /**
     * The seed the synthetic customers are drawn from; the same seed gives the same customers.
     *
     * @param seed any value
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Latency and failures to inject; none by default.
     *
     * @param faults the faults
     * @return this builder
     */
    public Builder faults(Faults faults) {
      this.faults = Objects.requireNonNull(faults, "faults");
      return this;
    }

    /**
     * The always-valid token with every scope, or null for none; {@value #STATIC_TOKEN} by default.
     *
     * @param staticToken the token, or null
     * @return this builder
     */
    public Builder staticToken(String staticToken) {
      if (staticToken != null && staticToken.isBlank()) {
        throw new IllegalArgumentException("staticToken must not be blank");
      }
      this.staticToken = staticToken;
      return this;
    }

    /**
     * The client credentials the token endpoint accepts; {@value #DEFAULT_CLIENT_ID} and {@value
     * #DEFAULT_CLIENT_SECRET} by default.
     *
     * @param clientId the client id
     * @param clientSecret the client secret
     * @return this builder
     */
    public Builder clientCredentials(String clientId, String clientSecret) {
      this.clientId = Objects.requireNonNull(clientId, "clientId");
      this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
      return this;
    }

    /**
     * How long issued tokens are accepted; one hour by default.
     *
     * @param tokenLifetime 1 second to 1 day
     * @return this builder
     */
    public Builder tokenLifetime(Duration tokenLifetime) {
      Objects.requireNonNull(tokenLifetime, "tokenLifetime");
      if (tokenLifetime.compareTo(Duration.ofSeconds(1)) < 0 || tokenLifetime.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("tokenLifetime must be between 1 second and 1 day, but was " + tokenLifetime);
      }
      this.tokenLifetime = tokenLifetime;
      return this;
    }

    /**
     * Makes the synthetic customers (at start, on {@link #replaceCustomers} and in provider states)
     * created from {@code since} up to the moment they are made, instead of in 2023 to 2025: a
     * provider whose data shares nothing with the examples in a contract.
     *
     * @param since the earliest creation time, or null for the fixed 2023 to 2025 window
     * @return this builder
     */
    public Builder customersCreatedSince(Instant since) {
      this.customersCreatedSince = since;
      return this;
    }

    /**
     * The clock for snapshots, token expiry and new customers; the system clock by default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How many requests are served at once.
     *
     * @param threads 1 to 256; 32 by default
     * @return this builder
     */
    public Builder threads(int threads) {
      if (threads < 1 || threads > 256) {
        throw new IllegalArgumentException("threads must be between 1 and 256, but was " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * Starts the sandbox.
     *
     * @return the running sandbox; close it to stop it
     * @throws IOException if the port cannot be bound
     */
    public PassportSandbox start() throws IOException {
      return new PassportSandbox(this);
    }
  }
}
