package io.passport.customers.internal;

import io.passport.customers.PassportException;
import java.util.List;
import okhttp3.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Finds the request id an answer carries, for the provider's support desk. The provider documents no
 * request id header (only the {@code trace_id} of its error bodies), so the client reads the names
 * that gateways in front of such APIs commonly send, first found wins: {@value #X_REQUEST_ID}, {@code
 * Request-Id}, {@code X-Amzn-RequestId}, {@code X-Correlation-Id}. The value is made one line and
 * capped like any server text. Stateless.
 */
public final class SupportIds {
  static final String X_REQUEST_ID = "X-Request-Id";
  static final List<String> REQUEST_ID_HEADERS =
      List.of(X_REQUEST_ID, "Request-Id", "X-Amzn-RequestId", "X-Correlation-Id");

  private SupportIds() {}

  /** {@return the first request id header among {@link #REQUEST_ID_HEADERS} that is not blank, or null} */
  public static @Nullable String requestId(Headers headers) {
    for (String name : REQUEST_ID_HEADERS) {
      String value = headers.get(name);
      if (value != null && !value.isBlank()) {
        return Internal.oneLine(value.strip());
      }
    }
    return null;
  }
}
