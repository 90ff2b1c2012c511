package io.passport.customers;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import io.passport.customers.api.AccessTokensApi;
import io.passport.customers.api.CustomersApi;
import io.passport.customers.internal.AdaptiveLimit;
import io.passport.customers.internal.BearerTokens;
import io.passport.customers.internal.BodyLimits;
import io.passport.customers.internal.BuildInfo;
import io.passport.customers.internal.CallEvents;
import io.passport.customers.internal.CallScope;
import io.passport.customers.internal.ClientCredentialsTokenSource;
import io.passport.customers.internal.Events;
import io.passport.customers.internal.InFlightLimit;
import io.passport.customers.internal.Internal;
import io.passport.customers.internal.ListParameters;
import io.passport.customers.internal.PageIterator;
import io.passport.customers.internal.RetryLoop;
import io.passport.customers.internal.RuntimeRequirements;
import io.passport.customers.internal.SharedResources;
import io.passport.customers.internal.Throttle;
import io.passport.customers.internal.Timing;
import io.passport.customers.model.AccessTokenResponse;
import io.passport.customers.model.Customer;
import io.passport.customers.model.ListCustomersResponse;
import io.passport.customers.model.PaginationInfo;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.LongUnaryOperator;
import okhttp3.Authenticator;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import retrofit2.Retrofit;
import retrofit2.converter.moshi.MoshiConverterFactory;

/**
 * A client of the Passport PaaS customers API: one page ({@link #list}), every customer lazily
 * ({@link #listAll}), or one customer ({@link #get}).
 *
 * <pre>{@code
 * try (PassportCustomersClient client = PassportCustomersClient.builder()
 *     .environment(Environment.SANDBOX)
 *     .clientCredentials(clientId, clientSecret)
 *     .build()) {
 *   for (Customer customer : client.listAll(CustomerQuery.all())) {
 *     System.out.println(customer.getBusinessName());
 *   }
 * }
 * }</pre>
 *
 * <p><b>Exceptions.</b> Every method throws {@link PassportException} when the call fails after the
 * retries its {@link RetryPolicy} allows (or at once when the failure is not worth retrying), and
 * {@link IllegalArgumentException} or {@link NullPointerException} for a bad argument, before any
 * network call. Nothing else: a hostile answer (a redirect, a body past the caps, JSON of the wrong
 * shape, an unusable token) is a {@code PassportException} too.
 *
 * <p><b>Deadline and cancellation.</b> One call, token fetch and retries included, ends within the
 * policy's {@link RetryPolicy#deadline() deadline}: each attempt is given the smaller of the call
 * timeout and what is left of it. A thread interrupted while it waits in a call or listing gets
 * {@link PassportException.Kind#CANCELLED} with its interrupt flag kept. {@link #close()} cancels every
 * call and listing in flight (their callers get {@code CANCELLED}) and makes later calls throw it.
 *
 * <p><b>Threads and connections.</b> The client owns: the call threads its calls run on while the
 * calling thread waits interruptibly (named {@code passport-customers-call-N}, created on demand, one
 * per call in flight, so at most the single calls running plus the listings running times their
 * parallelism, ending after 5 s idle) and, unless you pass your own {@link
 * Builder#okHttpClient} (whose pool is used as it is), an OkHttp connection pool (keeping up to the first client's
 * {@code parallelism} idle connections, at least 5, for 5 minutes) and dispatcher (the client makes only
 * synchronous calls, so the dispatcher starts no threads). Clients made from one another with {@link
 * #newBuilder()} share these, as OkHttp clients do (a clone's {@code parallelism} does not resize the
 * pool); {@link #close()} of the last of them stops the call threads
 * (before it returns) and closes the pool's connections. OkHttp's process-wide task thread ({@code
 * OkHttp TaskRunner}) is shared by every OkHttp client in the JVM and ends on its own after a minute
 * idle.
 *
 * <p><b>Rate limits.</b> By default ({@link Builder#adaptiveConcurrency}) the client keeps under the
 * server's rate limit rather than retrying into it: a 429 pauses every call and listing of the client
 * until its {@code Retry-After}, once; later requests are paced at the rate the server was seen to
 * admit, or at the rate its {@code RateLimit-Policy} header states; and each listing's window of pages
 * in flight starts at 8 (or {@code parallelism}, if lower), grows toward {@code parallelism} as pages
 * come back and halves on a 429. A 429
 * the client's own pace caused does not use up one of the policy's attempts. A call that gives up
 * while it waits for its turn gives the turn back, so a burst of impatient callers leaves no debt.
 * Clients made with {@link #newBuilder()} that keep this client's credentials share one view of the
 * rate limit (the provider limits per token). Customers are never lost or repeated by any of this, and
 * come in the server's order.
 *
 * <p>Thread-safe: build one and share it.
 */
public final class PassportCustomersClient implements AutoCloseable {
  static {
    Internal.install(new Bridge());
  }

  /** The default {@code User-Agent}: {@code passport-customers-java/VERSION}. */
  public static final String DEFAULT_USER_AGENT = "passport-customers-java/" + BuildInfo.version();

  private final Builder settings;
  private final SharedResources shared;
  private final CustomersApi customers;
  private final RetryLoop retryLoop;
  private final JsonAdapter<ListCustomersResponse> listAdapter;
  private final JsonAdapter<Customer> customerAdapter;
  private final BearerTokens tokens;
  private final HttpUrl baseUrl;
  private final int parallelism;
  private final @Nullable Throttle throttle;
  private final Timing timing;
  private final Events events;
  private final CallScope root = CallScope.root();
  private final AtomicBoolean closed = new AtomicBoolean();

  private PassportCustomersClient(Builder b, SharedResources shared) {
    this.settings = new Builder(b);
    this.shared = shared;
    this.baseUrl = b.baseUrl;
    this.parallelism = b.parallelism;
    // A clone that keeps its origin's credentials and target sends the same token, and the provider
    // limits per token: it shares the origin's token source and its view of the rate limit.
    PassportCustomersClient origin = b.sameCredentialsAs != null && b.sameCredentialsAs.baseUrl.equals(b.baseUrl)
        ? b.sameCredentialsAs : null;
    this.throttle = !b.adaptiveConcurrency ? null
        : origin != null && origin.throttle != null ? origin.throttle : new Throttle();
    this.timing = b.timing;
    this.events = new Events(b.listener, b.timing);
    BodyLimits limits = new BodyLimits(b.maxBodyBytes, b.maxStringChars);
    Moshi moshi = limits.moshi();
    // The RetryPolicy is the only thing that retries or follows anything, so that attempts, waits and
    // deadlines are counted once, and so that no request (the token POST above all) goes elsewhere.
    OkHttpClient.Builder common = shared.http.newBuilder()
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .followSslRedirects(false)
        .authenticator(Authenticator.NONE);
    if (b.connectTimeout != null || shared.ownsHttp) {
      common.connectTimeout(b.connectTimeout != null ? b.connectTimeout : Duration.ofSeconds(10));
    }
    if (b.readTimeout != null || shared.ownsHttp) {
      common.readTimeout(b.readTimeout != null ? b.readTimeout : Duration.ofSeconds(30));
    }
    if (b.callTimeout != null || shared.ownsHttp) {
      common.callTimeout(b.callTimeout != null ? b.callTimeout : Duration.ofSeconds(60));
    }
    String userAgent = b.userAgent;
    common.addInterceptor(chain -> chain.proceed(
        chain.request().newBuilder().header("User-Agent", userAgent).build()));
    common.addNetworkInterceptor(RetryLoop.hideRetryAfter());
    if (events.on) {
      common.addNetworkInterceptor(Events.answers()); // a listener's headers out, the request id back
    }
    OkHttpClient http = common.build();
    Retrofit retrofit = new Retrofit.Builder()
        .baseUrl(baseUrl)
        .client(http)
        .addConverterFactory(MoshiConverterFactory.create(moshi))
        .build();

    if (origin != null) {
      this.tokens = origin.tokens;
    } else if (b.tokenSource != null) {
      this.tokens = BearerTokens.adapt(b.tokenSource);
    } else {
      AccessTokensApi tokenApi = retrofit.create(AccessTokensApi.class);
      this.tokens = new ClientCredentialsTokenSource(
          request -> tokenApi.issueAccessToken(request).request(),
          moshi.adapter(AccessTokenResponse.class),
          new RetryLoop(http, b.retryPolicy, null, limits, b.timing, null).observedBy(events),
          b.clientId, b.clientSecret, b.clock, b.timing, b.retryPolicy.initialBackoff());
    }
    this.customers = retrofit.create(CustomersApi.class);
    this.listAdapter = moshi.adapter(ListCustomersResponse.class);
    this.customerAdapter = moshi.adapter(Customer.class);
    this.retryLoop = new RetryLoop(http, b.retryPolicy, tokens, limits, b.timing, throttle).observedBy(events);
  }

  /**
   * {@return a new builder; it needs a target ({@code environment} or {@code baseUrl}) and a token
   * source (or an access token, or client credentials) to build}
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return a builder holding this client's settings. The clients it builds share this client's OkHttp
   * connection pool and dispatcher and its call threads (unless given an OkHttp client of their own),
   * which stay open until the last client sharing them is closed. While it keeps this client's
   * credentials and base URL, a client it builds sends the same token, so it shares this client's token
   * source (with client credentials, its token cache) and its view of the server's rate limit (the
   * provider limits per token: a 429 pauses both, and both are paced together); call {@code
   * accessToken}, {@code clientCredentials} or {@code tokenSource} on the builder to give it credentials,
   * token and rate limit of its own}
   */
  public Builder newBuilder() {
    Builder copy = new Builder(settings);
    copy.sharedFrom = shared;
    copy.sameCredentialsAs = this;
    return copy;
  }

  /**
   * One page of customers and its pagination info. An entity with no customers (the API's own 404
   * error, code {@code NOT_FOUND} or 5) gives an empty page: no customers and no pagination info. A
   * page whose {@code customers} is absent or null is read as empty; a null entry in it is {@link
   * PassportException.Kind#INVALID_RESPONSE}.
   *
   * @param query what to list
   * @return the page; empty when the entity has no customers
   * @throws PassportException if the call fails; kind {@link PassportException.Kind#NOT_FOUND} for a 404
   *     that is not the API's own (an HTML page from a proxy, a wrong base path)
   */
  public ListCustomersResponse list(CustomerQuery query) {
    Objects.requireNonNull(query, "query");
    okhttp3.Request request = listRequest(query);
    return call(request, (scope, started) ->
        fetchPage(request, query.pageNumber(), scope, InFlightLimit.unlimited(), started).decode());
  }

  /**
   * Runs one call of {@code request} on a call thread in its own scope while the calling thread waits,
   * so that an interrupt or {@link #close()} ends the wait at once (OkHttp's blocking reads do not heed
   * interrupts). The call's events start here, on the caller's thread, so that the listener sees the
   * caller's context (OpenTelemetry's current span becomes the call span's parent); {@code call} ends them.
   */
  private <T> T call(okhttp3.Request request, BiFunction<CallScope, CallEvents, T> call) {
    CallScope scope = root.child();
    CallEvents started = CallEvents.NONE;
    try {
      scope.throwIfCancelled();
      started = events.call(request, InFlightLimit.unlimited());
      CallEvents handedOff = started;
      Future<T> result;
      try {
        result = shared.callThreads.submit(() -> {
          if (!handedOff.claim()) {
            throw scope.cancelledException(null); // the caller gave up before the call ran
          }
          return call.apply(scope, handedOff);
        });
      } catch (RejectedExecutionException e) {
        scope.cancel("the client is closed");
        throw scope.cancelledException(e);
      }
      return scope.awaitResult(result);
    } catch (PassportException e) {
      if (started.claim()) {
        started.ended(e); // the call never ran on a call thread: its events end here
      }
      throw e;
    } finally {
      scope.detach();
    }
  }

  /**
   * Fetches one page: the call reads the body off the wire whole, and the page is decoded and checked
   * by whoever asks for it, so that in a listing the call's thread goes on to the next page while the
   * consumer decodes this one.
   */
  private PageIterator.FetchedPage fetchPage(CustomerQuery query, CallScope scope, InFlightLimit window) {
    okhttp3.Request request = listRequest(query);
    return fetchPage(request, query.pageNumber(), scope, window, events.call(request, window));
  }

  /** The list call of {@code query}. */
  private okhttp3.Request listRequest(CustomerQuery query) {
    return customers.listCustomers(query.wireParameters()).request();
  }

  /** {@link #fetchPage(CustomerQuery, CallScope, InFlightLimit)} of {@code request}, its events {@code call} started. */
  private PageIterator.FetchedPage fetchPage(okhttp3.Request request, @Nullable Integer pageNumber, CallScope scope,
      InFlightLimit window, CallEvents call) {
    RetryLoop.WholeBody body;
    try {
      body = retryLoop.execute(request, RetryLoop.WHOLE_BODY, scope, window, call);
    } catch (PassportException e) {
      if (isEntityWithoutCustomers(e)) {
        return ListCustomersResponse::new;
      }
      throw e;
    }
    events.pageBytes(window, pageNumber, body.bytes().size());
    return () -> checked(RetryLoop.decode(body, listAdapter));
  }

  /** The API's own "no customers" answer: a 404 whose JSON error body says NOT_FOUND (or gRPC 5). */
  static boolean isEntityWithoutCustomers(PassportException e) {
    return e.kind() == PassportException.Kind.NOT_FOUND
        && ("NOT_FOUND".equals(e.errorCode()) || "5".equals(e.errorCode()));
  }

  private static ListCustomersResponse checked(ListCustomersResponse page) {
    List<Customer> customers = page.getCustomers();
    if (customers == null) {
      page.setCustomers(new ArrayList<>());
      customers = page.getCustomers();
    }
    for (int i = 0; i < customers.size(); i++) {
      if (customers.get(i) == null) {
        throw PassportException.invalidResponse(200, "customers[" + i + "] is null", null);
      }
    }
    PaginationInfo info = page.getPaginationInfo();
    if (info != null && info.getFirstRequestTimestamp() != null) {
      Instant snapshot = info.getFirstRequestTimestamp().toInstant();
      if (snapshot.isBefore(CustomerQuery.MIN_SNAPSHOT) || snapshot.isAfter(CustomerQuery.MAX_SNAPSHOT)) {
        throw PassportException.invalidResponse(200, "pagination_info.first_request_timestamp " + snapshot
            + " is outside the range the API allows (" + CustomerQuery.MIN_SNAPSHOT + " to "
            + CustomerQuery.MAX_SNAPSHOT + ")", null);
      }
    }
    return page;
  }

  /**
   * Every customer the query matches, from its page number (1 when unset) to the last page, fetched
   * lazily and pinned to one snapshot, with up to {@code parallelism} page calls in flight (fewer while
   * the server throttles; see the class comment on rate limits). When the
   * query sets no page size, pages of {@value CustomerQuery#MAX_PAGE_SIZE} are asked for, to make fewer
   * round trips. Close the paginator (try-with-resources) when you may stop early; see {@link
   * CustomerPaginator}.
   *
   * @param query what to list
   * @return a lazy view of every matching customer
   */
  public CustomerPaginator listAll(CustomerQuery query) {
    Objects.requireNonNull(query, "query");
    CustomerQuery paged =
        query.pageSize() == null ? query.toBuilder().pageSize(CustomerQuery.MAX_PAGE_SIZE).build() : query;
    return new CustomerPaginator(onClose -> {
      CallScope scope = root.child();
      InFlightLimit window = events.window(
          throttle == null ? InFlightLimit.fixed(parallelism) : new AdaptiveLimit(parallelism), parallelism);
      return events.listing(new PageIterator(this::fetchPage, paged, shared.callThreads, scope, window, parallelism,
          () -> {
            scope.detach();
            onClose.run();
          }), window, paged.pageNumber() == null ? 1 : paged.pageNumber(), parallelism);
    }, this::flowStatus, paged.pageSize(), shared.callThreads);
  }

  /**
   * One customer by id.
   *
   * @param customerId the customer's id
   * @return the customer
   * @throws PassportException of kind {@link PassportException.Kind#NOT_FOUND} if there is none
   */
  public Customer get(String customerId) {
    ListParameters.CUSTOMER_ID.checkPresent(customerId);
    okhttp3.Request request = customers.getCustomer(customerId).request();
    return call(request, (scope, started) -> retryLoop.execute(request, (body, status) -> customerAdapter.fromJson(body),
        scope, InFlightLimit.unlimited(), started));
  }

  /** The flow status of a listing whose window is {@code window}, or of none when null. */
  private FlowStatus flowStatus(@Nullable InFlightLimit window) {
    int ceiling = parallelism;
    int now = window == null ? ceiling : window.window();
    if (throttle == null) {
      return new FlowStatus(now, ceiling, Duration.ZERO, 0, 0);
    }
    long nanos = throttle.pausedFor(timing.nanoTime());
    return new FlowStatus(now, ceiling, Duration.ofNanos(nanos), throttle.rate(), throttle.throttledCount());
  }

  /** {@return the base URL calls go to, ending in {@code /}} */
  public String baseUrl() {
    return baseUrl.toString();
  }

  /**
   * Cancels every call and listing in flight (their callers get {@link PassportException.Kind#CANCELLED}
   * at once) and makes later calls throw it. When no other client made with {@link #newBuilder()}
   * still shares them, also stops the call threads, waiting up to 2 s for them to end, and closes the
   * connections of the OkHttp client made here (never those of one you passed in). Idempotent.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      root.cancel("the client is closed");
      shared.release();
    }
  }

  @Override
  public String toString() {
    return "PassportCustomersClient{baseUrl=" + baseUrl + ", tokens=" + tokens + ", parallelism=" + parallelism + "}";
  }

  /**
   * Builds a {@link PassportCustomersClient}. Setters check their arguments at once; {@link #build()}
   * checks that they fit together. Not thread-safe.
   */
  public static final class Builder {
    private @Nullable HttpUrl baseUrl;
    private @Nullable TokenSource tokenSource;
    private @Nullable String clientId;
    private @Nullable String clientSecret;
    private @Nullable Duration connectTimeout;
    private @Nullable Duration readTimeout;
    private @Nullable Duration callTimeout;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private @Nullable OkHttpClient okHttpClient;
    private String userAgent = DEFAULT_USER_AGENT;
    private int parallelism = 1;
    private long maxBodyBytes = BodyLimits.DEFAULT_MAX_BODY_BYTES;
    private int maxStringChars = BodyLimits.DEFAULT_MAX_STRING_CHARS;
    private Timing timing = Timing.SYSTEM;
    private Clock clock = Clock.systemUTC();
    private boolean adaptiveConcurrency = true;
    private PassportListener listener = PassportListener.NONE;
    private @Nullable SharedResources sharedFrom;
    /** The client this builder came from while its credentials are kept: the clone shares its token and rate limit. */
    private @Nullable PassportCustomersClient sameCredentialsAs;
    private @Nullable ExecutorService callThreads;

    private Builder() {}

    private Builder(Builder from) {
      this.baseUrl = from.baseUrl;
      this.tokenSource = from.tokenSource;
      this.clientId = from.clientId;
      this.clientSecret = from.clientSecret;
      this.connectTimeout = from.connectTimeout;
      this.readTimeout = from.readTimeout;
      this.callTimeout = from.callTimeout;
      this.retryPolicy = from.retryPolicy;
      this.okHttpClient = from.okHttpClient;
      this.userAgent = from.userAgent;
      this.parallelism = from.parallelism;
      this.maxBodyBytes = from.maxBodyBytes;
      this.maxStringChars = from.maxStringChars;
      this.timing = from.timing;
      this.clock = from.clock;
      this.adaptiveConcurrency = from.adaptiveConcurrency;
      this.listener = from.listener;
    }

    /**
     * Talk to this environment's host. There is no default: give this or {@link #baseUrl}.
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
     * The same as {@link #baseUrl(String)} for a {@link URI}, such as the one {@code
     * PassportSandboxExtension} hands to a test.
     *
     * @param baseUrl the base URL
     * @return this builder
     */
    public Builder baseUrl(URI baseUrl) {
      return baseUrl(Objects.requireNonNull(baseUrl, "baseUrl").toString());
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
      this.sameCredentialsAs = null;
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
      this.sameCredentialsAs = null;
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
     * to a derived copy and switches off OkHttp's own retries, redirects and authenticator there (the
     * client's {@link RetryPolicy} is the only layer that retries); timeouts set on this builder
     * override the given client's. {@link #close()} then leaves the given client's resources alone.
     *
     * @param okHttpClient the client to share
     * @return this builder
     */
    public Builder okHttpClient(OkHttpClient okHttpClient) {
      this.okHttpClient = Objects.requireNonNull(okHttpClient, "okHttpClient");
      this.sharedFrom = null;
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
      this.parallelism = ListParameters.checkParallelism(parallelism);
      return this;
    }

    /**
     * Whether the client adapts to the server's rate limit. Default {@code true}: a 429 pauses every
     * call and listing of this client until its {@code Retry-After} (one shared pause, not a retry per
     * call); requests are then paced at the rate the server was seen to admit, or at the rate its {@code
     * RateLimit-Policy} header states, before any 429; a listing's window of pages in flight starts at
     * 8 (or {@code parallelism}, if lower), grows toward {@code parallelism} as pages come back and
     * halves on a 429; and a 429 caused by the client's own pace does not use up an attempt of the
     * {@link RetryPolicy} (the deadline still bounds it). With {@code false}, {@code parallelism} pages
     * are always in flight and each call retries a 429 on its own, as the policy says.
     *
     * @param adaptiveConcurrency whether to adapt
     * @return this builder
     */
    public Builder adaptiveConcurrency(boolean adaptiveConcurrency) {
      this.adaptiveConcurrency = adaptiveConcurrency;
      return this;
    }

    /**
     * The largest successful response body the client reads, in bytes after decompression: 64 KiB to
     * 1 GiB. Default 4 MiB, some 25 times a full page of 100 customers. A larger body fails the call
     * with {@link PassportException.Kind#INVALID_RESPONSE} as soon as the cap is passed, whatever its
     * {@code Content-Length} said, so a hostile server cannot exhaust memory. (Error bodies are read up
     * to 64 KiB and the rest is ignored.)
     *
     * @param maxBodyBytes the cap in bytes
     * @return this builder
     */
    public Builder maxBodyBytes(long maxBodyBytes) {
      if (maxBodyBytes < BodyLimits.MIN_BODY_BYTES || maxBodyBytes > BodyLimits.MAX_BODY_BYTES) {
        throw new IllegalArgumentException("maxBodyBytes must be between " + BodyLimits.MIN_BODY_BYTES + " and "
            + BodyLimits.MAX_BODY_BYTES + ", but was " + maxBodyBytes);
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /**
     * The longest single string the client accepts in a successful response, in characters: 256 to
     * 2^30. Default 65,536, far above any field the API defines. A longer one fails the call with {@link
     * PassportException.Kind#INVALID_RESPONSE}.
     *
     * @param maxStringChars the cap in characters
     * @return this builder
     */
    public Builder maxStringChars(int maxStringChars) {
      if (maxStringChars < BodyLimits.MIN_STRING_CHARS || maxStringChars > (1 << 30)) {
        throw new IllegalArgumentException("maxStringChars must be between " + BodyLimits.MIN_STRING_CHARS
            + " and " + (1 << 30) + ", but was " + maxStringChars);
      }
      this.maxStringChars = maxStringChars;
      return this;
    }

    /**
     * Tell this listener what the client does: calls, attempts, retries, tokens, the rate limit's pause
     * and pace, and each listing's window, pages and end (see {@link PassportListener}: events come
     * synchronously on the thread where they happen, and a listener that throws is logged and
     * ignored). Default {@link PassportListener#NONE}, which costs nothing. To feed several, write one
     * listener that calls them.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(PassportListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client
     * @throws IllegalStateException if no target ({@link #environment} or {@link #baseUrl}) or no
     *     credentials (access token, client credentials or token source) were given, or if the classpath
     *     holds an OkHttp or okio the client cannot run on (an application's own OkHttp 4, an older okio):
     *     the message names what was found and what is needed
     */
    public PassportCustomersClient build() {
      RuntimeRequirements.check();
      if (baseUrl == null) {
        throw new IllegalStateException(
            "no target: call environment(Environment.SANDBOX or Environment.PRODUCTION) or baseUrl(...)");
      }
      if (tokenSource == null && clientId == null) {
        throw new IllegalStateException(
            "no credentials: call accessToken(...), clientCredentials(...) or tokenSource(...)");
      }
      SharedResources shared =
          sharedFrom != null && sharedFrom.retain() ? sharedFrom : SharedResources.create(okHttpClient, parallelism, callThreads);
      try {
        return new PassportCustomersClient(this, shared);
      } catch (RuntimeException | Error e) {
        shared.release();
        throw e;
      }
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

  /**
   * What this package lends its runtime in {@code io.passport.customers.internal} (see {@link Internal}):
   * the members of the public types that are not API, and the seams tests reach through {@code TestHooks}.
   */
  private static final class Bridge implements Internal.Bridge {
    @Override
    public PassportException exception(PassportException.Kind kind, int httpStatus, @Nullable String errorCode,
        @Nullable String errorMessage, @Nullable String traceId, @Nullable String requestId,
        @Nullable String bodyExcerpt, @Nullable Throwable cause) {
      return new PassportException(kind, httpStatus, errorCode, errorMessage, traceId, requestId, bodyExcerpt, cause);
    }

    @Override
    public PassportException shared(PassportException failure) {
      return failure.shared();
    }

    @Override
    public @Nullable String oneLine(@Nullable String text) {
      return PassportException.OneLine.of(text);
    }

    @Override
    public CustomerQuery withPage(CustomerQuery query, int page) {
      return query.withPage(page);
    }

    @Override
    public CustomerQuery withSnapshot(CustomerQuery query, Instant pinned) {
      return query.withSnapshot(pinned);
    }

    @Override
    public Duration backoff(RetryPolicy policy, int nextAttempt, @Nullable Duration retryAfter,
        LongUnaryOperator random) {
      return policy.backoff(nextAttempt, retryAfter, random);
    }

    @Override
    public void timing(Builder builder, Timing timing) {
      builder.timing = Objects.requireNonNull(timing, "timing");
    }

    @Override
    public void clock(Builder builder, Clock clock) {
      builder.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void callThreads(Builder builder, ExecutorService callThreads) {
      builder.callThreads = Objects.requireNonNull(callThreads, "callThreads");
    }

    @Override
    public int openScopes(PassportCustomersClient client) {
      return client.root.children();
    }

    @Override
    public int openListings(CustomerPaginator paginator) {
      return paginator.openListings();
    }
  }
}
