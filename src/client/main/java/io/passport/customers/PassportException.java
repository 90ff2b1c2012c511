package io.passport.customers;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one exception the client throws for a failed call: an HTTP error answer, a transport failure,
 * a response it could not read or that broke a limit, a redirect it would not follow, or a call that
 * was cancelled. {@link #kind()} says which; {@link #httpStatus()}, {@link #errorCode()}, {@link
 * #errorMessage()} and {@link #traceId()} carry what the server said, from either error body shape it
 * uses, and {@link #requestId()} the request id header it answered with ({@link #supportIds()} gives
 * both, for the provider's support desk). For a body that was not JSON (an HTML page from a proxy, say), {@link #bodyExcerpt()} holds its
 * first characters. {@link #isRetryable()} gives the same answer the client's own retry loop used.
 *
 * <p>The message is one line, fit for a log or a terminal: control characters in the server's text are
 * escaped (as {@code \n}, or as &#92;u001b for ESC) and each part is cut to 500 characters. It
 * never contains an access token or a client secret.
 *
 * <p>Your own {@link TokenSource} reports that it cannot give a token with {@link #of(Kind, String,
 * Throwable)}. Immutable.
 */
public final class PassportException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** The longest any part of the message (server message, code, trace id, excerpt) may be. */
  static final int MAX_PART_CHARS = 500;

  /** What went wrong, in the terms a caller acts on. */
  public enum Kind {
    /** 400, or another 4xx without a kind of its own: the request was wrong; do not retry. */
    BAD_REQUEST,
    /** 401: the token is missing, expired or lacks the scope; or the client credentials were refused. */
    UNAUTHORIZED,
    /** 403: the caller may not do this. */
    FORBIDDEN,
    /**
     * 404: no such customer. (List Customers turns the API's own {@code NOT_FOUND} error into an empty
     * result; any other 404 on it, such as a proxy's HTML page, is this kind.)
     */
    NOT_FOUND,
    /** 429: rate limited, and retries did not get through. */
    RATE_LIMITED,
    /** 5xx: the server failed, and retries did not get through (or the status is not worth retrying). */
    SERVER_ERROR,
    /** No usable answer: connection refused or dropped, timeout or deadline, or the body was cut short. */
    TRANSPORT,
    /**
     * A 2xx answer whose body is not what the API promises (not JSON, wrong types, impossible paging,
     * larger than the client's caps), or a token response the client cannot use.
     */
    INVALID_RESPONSE,
    /** A 3xx answer: the client follows no redirect; {@link #errorMessage()} names the location. */
    REDIRECT,
    /**
     * The call or listing was cancelled before it ended: the listing was closed, the waiting thread was
     * interrupted (its interrupt flag is kept), or the client was closed.
     */
    CANCELLED
  }

  /** @serial what went wrong */
  private final Kind kind;
  /** @serial the HTTP status, or 0 */
  private final int httpStatus;
  /** @serial the error code from the body, or null */
  private final @Nullable String errorCode;
  /** @serial the explanation, or null */
  private final @Nullable String errorMessage;
  /** @serial the provider's trace id, or null */
  private final @Nullable String traceId;
  /** @serial the request id header of the answer, or null */
  private final @Nullable String requestId;
  /** @serial the head of a non-JSON body, or null */
  private final @Nullable String bodyExcerpt;

  PassportException(
      Kind kind,
      int httpStatus,
      @Nullable String errorCode,
      @Nullable String errorMessage,
      @Nullable String traceId,
      @Nullable String bodyExcerpt,
      @Nullable Throwable cause) {
    this(kind, httpStatus, errorCode, errorMessage, traceId, null, bodyExcerpt, cause);
  }

  PassportException(
      Kind kind,
      int httpStatus,
      @Nullable String errorCode,
      @Nullable String errorMessage,
      @Nullable String traceId,
      @Nullable String requestId,
      @Nullable String bodyExcerpt,
      @Nullable Throwable cause) {
    super(describe(Objects.requireNonNull(kind, "kind"), httpStatus, OneLine.of(errorCode),
        OneLine.of(errorMessage), OneLine.of(traceId), OneLine.of(requestId), OneLine.of(bodyExcerpt)), cause);
    this.kind = kind;
    this.httpStatus = httpStatus;
    this.errorCode = OneLine.of(errorCode);
    this.errorMessage = OneLine.of(errorMessage);
    this.traceId = OneLine.of(traceId);
    this.requestId = OneLine.of(requestId);
    this.bodyExcerpt = OneLine.of(bodyExcerpt);
  }

  /**
   * A failure with no HTTP answer behind it, for your own {@link TokenSource} to throw when it cannot
   * give a token: {@link Kind#UNAUTHORIZED} when the credentials are refused (not retried), {@link
   * Kind#TRANSPORT} or {@link Kind#SERVER_ERROR} when trying again later may help (retried as the
   * client's {@link RetryPolicy} allows). The message is made one line and capped like any other.
   *
   * @param kind what went wrong
   * @param message what happened, for the message; not null
   * @param cause the underlying failure, or null
   * @return the exception, to throw
   */
  public static PassportException of(Kind kind, String message, @Nullable Throwable cause) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
    return new PassportException(kind, 0, null, message, null, null, cause);
  }

  static PassportException transport(String what, @Nullable Throwable cause) {
    return new PassportException(Kind.TRANSPORT, 0, null, what, null, null, cause);
  }

  static PassportException invalidResponse(int httpStatus, String what, @Nullable Throwable cause) {
    return new PassportException(Kind.INVALID_RESPONSE, httpStatus, null, what, null, null, cause);
  }

  static PassportException cancelled(String what, @Nullable Throwable cause) {
    return new PassportException(Kind.CANCELLED, 0, null, what, null, null, cause);
  }

  /** {@return a copy for another thread to throw, with this one as its cause} */
  PassportException shared() {
    return new PassportException(kind, httpStatus, errorCode, errorMessage, traceId, requestId, bodyExcerpt, this);
  }

  /** {@return what kind of failure this is; never null} */
  public Kind kind() {
    return kind;
  }

  /** {@return the HTTP status of the answer, or 0 when there was no answer} */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * {@return the error code from the body: the provider's string code ({@code NOT_FOUND}) or the
   * gateway's numeric google.rpc code as a string ({@code "5"}); null when the body had none}
   */
  public @Nullable String errorCode() {
    return errorCode;
  }

  /**
   * {@return the server's explanation, or this client's for other failures; one line, control
   * characters escaped, capped; may be null}
   */
  public @Nullable String errorMessage() {
    return errorMessage;
  }

  /** {@return the trace id the provider gave, to quote to its support; null when none was given} */
  public @Nullable String traceId() {
    return traceId;
  }

  /**
   * {@return the request id header the answer carried (the first of {@code X-Request-Id}, {@code
   * Request-Id}, {@code X-Amzn-RequestId}, {@code X-Correlation-Id}), to quote to the provider's support
   * with {@link #traceId()}; null when there was none or no answer}
   */
  public @Nullable String requestId() {
    return requestId;
  }

  /**
   * {@return what the provider's support desk needs to find the request, as one line: {@code trace_id
   * T, request id R}, with the parts there are; null when the answer carried neither}
   */
  public @Nullable String supportIds() {
    if (traceId == null && requestId == null) {
      return null;
    }
    return traceId == null ? "request id " + requestId
        : requestId == null ? "trace_id " + traceId : "trace_id " + traceId + ", request id " + requestId;
  }

  /** {@return the first characters of a body that was not a JSON error object; null otherwise} */
  public @Nullable String bodyExcerpt() {
    return bodyExcerpt;
  }

  /**
   * {@return whether trying the same call again later may succeed: rate limits, the statuses 500, 502,
   * 503 and 504, and transport failures. The client's retry loop asks exactly this}
   */
  public boolean isRetryable() {
    return RetryPolicy.isRetryable(kind, httpStatus);
  }

  private static String describe(
      Kind kind, int status, @Nullable String code, @Nullable String message, @Nullable String traceId,
      @Nullable String requestId, @Nullable String excerpt) {
    StringBuilder line = new StringBuilder();
    line.append(status > 0 ? "HTTP " + status + " " : "").append(kind);
    if (code != null) {
      line.append(" [").append(code).append(']');
    }
    if (message != null) {
      line.append(": ").append(message);
    }
    if (traceId != null || requestId != null) {
      line.append(" (");
      if (traceId != null) {
        line.append("trace_id ").append(traceId).append(requestId != null ? ", " : "");
      }
      if (requestId != null) {
        line.append("request id ").append(requestId);
      }
      line.append(')');
    }
    if (excerpt != null) {
      line.append(" body: ").append(excerpt);
    }
    return line.toString();
  }

  /** Server text made fit for a one-line message. */
  static final class OneLine {
    private OneLine() {}

    /**
     * {@code text} with every control character (C0, DEL, C1, line and paragraph separators)
     * escaped as {@code \n}, {@code \r}, {@code \t} or {@code \}{@code uXXXX}, cut to {@value
     * #MAX_PART_CHARS} characters (marked with "..."); null stays null.
     */
    static @Nullable String of(@Nullable String text) {
      if (text == null) {
        return null;
      }
      StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_PART_CHARS) + 8);
      for (int i = 0; i < text.length(); i++) {
        if (out.length() >= MAX_PART_CHARS) {
          return out.append("...").toString();
        }
        char c = text.charAt(i);
        switch (c) {
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\t' -> out.append("\\t");
          default -> {
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
              out.append(String.format("\\u%04x", (int) c));
            } else {
              out.append(c);
            }
          }
        }
      }
      return out.toString();
    }
  }
}
