package io.passport.customers.internal;

import com.squareup.moshi.JsonAdapter;
import io.passport.customers.PassportException;
import io.passport.customers.internal.ApiJson;
import io.passport.customers.model.ErrorResponse;
import java.io.IOException;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import org.jspecify.annotations.NullUnmarked;

/**
 * Turns any non-2xx answer into a {@link PassportException}, whatever its body: the gateway's or the
 * provider's JSON error shape, HTML, plain text, empty, or truncated. Never throws anything else.
 */
@NullUnmarked
public final class ErrorDecoder {
  public static final int EXCERPT_CHARS = 200;
  private static final long MAX_BODY_BYTES = 64 * 1024;
  private static final JsonAdapter<ErrorResponse> ERROR_ADAPTER =
      ApiJson.moshi().adapter(ErrorResponse.class);

  private ErrorDecoder() {}

  static PassportException decode(int status, ResponseBody body) {
    return decode(status, body, null);
  }

  /** As {@link #decode(int, ResponseBody)}, with the request id header the answer carried (or null). */
  static PassportException decode(int status, ResponseBody body, String requestId) {
    String text = readAtMost(body);
    ErrorResponse error = parse(text);
    PassportException.Kind kind = kindOf(status);
    if (error == null) {
      String excerpt = excerpt(text);
      return Internal.exception(kind, status, null, null, null, requestId, excerpt.isEmpty() ? null : excerpt, null);
    }
    return Internal.exception(
        kind, status, codeOf(error.getCode()), error.getMessage(), error.getTraceId(), requestId, null, null);
  }

  static PassportException.Kind kindOf(int status) {
    return switch (status) {
      case 401 -> PassportException.Kind.UNAUTHORIZED;
      case 403 -> PassportException.Kind.FORBIDDEN;
      case 404 -> PassportException.Kind.NOT_FOUND;
      case 429 -> PassportException.Kind.RATE_LIMITED;
      default -> status >= 500 ? PassportException.Kind.SERVER_ERROR : PassportException.Kind.BAD_REQUEST;
    };
  }

  /** A one-line excerpt of a body, whitespace folded, at most {@value #EXCERPT_CHARS} characters. */
  public static String excerpt(String text) {
    String folded = text.replaceAll("\\s+", " ").strip();
    return folded.length() <= EXCERPT_CHARS ? folded : folded.substring(0, EXCERPT_CHARS) + "...";
  }

  private static String readAtMost(ResponseBody body) {
    if (body == null) {
      return "";
    }
    try (body) {
      BufferedSource source = body.source();
      try {
        source.request(MAX_BODY_BYTES);
      } catch (IOException e) {
        // A body cut short: keep what did arrive.
      }
      Buffer arrived = source.getBuffer();
      return arrived.snapshot((int) Math.min(arrived.size(), MAX_BODY_BYTES)).utf8();
    }
  }

  private static ErrorResponse parse(String text) {
    if (!text.stripLeading().startsWith("{")) {
      return null;
    }
    try {
      return ERROR_ADAPTER.fromJson(text);
    } catch (IOException | RuntimeException e) {
      return null; // not an error object after all: fall back to the excerpt
    }
  }

  /** The gateway sends a number (3), the provider a string ("INVALID_ARGUMENT"). */
  private static String codeOf(Object code) {
    if (code instanceof Double number && number == Math.rint(number) && !number.isInfinite()) {
      return Long.toString(number.longValue());
    }
    return code == null ? null : String.valueOf(code);
  }
}
