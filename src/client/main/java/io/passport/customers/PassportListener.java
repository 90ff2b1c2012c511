package io.passport.customers;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Observes what a {@link PassportCustomersClient} does, for metrics, traces and logs: each call and
 * its attempts and retries, token fetches, the client's pause and pace under the server's rate limit,
 * and each listing's window, pages and end. Register one with {@link
 * PassportCustomersClient.Builder#listener}; every method does nothing by default, so an
 * implementation overrides only what it needs. The OpenTelemetry and Micrometer adapters
 * ({@code passport-customers-opentelemetry}, {@code passport-customers-micrometer}) are listeners.
 *
 * <p><b>Threads.</b> Events are delivered synchronously, on the thread where they happen: a call's
 * events on the thread that runs the call (a call thread of the client), except that a single call's
 * ({@code get}, {@code list}) {@code callStarted} comes on the caller's thread before the hand-off, so
 * that the caller's context (its current span, its MDC) is the current one there, as is the case for
 * {@code listingStarted}; a listing's start, pages and end on the thread that consumes the listing. So an implementation must be thread-safe, and fast:
 * the call waits for it. Events of one call come in order (started, attempts and retries, ended), and
 * so do those of one listing; events of different calls may interleave.
 *
 * <p><b>Failures.</b> A listener that throws a {@link RuntimeException} or a {@link LinkageError} (an
 * adapter whose library is missing from the classpath, say) never breaks a call: the client logs it at
 * WARN (logger {@code io.passport.customers.PassportCustomersClient}, once per event type and client)
 * and goes on as if the method had returned. Other errors are not caught.
 *
 * <p><b>Cost.</b> With no listener registered the client uses {@link #NONE} and builds no event
 * object: no allocation and no work beyond a branch per event.
 *
 * <p><b>Support ids.</b> {@link CallEnded}, {@link AttemptEnded} and {@link PassportException} carry
 * the provider's {@code trace_id} from an error body and any request id header it answered with: what
 * the provider's support desk needs to find the request. Nothing here carries a token, a secret or a
 * query's filter values (the events name the path only, never the query).
 */
public interface PassportListener {
  /** The listener that ignores every event: the client's default, at no cost. */
  PassportListener NONE = new PassportListener() {};

  /** What a call asks the API for. */
  enum CallKind {
    /** {@code GET /v1/customers}: one page of a listing, or {@link PassportCustomersClient#list}. */
    LIST_CUSTOMERS,
    /** {@code GET /v1/customers/{id}}. */
    GET_CUSTOMER,
    /** {@code POST /v1/iam/oauth/tokens}: the client-credentials token fetch. */
    ACCESS_TOKEN
  }

  /** Why a call is sent again. */
  enum RetryReason {
    /** The attempt failed in a way the {@link RetryPolicy} retries (5xx, 429, transport); uses up an attempt. */
    RETRYABLE_FAILURE,
    /** The server refused the token (401): it is renewed and the attempt sent again, once, for free. */
    TOKEN_REJECTED,
    /**
     * A 429 caused by the client's own pace while it finds the server's rate limit: sent again after the
     * client's shared pause without using up an attempt.
     */
    RATE_LIMIT_PROBE
  }

  /** How a listing ended. */
  enum ListingOutcome {
    /** Every page was read. */
    COMPLETED,
    /** A page failed; the consumer got the {@link PassportException}. */
    FAILED,
    /** The listing was closed, cancelled or the consumer's thread interrupted before its end. */
    CANCELLED
  }

  /**
   * A call began.
   *
   * @param callId this call's id, unique within the client's class loader; every event of the call has it
   * @param kind what the call asks for
   * @param method the HTTP method
   * @param serverAddress the host the call goes to
   * @param serverPort the port it goes to
   * @param path the URL path, without the query
   * @param listingId the listing the call is a page of, or 0 for a call of its own
   * @param pageNumber the page a {@link CallKind#LIST_CUSTOMERS} call asks for (1 when it names none, as the
   *     API reads it); 0 for the other kinds
   */
  record CallStarted(long callId, CallKind kind, String method, String serverAddress, int serverPort, String path,
      long listingId, int pageNumber) {}

  /**
   * An attempt of a call is about to be sent (after any wait for its turn under the rate limit).
   *
   * @param callId the call's id
   * @param kind what the call asks for
   * @param attempt the attempt's number, from 1; the renewal after a 401 and a {@link
   *     RetryReason#RATE_LIMIT_PROBE} retry get a number of their own too
   */
  record AttemptStarted(long callId, CallKind kind, int attempt) {}

  /**
   * An attempt ended.
   *
   * @param callId the call's id
   * @param kind what the call asks for
   * @param attempt the attempt's number, from 1
   * @param httpStatus the answer's status, or 0 when none came
   * @param duration from sending to the end of the attempt
   * @param failure why the attempt failed, or null when it succeeded
   * @param requestId the request id header of the answer, or null
   * @param traceId the {@code trace_id} of the error body, or null
   */
  record AttemptEnded(long callId, CallKind kind, int attempt, int httpStatus, Duration duration,
      @Nullable PassportException failure, @Nullable String requestId, @Nullable String traceId) {}

  /**
   * A call will be sent again.
   *
   * @param callId the call's id
   * @param kind what the call asks for
   * @param nextAttempt the number the next attempt will have
   * @param reason why it is sent again
   * @param failure the failure of the attempt before
   * @param backoff how long the call waits before it (besides any shared pause)
   */
  record Retry(long callId, CallKind kind, int nextAttempt, RetryReason reason, PassportException failure,
      Duration backoff) {}

  /**
   * A call ended.
   *
   * @param callId the call's id
   * @param kind what the call asked for
   * @param httpStatus the last answer's status, or 0 when none came
   * @param attempts how many attempts were sent
   * @param duration from the call's start to its end, waits included
   * @param failure what the caller got, or null when the call succeeded
   * @param requestId the last answer's request id header, or null
   * @param traceId the {@code trace_id} of the last error body, or null
   */
  record CallEnded(long callId, CallKind kind, int httpStatus, int attempts, Duration duration,
      @Nullable PassportException failure, @Nullable String requestId, @Nullable String traceId) {}

  /**
   * A client-credentials token was fetched.
   *
   * @param callId the id of the token call
   * @param duration how long the fetch took
   */
  record TokenFetched(long callId, Duration duration) {}

  /**
   * A call could not get a token (the token call failed, or your {@link TokenSource} threw).
   *
   * @param callId the id of the call that needed the token
   * @param failure why
   */
  record TokenFailed(long callId, PassportException failure) {}

  /**
   * The server's rate limit paused every call of the client (or lengthened the pause).
   *
   * @param length how long the pause lasts from now
   */
  record Paused(Duration length) {}

  /**
   * The client's pace under the server's rate limit changed.
   *
   * @param requestsPerSecond the new pace, or 0 when the client no longer paces
   * @param before the pace before, or 0 when it did not pace
   */
  record PaceChanged(double requestsPerSecond, double before) {}

  /**
   * A listing's window of pages in flight changed.
   *
   * @param listingId the listing's id
   * @param window how many pages it may have in flight now
   * @param before how many before
   * @param ceiling the most it may ever have (the client's {@code parallelism})
   */
  record WindowChanged(long listingId, int window, int before, int ceiling) {}

  /**
   * A listing began: its consumer asked for its first page.
   *
   * @param listingId the listing's id, unique within the client's class loader
   * @param firstPage the page it starts from
   * @param window its window of pages in flight
   * @param ceiling the most pages it may ever have in flight
   */
  record ListingStarted(long listingId, int firstPage, int window, int ceiling) {}

  /**
   * The consumer of a listing took a page.
   *
   * @param listingId the listing's id
   * @param pageNumber the page's number
   * @param customers how many customers it holds
   * @param bytes the size of its body
   * @param consumerWait how long the consumer waited for it (including decoding it)
   */
  record PageReceived(long listingId, int pageNumber, int customers, long bytes, Duration consumerWait) {}

  /**
   * A listing ended.
   *
   * @param listingId the listing's id
   * @param customers how many customers its consumer took
   * @param pages how many pages its consumer took
   * @param outcome how it ended
   * @param failure what the consumer got, or null when it completed (or was closed without it asking again)
   * @param duration from its start to its end
   */
  record ListingEnded(long listingId, long customers, int pages, ListingOutcome outcome,
      @Nullable PassportException failure, Duration duration) {}

  /**
   * A call began.
   *
   * @param event the event
   */
  default void callStarted(CallStarted event) {}

  /**
   * An attempt is about to be sent.
   *
   * @param event the event
   */
  default void attemptStarted(AttemptStarted event) {}

  /**
   * {@return headers to send with the attempt that {@link #attemptStarted} just announced, such as a
   * trace context ({@code traceparent}); none by default}. Called on the call's thread as the attempt's
   * request goes out (after its token was fetched). A header the request already has (the client's
   * {@code Authorization} and {@code User-Agent}) is never replaced, and a name or value HTTP does not
   * allow is left out.
   *
   * @param attempt the attempt about to be sent
   */
  default Map<String, String> requestHeaders(AttemptStarted attempt) {
    return Map.of();
  }

  /**
   * An attempt ended.
   *
   * @param event the event
   */
  default void attemptEnded(AttemptEnded event) {}

  /**
   * A call will be sent again.
   *
   * @param event the event
   */
  default void retry(Retry event) {}

  /**
   * A call ended.
   *
   * @param event the event
   */
  default void callEnded(CallEnded event) {}

  /**
   * A token was fetched.
   *
   * @param event the event
   */
  default void tokenFetched(TokenFetched event) {}

  /**
   * A token could not be had.
   *
   * @param event the event
   */
  default void tokenFailed(TokenFailed event) {}

  /**
   * The client paused under the server's rate limit.
   *
   * @param event the event
   */
  default void paused(Paused event) {}

  /**
   * The client's pace changed.
   *
   * @param event the event
   */
  default void paceChanged(PaceChanged event) {}

  /**
   * A listing's window changed.
   *
   * @param event the event
   */
  default void windowChanged(WindowChanged event) {}

  /**
   * A listing began.
   *
   * @param event the event
   */
  default void listingStarted(ListingStarted event) {}

  /**
   * A listing's consumer took a page.
   *
   * @param event the event
   */
  default void pageReceived(PageReceived event) {}

  /**
   * A listing ended.
   *
   * @param event the event
   */
  default void listingEnded(ListingEnded event) {}
}
