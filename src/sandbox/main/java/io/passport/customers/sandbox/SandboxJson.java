package io.passport.customers.sandbox;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Types;
import com.sun.net.httpserver.HttpExchange;
import io.passport.customers.internal.ApiJson;
import io.passport.customers.model.AccessTokenRequest;
import io.passport.customers.model.AccessTokenResponse;
import io.passport.customers.model.Customer;
import io.passport.customers.model.ErrorResponse;
import io.passport.customers.model.ListCustomersResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import okio.Buffer;

/**
 * JSON in and out of the sandbox: the Moshi adapters of the bodies it reads and writes (the client's
 * own, so both sides agree on the wire format), reading a bounded request body, and writing a JSON
 * response, whole or cut short on purpose. Stateless and thread-safe (Moshi adapters are).
 */
final class SandboxJson {
  /** The most of a request body the sandbox reads. */
  static final int MAX_REQUEST_BODY = 64 * 1024;

  static final JsonAdapter<ListCustomersResponse> LIST = ApiJson.moshi().adapter(ListCustomersResponse.class);
  static final JsonAdapter<Customer> CUSTOMER = ApiJson.moshi().adapter(Customer.class);
  static final JsonAdapter<ErrorResponse> ERROR = ApiJson.moshi().adapter(ErrorResponse.class);
  static final JsonAdapter<AccessTokenRequest> TOKEN_REQUEST = ApiJson.moshi().adapter(AccessTokenRequest.class);
  static final JsonAdapter<AccessTokenResponse> TOKEN = ApiJson.moshi().adapter(AccessTokenResponse.class);
  static final JsonAdapter<Map<String, Object>> OBJECT = ApiJson.moshi().adapter(
      Types.newParameterizedType(Map.class, String.class, Object.class));

  private SandboxJson() {}

  /**
   * Reads up to {@link #MAX_REQUEST_BODY} bytes of the request body and decodes them.
   *
   * @return the decoded body; null for the JSON literal {@code null}
   * @throws IOException when the body cannot be read or is not JSON of that shape
   */
  static <T> T readBody(HttpExchange exchange, JsonAdapter<T> adapter) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      return adapter.fromJson(new String(in.readNBytes(MAX_REQUEST_BODY), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw new IOException("unreadable request body", e);
    }
  }

  /**
   * Answers with {@code value} as JSON; with {@code truncate}, only the first half of its bytes is
   * written, and closing the exchange short of its {@code Content-Length} then closes the connection.
   * The adapter writes UTF-8 straight into a buffer: no {@code String} is made of the body, which on a
   * page of customers was a third of the sandbox's time per request.
   */
  static <T> void send(HttpExchange exchange, int status, JsonAdapter<T> adapter, T value, boolean truncate)
      throws IOException {
    Buffer body = new Buffer();
    adapter.toJson(body, value);
    long length = body.size();
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, length);
    OutputStream out = exchange.getResponseBody();
    if (truncate) {
      body.writeTo(out, length / 2);
      out.flush();
      return;
    }
    body.writeTo(out);
  }
}
