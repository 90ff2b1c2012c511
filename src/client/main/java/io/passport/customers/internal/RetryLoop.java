package io.passport.customers.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import io.passport.customers.PassportCustomersClient;
import io.passport.customers.PassportException;
import io.passport.customers.PassportListener;
import io.passport.customers.RetryPolicy;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;
import okio.Okio;
import org.jspecify.annotations.NullUnmarked;

/**
 * Runs one API call to completion, and is the only place that retries: sends it, retries it as the
 * {@link RetryPolicy} allows (by {@link RetryPolicy#isRetryable}), renews the token once on a 401, and
 * turns every failure into a {@link PassportException}. The call's deadline bounds everything: each
 * attempt's OkHttp timeout is the smaller of the call timeout and what is left of it, the token fetch
 * gets the same deadline, and no backoff is begun that would end past it. Cancelling the call's {@link
 * CallScope} cancels the attempt in flight and ends any wait. Thread-safe.
 */
@NullUnmarked
public final class RetryLoop {
  private static final DebugLog log = DebugLog.of(PassportCustomersClient.class);
  /** Retry-After beyond this is not waited for, whatever the deadline. */
  static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);
  /**
   * Where the network interceptor moves {@code Retry-After}, so that OkHttp's own follow-up logic
   * never sees it (it would resend a 503 with {@code Retry-After: 0} by itself, inside one attempt).
   */
  static final String HIDDEN_RETRY_AFTER = "X-Passport-Client-Retry-After";

  private static final ByteString UTF8_BOM = ByteString.decodeHex("efbbbf");

  /**
   * Reads the body of a 2xx answer, inside the attempt: what it throws is mapped as a decoding failure
   * ({@link PassportException.Kind#INVALID_RESPONSE}) or, for an I/O failure, a transport one.
   */
  public interface BodyReader<T> {
    /** {@return the value read from {@code body} of an answer with {@code status}, or null for none} */
    T read(BufferedSource body, int status) throws IOException;
  }

  /** A 2xx body read whole off the wire, for {@link #decode(WholeBody, JsonAdapter)} to decode later. */
  public record WholeBody(int status, Buffer bytes) {}

  /**
   * Reads the whole body into memory (capped by {@link BodyLimits#maxBodyBytes}, BOM dropped), so that
   * the call's thread and connection are free while another thread decodes it.
   */
  public static final BodyReader<WholeBody> WHOLE_BODY = (body, status) -> {
    Buffer bytes = new Buffer();
    body.readAll(bytes);
    return new WholeBody(status, bytes);
  };

  private final OkHttpClient http;
  private final RetryPolicy policy;
  private final BearerTokens tokens;
  private final BodyLimits limits;
  private final Timing timing;
  private final Throttle throttle;
  private final long callTimeoutNanos;
  /** Where the calls' events go; {@link Events#NONE} until {@link #observedBy}. */
  private Events events = Events.NONE;

  /**
   * @param tokens the source whose token the calls carry, or null for unauthenticated calls
   * @param throttle the client's view of the server's rate limit, or null to leave each call to retry a
   *     429 on its own (adaptation off, and the token endpoint)
   */
  public RetryLoop(OkHttpClient http, RetryPolicy policy, BearerTokens tokens, BodyLimits limits, Timing timing,
      Throttle throttle) {
    this.http = http;
    this.policy = policy;
    this.tokens = tokens;
    this.limits = limits;
    this.timing = timing;
    this.throttle = throttle;
    long callTimeout = http.callTimeoutMillis();
    this.callTimeoutNanos = callTimeout == 0 ? Long.MAX_VALUE : TimeUnit.MILLISECONDS.toNanos(callTimeout);
  }

  /**
   * Tells {@code events} what this loop's calls do. Called once, before the loop is shared.
   *
   * @return this loop
   */
  public RetryLoop observedBy(Events events) {
    this.events = events;
    return this;
  }

  /**
   * The network interceptor that hides {@code Retry-After} from OkHttp's retry-and-follow-up layer
   * (see {@link #HIDDEN_RETRY_AFTER}).
   */
  public static Interceptor hideRetryAfter() {
    return chain -> {
      Response response = chain.proceed(chain.request());
      String retryAfter = response.header("Retry-After");
      if (retryAfter == null) {
        return response;
      }
      return response.newBuilder().removeHeader("Retry-After").header(HIDDEN_RETRY_AFTER, retryAfter).build();
    };
  }

  /** {@return the deadline of a call starting now, in {@link Timing#nanoTime()} terms} */
  long deadlineFromNow() {
    long now = timing.nanoTime();
    long deadline = now + policy.deadline().toNanos();
    return deadline < now ? Long.MAX_VALUE : deadline;
  }

  /** The decoded body of a 2xx answer; anything else is thrown as a {@link PassportException}. */
  public <T> T execute(Request request, JsonAdapter<T> adapter, CallScope scope) {
    return execute(request, adapter, scope, InFlightLimit.unlimited());
  }

  /**
   * The decoded body of a 2xx answer; anything else is thrown as a {@link PassportException}. With a
   * {@link Throttle}, every attempt first waits for its turn (the client's shared pause and pace), and a
   * 429 the throttle calls the client's own doing is retried without using up an attempt.
   *
   * @param listing the window of the listing this call belongs to, told what the server admitted and
   *     refused; {@link InFlightLimit#unlimited()} for a call of its own
   */
  public <T> T execute(Request request, JsonAdapter<T> adapter, CallScope scope, InFlightLimit listing) {
    return execute(request, (body, status) -> adapter.fromJson(body), scope, listing);
  }

  /**
   * {@link #execute(Request, JsonAdapter, CallScope, InFlightLimit)}, with the body read by {@code
   * reader}: {@link #WHOLE_BODY} takes the bytes off the wire, to be decoded later.
   */
  public <T> T execute(Request request, BodyReader<T> reader, CallScope scope, InFlightLimit listing) {
    return execute(request, reader, scope, listing, events.call(request, listing));
  }

  /**
   * {@link #execute(Request, BodyReader, CallScope, InFlightLimit)} for a call whose events {@code call}
   * were started already (on the caller's thread, before the hand-off to a call thread); ends them.
   */
  public <T> T execute(Request request, BodyReader<T> reader, CallScope scope, InFlightLimit listing, CallEvents call) {
    try {
      T value = attempts(request, reader, scope, listing, call);
      call.ended(null);
      return value;
    } catch (PassportException e) {
      call.ended(e);
      throw e;
    }
  }

  private <T> T attempts(Request request, BodyReader<T> reader, CallScope scope, InFlightLimit listing,
      CallEvents call) {
    long deadline = deadlineFromNow();
    boolean tokenRenewed = false;
    PassportException failure = null;
    for (int attempt = 1; ; attempt++) {
      scope.throwIfCancelled();
      if (timing.nanoTime() >= deadline) {
        throw failure != null ? failure : deadlineReached(null);
      }
      Throttle.Turn turn = null;
      if (throttle != null) {
        turn = awaitTurn(request, scope, deadline, failure);
        events.throttle(throttle, timing.nanoTime());
      }
      call.attemptStarted();
      Outcome<T> outcome;
      String token = null;
      try {
        Request toSend = request;
        if (tokens != null) {
          token = tokens.token(scope, deadline);
          toSend = request.newBuilder().header("Authorization", "Bearer " + token).build();
        }
        outcome = attempt(call.tag(toSend), reader, scope, deadline);
      } catch (PassportException e) {
        if (turn != null) {
          throttle.unused(turn); // nothing was sent on this turn
        }
        if (e.kind() == PassportException.Kind.CANCELLED) {
          call.attemptEnded(0, e);
          throw e;
        }
        call.tokenFailed(e);
        outcome = new Outcome<>(null, e, null); // the token fetch failed: this attempt failed
        token = null;
      }
      call.attemptEnded(outcome.status, outcome.failure);
      if (throttle != null && outcome.status != 0) {
        long now = timing.nanoTime();
        if (outcome.status == 429) {
          boolean ours = throttle.wasOwnOverrun(outcome.sentAt, now, outcome.retryAfter, outcome.rateLimit);
          listing.throttled(outcome.sentAt, now);
          events.throttle(throttle, now);
          if (ours) {
            failure = outcome.failure;
            call.retry(PassportListener.RetryReason.RATE_LIMIT_PROBE, failure, Duration.ZERO);
            attempt--; // throttling the client's own pace caused does not use up an attempt
            log.debug("{} answered 429 while the client was finding the rate limit; sending it again after the"
                + " shared pause", describe(request));
            continue;
          }
        } else {
          throttle.admitted(outcome.sentAt, now, outcome.rateLimit);
          listing.admitted(outcome.sentAt);
          events.throttle(throttle, now);
        }
      }
      if (outcome.failure == null) {
        return outcome.value;
      }
      failure = outcome.failure;
      if (failure.httpStatus() == 401 && token != null && !tokenRenewed && tokens.invalidate(token)) {
        tokenRenewed = true;
        call.retry(PassportListener.RetryReason.TOKEN_REJECTED, failure, Duration.ZERO);
        log.debug("{} answered 401; renewing the token and trying once more", describe(request));
        attempt--; // the renewal does not use up an attempt
        continue;
      }
      if (!failure.isRetryable() || attempt >= policy.maxAttempts()) {
        throw failure;
      }
      Duration wait = Internal.backoff(policy, attempt + 1, outcome.retryAfter, timing::jitter);
      long now = timing.nanoTime();
      if (wait.toNanos() >= deadline - now) {
        log.debug("{} failed ({}); the {} deadline leaves no room for a retry", describe(request),
            failure.getMessage(), policy.deadline());
        throw failure;
      }
      log.debug("{} failed ({}); retry {} of {} in {} ms", describe(request), failure.getMessage(),
          attempt, policy.maxAttempts() - 1, wait.toMillis());
      call.retry(PassportListener.RetryReason.RETRYABLE_FAILURE, failure, wait);
      try {
        timing.sleep(wait.toNanos(), scope);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Internal.cancelled("the thread was interrupted while waiting to retry", e);
      }
    }
  }

  /**
   * Waits until the {@link Throttle} gives this call its turn: the end of the client's pause, and its
   * paced slot. A turn that would come after the deadline ends the call with the last failure, or
   * with a {@link PassportException.Kind#RATE_LIMITED} of its own.
   */
  private Throttle.Turn awaitTurn(Request request, CallScope scope, long deadline, PassportException failure) {
    while (true) {
      long now = timing.nanoTime();
      Throttle.Turn turn = throttle.reserve(now);
      if (turn.waitNanos() <= 0) {
        return turn;
      }
      if (turn.waitNanos() >= deadline - now) {
        throttle.unused(turn); // a call that gives up leaves no debt behind
        throw failure != null ? failure : Internal.exception(PassportException.Kind.RATE_LIMITED, 0, null,
            describe(request) + " would wait " + TimeUnit.NANOSECONDS.toMillis(turn.waitNanos())
                + " ms for the server's rate limit, past the call's deadline of " + policy.deadline()
                + " (RetryPolicy.deadline)", null, null, null, null);
      }
      try {
        timing.sleep(turn.waitNanos(), scope);
      } catch (InterruptedException e) {
        throttle.unused(turn);
        Thread.currentThread().interrupt();
        throw Internal.cancelled("the thread was interrupted while waiting for the rate limit", e);
      }
      if (scope.isCancelled() || Thread.currentThread().isInterrupted()) {
        throttle.unused(turn);
        scope.throwIfCancelled();
      }
      if (throttle.stillHolds(turn)) {
        return turn;
      }
      throttle.unused(turn); // a pause began meanwhile: ask again after it
    }
  }

  /**
   * One attempt, no retry: the decoded body, or the failure and the server's Retry-After. Throws only
   * CANCELLED.
   */
  public <T> Outcome<T> attempt(Request request, JsonAdapter<T> adapter, CallScope scope, long deadline) {
    CallEvents call = events.call(request, InFlightLimit.unlimited()); // a call of one attempt: the token fetch
    call.attemptStarted();
    try {
      Outcome<T> outcome = attempt(call.tag(request), (body, status) -> adapter.fromJson(body), scope, deadline);
      call.attemptEnded(outcome.status, outcome.failure);
      call.ended(outcome.failure);
      return outcome;
    } catch (PassportException e) {
      call.attemptEnded(0, e);
      call.ended(e);
      throw e;
    }
  }

  private <T> Outcome<T> attempt(Request request, BodyReader<T> reader, CallScope scope, long deadline) {
    long left = deadline - timing.nanoTime();
    if (left <= 0) {
      return new Outcome<>(null, deadlineReached(null), null);
    }
    Call call = http.newCall(request);
    call.timeout().timeout(Math.min(callTimeoutNanos, left), TimeUnit.NANOSECONDS);
    scope.register(call);
    int status = 0;
    long sentAt = timing.nanoTime();
    RateLimitHeaders rateLimit = RateLimitHeaders.NONE;
    try (Response response = call.execute()) {
      status = response.code();
      rateLimit = RateLimitHeaders.of(response.headers());
      if (status >= 200 && status < 300) {
        return new Outcome<>(read(response, status, reader), null, null, status, sentAt, rateLimit);
      }
      if (status >= 300 && status < 400) {
        String location = response.header("Location");
        return new Outcome<>(null, Internal.exception(PassportException.Kind.REDIRECT, status, null,
            "the server redirects " + describe(request) + " to "
                + (location == null ? "no Location" : "\"" + location + "\"")
                + "; the client follows no redirect (check the base URL)", null, null, null, null), null);
      }
      PassportException error = ErrorDecoder.decode(status, response.body(), SupportIds.requestId(response.headers()));
      return new Outcome<>(null, error, retryAfter(response.headers()), status, sentAt, rateLimit);
    } catch (BodyLimits.TooLarge | JsonDataException | JsonEncodingException | EOFException e) {
      return new Outcome<>(null, unreadable(status, e), null, status, sentAt, rateLimit);
    } catch (IOException e) {
      if (scope.isCancelled()) { // not call.isCanceled(): OkHttp's own timeout cancels the call too
        throw scope.cancelledException(e);
      }
      if (Thread.currentThread().isInterrupted()) {
        throw Internal.cancelled("the thread was interrupted", e);
      }
      if (e instanceof InterruptedIOException && timing.nanoTime() >= deadline - 1_000_000) {
        return new Outcome<>(null, deadlineReached(e), null);
      }
      return new Outcome<>(null, Internal.transport(
          describe(request) + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e), null);
    } catch (RuntimeException e) {
      return new Outcome<>(null, unreadable(status, e), null, status, sentAt, rateLimit);
    } catch (Exception e) {
      // Checked exceptions OkHttp throws without declaring them (Kotlin): an interrupt while it waits for
      // a TCP connect is a raw InterruptedException. Left to escape, it skipped the attempt's events and
      // the return of its throttle turn.
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (scope.isCancelled()) {
        throw scope.cancelledException(e);
      }
      if (e instanceof InterruptedException) {
        throw Internal.cancelled("the thread was interrupted", e);
      }
      return new Outcome<>(null, Internal.transport(
          describe(request) + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e), null);
    } finally {
      scope.unregister(call);
    }
  }

  private <T> T read(Response response, int status, BodyReader<T> reader) throws IOException {
    ResponseBody body = response.body();
    if (body.contentLength() > limits.maxBodyBytes()) {
      throw new BodyLimits.TooLarge(limits.maxBodyBytes());
    }
    T value;
    try (BufferedSource source = Okio.buffer(limits.capped(body.source()))) {
      if (source.rangeEquals(0, UTF8_BOM)) {
        source.skip(UTF8_BOM.size());
      }
      value = reader.read(source, status);
    }
    return nonNull(value);
  }

  /**
   * Decodes a 2xx body that {@link #WHOLE_BODY} read, as the attempt would have: what cannot be
   * decoded is {@link PassportException.Kind#INVALID_RESPONSE}, never retried. Thread-safe; consumes
   * the body's bytes.
   */
  public static <T> T decode(WholeBody body, JsonAdapter<T> adapter) {
    try {
      return nonNull(adapter.fromJson(body.bytes()));
    } catch (IOException | RuntimeException e) { // a Buffer throws no I/O error but EOFException
      throw unreadable(body.status(), e);
    }
  }

  private static <T> T nonNull(T value) throws JsonDataException {
    if (value == null) {
      throw new JsonDataException("the body is empty or null where the API promises an object");
    }
    return value;
  }

  /**
   * A body that could not be read into the model: too large, not JSON, cut short, or refused by a
   * model's own check (a date out of range, say).
   */
  private static PassportException unreadable(int status, Exception e) {
    if (e instanceof BodyLimits.TooLarge) {
      return Internal.invalidResponse(status, e.getMessage(), e);
    }
    String what = e instanceof JsonDataException || e instanceof JsonEncodingException || e instanceof EOFException
        ? e.getMessage()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
    return Internal.invalidResponse(status, "the body could not be read: " + what, e);
  }

  private PassportException deadlineReached(Throwable cause) {
    return Internal.transport("no answer within the call's deadline of " + policy.deadline()
        + " (RetryPolicy.deadline)", cause);
  }

  /** Retry-After as seconds or as an HTTP date, capped at {@link #MAX_RETRY_AFTER}; null when absent or unreadable. */
  public static Duration retryAfter(Headers headers) {
    String name = headers.get(HIDDEN_RETRY_AFTER) != null ? HIDDEN_RETRY_AFTER : "Retry-After";
    String value = headers.get(name);
    if (value == null) {
      return null;
    }
    value = value.strip();
    if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      if (value.length() > 9) {
        return MAX_RETRY_AFTER;
      }
      Duration seconds = Duration.ofSeconds(Long.parseLong(value));
      return seconds.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : seconds;
    }
    Date date = headers.getDate(name);
    if (date == null) {
      return null;
    }
    Duration until = Duration.between(Instant.now(), date.toInstant());
    if (until.isNegative()) {
      return Duration.ZERO;
    }
    return until.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : until;
  }

  private static String describe(Request request) {
    return request.method() + " " + request.url().encodedPath();
  }

  /**
   * One attempt's result: a value, or a failure and the Retry-After the server sent with it; the status
   * (0 when no answer came), when the request went out, and the answer's rate-limit fields.
   */
  public record Outcome<T>(T value, PassportException failure, Duration retryAfter, int status, long sentAt,
      RateLimitHeaders rateLimit) {
    Outcome(T value, PassportException failure, Duration retryAfter) {
      this(value, failure, retryAfter, 0, 0, RateLimitHeaders.NONE);
    }
  }
}
