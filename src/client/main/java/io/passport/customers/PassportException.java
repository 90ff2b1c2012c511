package io.passport.customers;

import java.util.Objects;

/**
 * The one exception the client throws for a failed call: an HTTP error answer, a transport failure,
 * or a response it could not read. {@link #kind()} says which; {@link #httpStatus()}, {@link
 * #errorCode()}, {@link #errorMessage()} and {@link #traceId()} carry what the server said, from
 * either error body shape it uses. For a body that was not JSON (an HTML page from a proxy, say),
 * {@link #bodyExcerpt()} holds its first characters.
 *
 * <p>The message is one line, fit for a log or a terminal. It never contains an access token or a
 * client secret.
 */
public final class PassportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, in the terms a caller acts on. */
  public enum Kind {
    /** 400, or another 4xx without a kind of its own: the request was wrong; do not retry. */
    BAD_REQUEST,
    /** 401: the token is missing, expired or lacks the scope; or the client credentials were refused. */
    UNAUTHORIZED,
    /** 403: the caller may not do this. */
    FORBIDDEN,
    /** 404: no such customer (List Customers turns its 404 into an empty result instead). */
    NOT_FOUND,
    /** 429: rate limited, and retries did not get through. */
    RATE_LIMITED,
    /** 5xx: the server failed, and retries did not get through. */
    SERVER_ERROR,
    /** No usable answer: connection refused or dropped, timeout, or the body was cut short. */
    TRANSPORT,
    /** A 2xx answer whose body is not what the API promises (not JSON, wrong types, impossible paging). */
    INVALID_RESPONSE
  }

  /** @serial what went wrong */
  private final Kind kind;
  /** @serial the HTTP status, or 0 */
  private final int httpStatus;
  /** @serial the error code from the body, or null */
  private final String errorCode;
  /** @serial the explanation, or null */
  private final String errorMessage;
  /** @serial the provider's trace id, or null */
  private final String traceId;
  /** @serial the head of a non-JSON body, or null */
  private final String bodyExcerpt;

  PassportException(
      Kind kind,
      int httpStatus,
      String errorCode,
      String errorMessage,
      String traceId,
      String bodyExcerpt,
      Throwable cause) {
    super(describe(kind, httpStatus, errorCode, errorMessage, traceId, bodyExcerpt), cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
    this.errorMessage = errorMessage;
    this.traceId = traceId;
    this.bodyExcerpt = bodyExcerpt;
  }

  static PassportException transport(String what, Throwable cause) {
    return new PassportException(Kind.TRANSPORT, 0, null, what, null, null, cause);
  }

  static PassportException invalidResponse(int httpStatus, String what, Throwable cause) {
    return new PassportException(Kind.INVALID_RESPONSE, httpStatus, null, what, null, null, cause);
  }

  /** {@return what kind of failure this is; never null} */
  public Kind kind() {
    return kind;
  }

  /** {@return the HTTP status of the answer, or 0 when there was no answer ({@link Kind#TRANSPORT})} */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * {@return the error code from the body: the provider's string code ({@code NOT_FOUND}) or the
   * gateway's numeric google.rpc code as a string ({@code "5"}); null when the body had none}
   */
  public String errorCode() {
    return errorCode;
  }

  /** {@return the server's explanation, or this client's for transport and decoding failures; may be null} */
  public String errorMessage() {
    return errorMessage;
  }

  /** {@return the trace id the provider gave, to quote to its support; null when none was given} */
  public String traceId() {
    return traceId;
  }

  /** {@return the first characters of a body that was not a JSON error object; null otherwise} */
  public String bodyExcerpt() {
    return bodyExcerpt;
  }

  /** {@return whether trying the same call again later may succeed (rate limits, server and transport failures)} */
  public boolean isRetryable() {
    return kind == Kind.RATE_LIMITED || kind == Kind.SERVER_ERROR || kind == Kind.TRANSPORT;
  }

  private static String describe(
      Kind kind, int status, String code, String message, String traceId, String excerpt) {
    StringBuilder line = new StringBuilder();
    line.append(status > 0 ? "HTTP " + status + " " : "").append(kind);
    if (code != null) {
      line.append(" [").append(code).append(']');
    }
    if (message != null) {
      line.append(": ").append(message);
    }
    if (traceId != null) {
      line.append(" (trace_id ").append(traceId).append(')');
    }
    if (excerpt != null) {
      line.append(" body: ").append(excerpt);
    }
    return line.toString();
  }
}
