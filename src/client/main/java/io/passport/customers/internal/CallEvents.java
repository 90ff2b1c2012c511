package io.passport.customers.internal;

import io.passport.customers.PassportException;
import io.passport.customers.PassportListener.CallKind;
import io.passport.customers.PassportListener.RetryReason;
import io.passport.customers.PassportListener;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import okhttp3.Headers;
import okhttp3.Request;
import org.jspecify.annotations.NullUnmarked;

/**
 * The events of one call, made by {@link Events#call}: the retry loop tells it what happens in one
 * line per event, and it keeps what the call-ended event needs (attempts, last status, support ids).
 * {@link #NONE}, for a client without a listener, ignores everything. An instance belongs to one call,
 * which runs on one thread at a time, but the answer's headers may reach it from OkHttp's interceptor
 * on that same thread only; its fields are read and written by that thread alone. A single call's
 * events are made on the caller's thread (so that the call-started event sees the caller's context)
 * and handed to the call thread through the executor, which orders the two; {@link #claim()} decides,
 * once, whether that thread runs the call or the caller, giving up before it ran, ends it.
 */
@NullUnmarked
public class CallEvents {
  /** The events of a call nobody listens to: every method does nothing. */
  public static final CallEvents NONE = new CallEvents();

  private final Events events;
  private final long callId;
  private final CallKind kind;
  private final long startedAt;
  private int attempts;
  private long attemptStartedAt;
  private int status;
  private String requestId;
  private String traceId;
  private boolean ended;
  private PassportListener.AttemptStarted attempt;
  /** 1 once {@link #claim()} was called. */
  private volatile int claimed;

  private static final AtomicIntegerFieldUpdater<CallEvents> CLAIMED =
      AtomicIntegerFieldUpdater.newUpdater(CallEvents.class, "claimed");

  private CallEvents() {
    this.events = null;
    this.callId = 0;
    this.kind = CallKind.LIST_CUSTOMERS;
    this.startedAt = 0;
  }

  CallEvents(Events events, Request request, long listingId) {
    this.events = events;
    this.callId = Events.nextId();
    this.kind = Events.kindOf(request);
    this.startedAt = events.timing.nanoTime();
    okhttp3.HttpUrl url = request.url();
    events.deliver("callStarted", new PassportListener.CallStarted(callId, kind, request.method(), url.host(),
        url.port(), url.encodedPath(), listingId, Events.pageOf(request, kind)), events.listener::callStarted);
  }

  /**
   * {@return true for the first caller only (always for {@link #NONE})}: the call thread claims the
   * call before it runs it, the caller when it gives up waiting, so that exactly one of them ends it.
   */
  public boolean claim() {
    return this == NONE || CLAIMED.compareAndSet(this, 0, 1);
  }

  /** {@return {@code request} tagged with these events, so that {@link Events#answers()} finds them} */
  public Request tag(Request request) {
    if (this == NONE) {
      return request;
    }
    return request.newBuilder().tag(CallEvents.class, this).build();
  }

  /** An attempt is about to be sent (its token fetched first). */
  void attemptStarted() {
    if (this == NONE) {
      return;
    }
    attempts++;
    attemptStartedAt = events.timing.nanoTime();
    requestId = null;
    attempt = new PassportListener.AttemptStarted(callId, kind, attempts);
    events.deliver("attemptStarted", attempt, events.listener::attemptStarted);
  }

  /**
   * {@return {@code request} with the headers the listener adds to the attempt in flight; never one the
   * request already has, and none that HTTP does not allow}
   */
  Request withListenersHeaders(Request request) {
    if (this == NONE || attempt == null) {
      return request;
    }
    Map<String, String> headers;
    try {
      headers = events.listener.requestHeaders(attempt);
    } catch (RuntimeException | LinkageError e) {
      events.complain("requestHeaders", e);
      return request;
    }
    if (headers == null || headers.isEmpty()) {
      return request;
    }
    Request.Builder builder = request.newBuilder();
    headers.forEach((name, value) -> {
      if (name != null && value != null && request.header(name) == null) {
        try {
          builder.header(name, value);
        } catch (IllegalArgumentException e) {
          // a name or value HTTP does not allow: left out
        }
      }
    });
    return builder.build();
  }

  /** The answer of the attempt in flight came, with these headers. */
  void answered(Headers headers) {
    if (this != NONE) {
      requestId = SupportIds.requestId(headers);
    }
  }

  /** The attempt ended with {@code status} (0 for none) and {@code failure} (null for success). */
  void attemptEnded(int status, PassportException failure) {
    if (this == NONE) {
      return;
    }
    this.status = status;
    this.traceId = failure == null ? null : failure.traceId();
    if (failure != null && failure.requestId() != null) {
      requestId = failure.requestId();
    }
    Duration took = Duration.ofNanos(Math.max(0, events.timing.nanoTime() - attemptStartedAt));
    events.deliver("attemptEnded", new PassportListener.AttemptEnded(callId, kind, attempts, status, took, failure,
        requestId, traceId), events.listener::attemptEnded);
  }

  /** The call will send attempt number (attempts + 1) after {@code wait}, because of {@code failure}. */
  void retry(RetryReason reason, PassportException failure, Duration wait) {
    if (this == NONE) {
      return;
    }
    events.deliver("retry", new PassportListener.Retry(callId, kind, attempts + 1, reason, failure, wait),
        events.listener::retry);
  }

  /** The attempt could not get a token. */
  void tokenFailed(PassportException failure) {
    if (this == NONE) {
      return;
    }
    events.deliver("tokenFailed", new PassportListener.TokenFailed(callId, failure), events.listener::tokenFailed);
  }

  /** The call ended: {@code failure} is what its caller gets, or null for success. Once; later calls are ignored. */
  public void ended(PassportException failure) {
    if (this == NONE || ended) {
      return;
    }
    ended = true;
    Duration took = Duration.ofNanos(Math.max(0, events.timing.nanoTime() - startedAt));
    if (failure != null && failure.traceId() != null) {
      traceId = failure.traceId();
    }
    events.deliver("callEnded", new PassportListener.CallEnded(callId, kind, status, attempts, took, failure,
        requestId, traceId), events.listener::callEnded);
    if (kind == CallKind.ACCESS_TOKEN && failure == null) {
      events.deliver("tokenFetched", new PassportListener.TokenFetched(callId, took), events.listener::tokenFetched);
    }
  }
}
