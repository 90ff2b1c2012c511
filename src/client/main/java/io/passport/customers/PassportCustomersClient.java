package io.passport.customers;

import io.passport.customers.api.AccessTokensApi;
import io.passport.customers.api.CustomersApi;
import io.passport.customers.internal.ApiJson;
import io.passport.customers.internal.BuildInfo;
import io.passport.customers.internal.RuntimeRequirements;
import io.passport.customers.model.Customer;
import io.passport.customers.model.ListCustomersResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import retrofit2.Retrofit;
import retrofit2.converter.moshi.MoshiConverterFactory;

/**
 * A client of the Passport PaaS customers API: one page ({@link #list}), every customer lazily
 * ({@link #listAll}), or one customer ({@link #get}).
 *
 * <pre>{@code
 * try (PassportCustomersClient client = PassportCustomersClient.builder()
 *     .clientCredentials(clientId, clientSecret)
 *     .build()) {
 *   for (Customer customer : client.listAll(CustomerQuery.all())) {
 *     System.out.println(customer.getBusinessName());
 *   }
 * }
 * }</pre>
 *
 * <p>Thread-safe: build one and share it. Every method throws {@link PassportException} when the call
 * fails after the retries its {@link RetryPolicy} allows, and {@link IllegalArgumentException} or
 * {@link NullPointerException} for a bad argument, before any network call. {@link #close()} releases
 * the connections and threads the client owns (not those of an {@link OkHttpClient} you passed in).
 */
public final class PassportCustomersClient implements AutoCloseable {
  /** The default {@code User-Agent}: {@code passport-customers-java/VERSION}. */
  public static final String DEFAULT_USER_AGENT = "passport-customers-java/" + BuildInfo.version();

  private final CustomersApi customers;
  private final CallExecutor executor;
  private final OkHttpClient http;
  private final boolean ownsHttp;
  private final int parallelism;
  private final ExecutorService pageFetchers;
  private final TokenSource tokens;
  private final HttpUrl baseUrl;

  private PassportCustomersClient(Builder b) {
    this.baseUrl = b.baseUrl;
    this.parallelism = b.parallelism;
    this.ownsHttp = b.okHttpClient == null;
    OkHttpClient base = ownsHttp ? new OkHttpClient() : b.okHttpClient;
    // The RetryPolicy is the only thing that retries, so that attempts and waits are counted once.
    OkHttpClient.Builder common = base.newBuilder().retryOnConnectionFailure(false);
    if (b.connectTimeout != null || ownsHttp) {
      common.connectTimeout(b.connectTimeout != null ? b.connectTimeout : Duration.ofSeconds(10));
    }
    if (b.readTimeout != null || ownsHttp) {
      common.readTimeout(b.readTimeout != null ? b.readTimeout : Duration.ofSeconds(30));
    }
    if (b.callTimeout != null || ownsHttp) {
      common.callTimeout(b.callTimeout != null ? b.callTimeout : Duration.ofSeconds(60));
    }
    String userAgent = b.userAgent;
    common.addInterceptor(chain -> chain.proceed(
        chain.request().newBuilder().header("User-Agent", userAgent).build()));
    OkHttpClient unauthenticated = common.build();

    if (b.tokenSource != null) {
      this.tokens = b.tokenSource;
    } else {
      AccessTokensApi tokenApi = retrofit(unauthenticated).create(AccessTokensApi.class);
      this.tokens = new ClientCredentialsTokenSource(
          tokenApi, new CallExecutor(b.retryPolicy, null), b.clientId, b.clientSecret, Clock.systemUTC());
    }
    TokenSource bearer = this.tokens;
    this.http = unauthenticated.newBuilder()
        .addInterceptor(chain -> chain.proceed(
            chain.request().newBuilder().header("Authorization", "Bearer " + bearer.token()).build()))
        .build();
    this.customers = retrofit(http).create(CustomersApi.class);
    this.executor = new CallExecutor(b.retryPolicy, tokens);
    this.pageFetchers = parallelism > 1 ? Executors.newFixedThreadPool(parallelism, daemonThreads()) : null;
  }

  /** {@return a new builder; it needs a token source (or an access token, or client credentials) to build} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * One page of customers and its pagination info. An entity with no customers (the API's 404) gives
   * an empty page: no customers and no pagination info.
   *
   * @param query what to list
   * @return the page; empty when the entity has no customers
   * @throws PassportException if the call fails
   */
  public ListCustomersResponse list(CustomerQuery query) {
    Objects.requireNonNull(query, "query");
    try {
      return executor.execute(customers.listCustomers(
          query.pageSize(), query.pageNumber(), query.snapshotSeconds(), query.snapshotNanos(),
          query.orderKey(), query.orderDirection(), query.identificationNumber(), query.customerId(),
          query.identificationType()));
    } catch (PassportException e) {
      if (e.kind() == PassportException.Kind.NOT_FOUND) {
        return new ListCustomersResponse();
      }
      throw e;
    }
  }

  /**
   * Every customer the query matches, from its page number (1 when unset) to the last page, fetched
   * lazily and pinned to one snapshot. When the query sets no page size, pages of {@value
   * CustomerQuery#MAX_PAGE_SIZE} are asked for, to make fewer round trips.
   *
   * @param query what to list
   * @return a lazy view of every matching customer
   */
  public CustomerPaginator listAll(CustomerQuery query) {
    Objects.requireNonNull(query, "query");
    CustomerQuery paged =
        query.pageSize() == null ? query.toBuilder().pageSize(CustomerQuery.MAX_PAGE_SIZE).build() : query;
    return new CustomerPaginator(() -> new PageIterator(this::list, paged, parallelism, pageFetchers));
  }

  /**
   * One customer by id.
   *
   * @param customerId the customer's id
   * @return the customer
   * @throws PassportException of kind {@link PassportException.Kind#NOT_FOUND} if there is none
   */
  public Customer get(String customerId) {
    Objects.requireNonNull(customerId, "customerId");
    if (customerId.isBlank() || customerId.length() > CustomerQuery.MAX_FILTER_LENGTH) {
      throw new IllegalArgumentException(
          "customerId must be 1 to " + CustomerQuery.MAX_FILTER_LENGTH + " characters and not blank");
    }
    return executor.execute(customers.getCustomer(customerId));
  }

  /** {@return the base URL calls go to, ending in {@code /}} */
  public String baseUrl() {
    return baseUrl.toString();
  }

  /** Releases the threads and connections this client owns. Calls after close may fail. */
  @Override
  public void close() {
    if (pageFetchers != null) {
      pageFetchers.shutdownNow();
    }
    if (ownsHttp) {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  @Override
  public String toString() {
    return "PassportCustomersClient{baseUrl=" + baseUrl + ", tokens=" + tokens + ", parallelism=" + parallelism + "}";
  }

  private Retrofit retrofit(OkHttpClient client) {
    return new Retrofit.Builder()
        .baseUrl(baseUrl)
        .client(client)
        .addConverterFactory(MoshiConverterFactory.create(ApiJson.moshi()))
        .build();
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "passport-customers-page-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }


  /**
   * Builds a {@link PassportCustomersClient}. Setters check their arguments at once; {@link #build()}
   * checks that they fit together. Not thread-safe.
   */
  public static final class Builder {
    private HttpUrl baseUrl = HttpUrl.get(Environment.SANDBOX.baseUrl());
    private TokenSource tokenSource;
    private String clientId;
    private String clientSecret;
    private Duration connectTimeout;
    private Duration readTimeout;
    private Duration callTimeout;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private OkHttpClient okHttpClient;
    private String userAgent = DEFAULT_USER_AGENT;
    private int parallelism = 1;

    private Builder() {}

    /**
     * Talk to this environment's host. The default is {@link Environment#SANDBOX}.
     *
     * @param environment the environment
     * @return this builder
     */
    public Builder environment(Environment environment) {
      this.baseUrl = HttpUrl.get(Objects.requireNonNull(environment, "environment").baseUrl());
      return this;
    }

    /**
     * Talk to this base URL instead of an environment's, such as a local sandbox. It must be {@code
     * https://}, except for loopback hosts ({@code localhost}, 127.0.0.0/8, {@code ::1}), which may use
     * plain {@code http://}. A missing trailing {@code /} is added.
     *
     * @param baseUrl the base URL
     * @return this builder
     */
    public Builder baseUrl(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      HttpUrl url = HttpUrl.parse(baseUrl);
      if (url == null) {
        throw new IllegalArgumentException("baseUrl must be an http:// or https:// URL, but was \"" + baseUrl + "\"");
      }
      if (!url.isHttps() && !isLoopback(url.host())) {
        throw new IllegalArgumentException(
            "baseUrl must use https://; plain http:// is allowed only for loopback hosts (localhost,"
                + " 127.0.0.0/8, ::1), but was \"" + baseUrl + "\"");
      }
      if (url.query() != null || url.fragment() != null) {
        throw new IllegalArgumentException("baseUrl must not have a query or fragment, but was \"" + baseUrl + "\"");
      }
      if (!url.encodedPath().endsWith("/")) {
        url = url.newBuilder().encodedPath(url.encodedPath() + "/").build();
      }
      this.baseUrl = url;
      return this;
    }

    /**
     * Send this fixed access token. Replaces any earlier token source or client credentials.
     *
     * @param accessToken the token, without the {@code Bearer} prefix
     * @return this builder
     */
    public Builder accessToken(String accessToken) {
      return tokenSource(TokenSource.of(accessToken));
    }

    /**
     * Get tokens with these client credentials from the API's token endpoint, renewing them before
     * they expire. Replaces any earlier token source or access token.
     *
     * @param clientId the API client's id
     * @param clientSecret the API client's secret
     * @return this builder
     */
    public Builder clientCredentials(String clientId, String clientSecret) {
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(clientSecret, "clientSecret");
      if (clientId.isBlank() || clientSecret.isBlank()) {
        throw new IllegalArgumentException("clientId and clientSecret must not be blank");
      }
      this.clientId = clientId;
      this.clientSecret = clientSecret;
      this.tokenSource = null;
      return this;
    }

    /**
     * Get tokens from this source. Replaces any earlier access token or client credentials.
     *
     * @param tokenSource the source
     * @return this builder
     */
    public Builder tokenSource(TokenSource tokenSource) {
      this.tokenSource = Objects.requireNonNull(tokenSource, "tokenSource");
      this.clientId = null;
      this.clientSecret = null;
      return this;
    }

    /**
     * How long to wait for a connection: more than 0, at most 10 minutes. Default 10 s.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = checkTimeout("connectTimeout", timeout);
      return this;
    }

    /**
     * How long to wait between bytes of an answer: more than 0, at most 10 minutes. Default 30 s.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = checkTimeout("readTimeout", timeout);
      return this;
    }

    /**
     * How long one attempt may take in all: more than 0, at most 10 minutes. Default 60 s.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = checkTimeout("callTimeout", timeout);
      return this;
    }

    /**
     * When to retry. Default {@link RetryPolicy#defaults()}.
     *
     * @param retryPolicy the policy
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * Share this OkHttp client's connection pool and dispatcher. The client adds its own interceptors
     * to a derived copy; timeouts set on this builder override the given client's. {@link #close()}
     * then leaves the given client's resources alone.
     *
     * @param okHttpClient the client to share
     * @return this builder
     */
    public Builder okHttpClient(OkHttpClient okHttpClient) {
      this.okHttpClient = Objects.requireNonNull(okHttpClient, "okHttpClient");
      return this;
    }

    /**
     * The {@code User-Agent} header; default {@link #DEFAULT_USER_AGENT}.
     *
     * @param userAgent the header value
     * @return this builder
     */
    public Builder userAgent(String userAgent) {
      Objects.requireNonNull(userAgent, "userAgent");
      if (userAgent.isBlank() || userAgent.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
        throw new IllegalArgumentException("userAgent must be non-blank printable ASCII, but was \"" + userAgent + "\"");
      }
      this.userAgent = userAgent;
      return this;
    }

    /**
     * How many pages {@link PassportCustomersClient#listAll} fetches at once after the first: 1 to 32.
     * Default 1 (one after the other).
     *
     * @param parallelism how many pages may be in flight at once
     * @return this builder
     */
    public Builder parallelism(int parallelism) {
      if (parallelism < Limits.MIN_PARALLELISM || parallelism > Limits.MAX_PARALLELISM) {
        throw new IllegalArgumentException("parallelism must be between " + Limits.MIN_PARALLELISM + " and "
            + Limits.MAX_PARALLELISM + ", but was " + parallelism);
      }
      this.parallelism = parallelism;
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client
     * @throws IllegalStateException if no access token, client credentials or token source was given, or
     *     if the classpath holds an OkHttp or okio the client cannot run on (an application's own OkHttp 4,
     *     an older okio): the message names what was found and what is needed
     */
    public PassportCustomersClient build() {
      RuntimeRequirements.check();
      if (tokenSource == null && clientId == null) {
        throw new IllegalStateException(
            "no credentials: call accessToken(...), clientCredentials(...) or tokenSource(...)");
      }
      return new PassportCustomersClient(this);
    }

    private static Duration checkTimeout(String name, Duration timeout) {
      Objects.requireNonNull(timeout, name);
      if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException(name + " must be more than 0 and at most 10 minutes, but was " + timeout);
      }
      return timeout;
    }

    static boolean isLoopback(String host) {
      return host.equals("localhost") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1")
          || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }
  }
}
