package io.passport.customers.sandbox;

import io.passport.customers.Limits;
import io.passport.customers.model.Customer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * A local stand-in for the Passport PaaS customers API, on a loopback port, served by Jetty. It
 * implements {@code openapi/customers.yaml}: List Customers with every parameter (filters, ordering,
 * pages, the snapshot rule), Retrieve Customer, and the client-credentials token
 * endpoint, with bearer auth and scopes, provider-style JSON errors, and optional fault injection.
 *
 * <pre>{@code
 * try (PassportSandbox sandbox = PassportSandbox.builder().customers(250).seed(7).start()) {
 *   String baseUrl = sandbox.baseUrl();   // http://127.0.0.1:PORT/
 *   // static token PassportSandbox.STATIC_TOKEN, or client credentials sandbox-client / sandbox-secret
 * }
 * }</pre>
 *
 * <p>Rate limit ({@link Builder#rateLimit}, {@link Faults.Builder#rateLimit}; off by default): each access
 * token gets a token bucket of N tokens, full when the token is first used, refilled at N per second;
 * each List or Retrieve Customer request that passed the bearer-token check (401 and 403 come first and
 * take nothing) takes one. A request that finds less than one token is answered {@code 429} with the
 * provider's body ({@code "code": "RESOURCE_EXHAUSTED", "message": "rate limit exceeded"}) and {@code
 * Retry-After}: the whole seconds until one token is back, rounded up, at least 1. The token endpoint and
 * provider states are never limited. With {@link Builder#rateLimitHeaders} every answer that went through
 * the bucket (200, 400, 404, 429) also carries the fields of {@code draft-ietf-httpapi-ratelimit-headers-10}:
 * <pre>
 * RateLimit-Policy: "default";q=N;w=1
 * RateLimit: "default";r=R;t=T
 * </pre>
 * R is the whole tokens left after this request and T the whole seconds, rounded up, until the bucket is
 * full again; on a 429, R is 0 and T is the {@code Retry-After} value. {@link #throttledCount()} counts
 * the 429s of the limit; changing the {@link #faults(Faults) faults} starts every bucket full.
 *
 * <p>Thread-safe: requests are served concurrently, and customers, tokens and faults may be changed
 * while it runs.
 *
 * <p>Shared use ({@link SandboxServer}): it listens on 127.0.0.1 only. A client that connects and sends
 * nothing, half its headers or half its body holds a connection but no thread; a connection idle for 10 s
 * is closed, and so is one whose headers keep trickling in for 5 to 15 s; a request body not complete
 * 10 s after its headers is answered {@code 408}, a body over 64 KiB
 * {@code 413} and headers over 8 KiB {@code 431}; at most 256 connections are open at once (more wait to
 * be accepted), and {@link Builder#threads} requests are handled at once.
 *
 * <p>This class is the facade: it owns the server, the threads and the customers, and hands the work to
 * package-private parts with one job each ({@link SandboxRouter} and one handler per endpoint, {@link
 * TokenRegistry}, {@link ListQuery}, {@link SnapshotClock}, {@link FaultInjector}, {@link RateLimiter},
 * {@link ErrorBodies}, {@link SandboxJson}).
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
  /** The seed the synthetic customers are drawn from unless one is given; the same seed gives the same customers. */
  public static final long DEFAULT_SEED = 42;

  /** Where Pact verifiers post provider-state changes. */
  public static final String PROVIDER_STATES_PATH = "/_pact/provider-states";

  private final SandboxServer server;
  private final CustomerStore store = new CustomerStore();
  private final TokenRegistry tokens;
  private final SnapshotClock snapshots;
  private final FaultInjector faults;
  private final RateLimiter rateLimiter;
  private final SandboxRouter router;
  private final int initialCustomers;
  private final long seed;
  private final Instant customersCreatedSince;
  private final Random additions;

  private PassportSandbox(Builder b) throws IOException {
    this.initialCustomers = b.customers;
    this.seed = b.seed;
    this.customersCreatedSince = b.customersCreatedSince;
    this.additions = new Random(b.seed ^ 0x5DEECE66DL);
    this.snapshots = new SnapshotClock(b.clock);
    this.tokens = new TokenRegistry(b.clock, b.tokenLifetime, b.clientId, b.clientSecret);
    if (b.staticToken != null) {
      tokens.registerForever(b.staticToken, LIST_SCOPE, GET_SCOPE);
    }
    ErrorBodies errors = new ErrorBodies();
    this.faults = new FaultInjector(b.faults, errors);
    this.rateLimiter = new RateLimiter(b.nanoTime);
    rateLimiter.configure(b.faults);
    this.router = new SandboxRouter(tokens, faults, rateLimiter, errors,
        new ListCustomersHandler(store, snapshots, errors),
        new RetrieveCustomerHandler(store, errors),
        new TokenHandler(tokens, b.clock, errors),
        new ProviderStatesHandler(this, errors));
    replaceCustomers(b.customers);
    this.server = new SandboxServer(b.port, b.threads, b.limits, router, errors);
  }

  /** {@return a builder: {@value #DEFAULT_CUSTOMERS} customers from seed {@value #DEFAULT_SEED} on any free loopback port, no faults} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the base URL clients use, {@code http://127.0.0.1:PORT/}} */
  public String baseUrl() {
    return "http://" + server.host() + ":" + port() + "/";
  }

  /** {@return the port it listens on} */
  public int port() {
    return server.port();
  }

  /** {@return how many customers the entity has} */
  public int customerCount() {
    return store.size();
  }

  /** {@return how many HTTP requests it has answered or dropped so far} */
  public long requestCount() {
    return router.requestCount();
  }

  /**
   * {@return how many requests its {@linkplain Faults#rateLimit() rate limit} has answered with a 429 since
   * it started or was {@link #reset()}; the 429s of {@link Faults.Kind#RATE_LIMITED injected failures} are
   * not counted}
   */
  public long throttledCount() {
    return rateLimiter.throttledCount();
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
    Customer copy = SandboxJson.CUSTOMER.fromJsonValue(SandboxJson.CUSTOMER.toJsonValue(customer));
    if (copy.getId() == null) {
      copy.setId(UUID.randomUUID().toString());
    }
    // The creation time and the store change as one step against snapshots (see ListCustomersHandler):
    // a snapshot taken between them would count the customer on later pages but not on the first.
    return snapshots.atNewCreationTime(created -> {
      if (copy.getCreatedAt() == null) {
        copy.setCreatedAt(OffsetDateTime.ofInstant(created, ZoneOffset.UTC));
      }
      if (copy.getUpdatedAt() == null) {
        copy.setUpdatedAt(copy.getCreatedAt());
      }
      store.add(copy);
      return copy;
    });
  }

  /**
   * Adds {@code count} more synthetic customers, created now (see {@link #addCustomer}).
   *
   * @param count how many, 0 or more
   * @return the stored customers
   */
  public List<Customer> addSyntheticCustomers(int count) {
    requireCount(count);
    List<Customer> added = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      added.add(snapshots.atNewCreationTime(created -> { // one step, as in addCustomer
        Customer customer;
        synchronized (additions) {
          customer = SyntheticCustomers.customer(additions, store.size() + 1L, created);
        }
        store.add(customer);
        return customer;
      }));
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
    return tokens.issue(lifetime, scopes);
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
    tokens.register(token, lifetime, scopes);
  }

  /**
   * Changes the client credentials the token endpoint accepts.
   *
   * @param clientId the client id
   * @param clientSecret the client secret
   */
  public void clientCredentials(String clientId, String clientSecret) {
    tokens.clientCredentials(clientId, clientSecret);
  }

  /**
   * Replaces every customer with {@code count} synthetic ones from the sandbox's seed, created in
   * 2023 to 2025, or (when built with {@link Builder#customersCreatedSince}) from that instant to now.
   *
   * @param count how many, 0 or more
   */
  public void replaceCustomers(int count) {
    requireCount(count);
    store.clear();
    List<Customer> customers = customersCreatedSince == null
        ? SyntheticCustomers.generate(seed, count)
        : SyntheticCustomers.generate(seed, count, customersCreatedSince, snapshots.newCreationTime());
    customers.forEach(store::add);
  }

  /**
   * Puts the sandbox back as it was built: its synthetic customers, no faults (and so no rate limit), the
   * default client credentials, a {@link #throttledCount()} of 0. Tokens already issued stay valid.
   */
  public void reset() {
    replaceCustomers(initialCustomers);
    faults(Faults.none());
    rateLimiter.resetCount();
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
  Instant snapshotAfterEveryCustomer() {
    return snapshots.snapshotAfter(store::latestCreatedAt);
  }

  /**
   * Changes the faults from the next request on, restarting their random sequence from their seed and
   * starting every rate-limit bucket full.
   *
   * @param faults the new faults, {@link Faults#none()} to stop
   */
  public void faults(Faults faults) {
    this.faults.set(faults);
    rateLimiter.configure(faults);
  }

  /** {@return the faults in force} */
  public Faults faults() {
    return faults.current();
  }

  /** Tests only: the fault injector, for its counts of draws and failures per kind. */
  FaultInjector faultInjector() {
    return faults;
  }

  /** Stops serving and releases the port and threads. Idempotent. */
  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return "PassportSandbox{" + baseUrl() + ", customers=" + customerCount() + ", " + faults() + "}";
  }

  private static void requireCount(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be 0 or more, but was " + count);
    }
  }

  /** Configures and starts a {@link PassportSandbox}. Setters check their arguments at once. Not thread-safe. */
  public static final class Builder {
    private int port;
    private int customers = DEFAULT_CUSTOMERS;
    private long seed = DEFAULT_SEED;
    private Faults faults = Faults.none();
    private String staticToken = STATIC_TOKEN;
    private String clientId = DEFAULT_CLIENT_ID;
    private String clientSecret = DEFAULT_CLIENT_SECRET;
    private Duration tokenLifetime = Duration.ofHours(1);
    private Clock clock = Clock.systemUTC();
    private LongSupplier nanoTime = System::nanoTime;
    private int threads = 32;
    private SandboxServer.Limits limits = SandboxServer.Limits.DEFAULT;
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
     * Latency, failures and a rate limit to inject; none by default. Replaces every fault setting made
     * before, including {@link #rateLimit} and {@link #rateLimitHeaders}.
     *
     * @param faults the faults
     * @return this builder
     */
    public Builder faults(Faults faults) {
      this.faults = Objects.requireNonNull(faults, "faults");
      return this;
    }

    /**
     * Shorthand for the fault setting {@link Faults.Builder#rateLimit}: each access token may make this
     * many requests per second on the customer endpoints, with a burst of as many; more are answered
     * {@code 429} with {@code Retry-After}. Keeps the other fault settings.
     *
     * @param requestsPerSecond 0 (no limit, the default) or more
     * @return this builder
     */
    public Builder rateLimit(int requestsPerSecond) {
      this.faults = Faults.builder(faults).rateLimit(requestsPerSecond).build();
      return this;
    }

    /**
     * Shorthand for the fault setting {@link Faults.Builder#rateLimitHeaders}: the customer endpoints'
     * answers carry the IETF draft {@code RateLimit} and {@code RateLimit-Policy} headers of the rate
     * limit. Keeps the other fault settings.
     *
     * @param rateLimitHeaders whether to send them
     * @return this builder
     */
    public Builder rateLimitHeaders(boolean rateLimitHeaders) {
      this.faults = Faults.builder(faults).rateLimitHeaders(rateLimitHeaders).build();
      return this;
    }

    /** The monotonic nanosecond clock the rate limit refills by; {@link System#nanoTime} by default. For tests. */
    Builder rateLimitClock(LongSupplier nanoTime) {
      this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
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
     * How many requests are handled at once. Clients that are slow to send a request hold none of these
     * threads: a request gets one once its headers and body have arrived.
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

    /** The server's idle and body timeouts and its connection limit; for tests, which cannot wait 10 s. */
    Builder serverLimits(SandboxServer.Limits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
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
