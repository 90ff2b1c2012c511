package io.passport.customers.cli;

import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Interceptor;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Keeps the bytes the API sent, so that {@code json} and {@code ndjson} write each customer exactly as
 * it came (every field, unknown ones included, every number and string escape as spelled), not as the
 * client's models would spell it again. An OkHttp interceptor reads each successful customers response
 * once and hands the same bytes on to the client; list pages are kept by page number until taken,
 * so only the pages in flight are held. Thread-safe (pages may arrive on several threads).
 */
final class RawResponses implements Interceptor {
  /** The largest body kept; larger ones fail the call (a page of 100 customers is some 100 KiB). */
  static final long MAX_BODY_BYTES = 64L * 1024 * 1024;

  private final Map<Integer, byte[]> pages = new ConcurrentHashMap<>();
  private volatile byte[] lastCustomer;
  private volatile boolean listAnswered404;

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    List<String> path = response.request().url().pathSegments();
    int n = path.size();
    boolean list = n >= 2 && path.get(n - 2).equals("v1") && path.get(n - 1).equals("customers");
    boolean get = n >= 3 && path.get(n - 3).equals("v1") && path.get(n - 2).equals("customers");
    if (list && response.code() == 404) {
      listAnswered404 = true;
    }
    ResponseBody body = response.body();
    if (!response.isSuccessful() || body == null || !(list || get)) {
      return response;
    }
    byte[] bytes;
    try (BufferedSource source = body.source()) {
      if (source.request(MAX_BODY_BYTES + 1)) {
        throw new IOException("response body larger than " + MAX_BODY_BYTES + " bytes");
      }
      bytes = source.getBuffer().readByteArray();
    }
    if (list) {
      String page = response.request().url().queryParameter("page_params.page_number");
      pages.put(page == null ? 1 : parsePage(page), bytes);
    } else {
      lastCustomer = bytes;
    }
    return response.newBuilder().body(ResponseBody.create(bytes, body.contentType())).build();
  }

  /** {@return whether a List Customers request was answered 404 (which the client reads as "no customers")} */
  boolean listAnswered404() {
    return listAnswered404;
  }

  private static int parsePage(String page) {
    try {
      return Integer.parseInt(page);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * The customers of list page {@code number} as sent, each compacted to one line, and forgets the page;
   * null when that page's bytes are not held or do not hold {@code expected} customers.
   */
  List<byte[]> takePage(int number, int expected) {
    byte[] body = pages.remove(number);
    if (body == null) {
      return null;
    }
    try (JsonReader reader = JsonReader.of(new Buffer().write(withoutBom(body)))) {
      List<byte[]> customers = null;
      reader.beginObject();
      while (reader.hasNext()) {
        if (reader.nextName().equals("customers") && reader.peek() == JsonReader.Token.BEGIN_ARRAY) {
          customers = new ArrayList<>();
          reader.beginArray();
          while (reader.hasNext()) {
            try (BufferedSource value = reader.nextSource()) {
              customers.add(compact(value.readByteArray()));
            }
          }
          reader.endArray();
        } else {
          reader.skipValue();
        }
      }
      return customers != null && customers.size() == expected ? customers : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The last customer {@code get} returned, as sent and compacted to one line; null if none is held. */
  byte[] takeCustomer() {
    byte[] body = lastCustomer;
    lastCustomer = null;
    return body == null ? null : compact(withoutBom(body));
  }

  /** Forgets every page held (after a listing stops early). */
  void clear() {
    pages.clear();
  }

  private static byte[] withoutBom(byte[] body) {
    if (body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf) {
      return java.util.Arrays.copyOfRange(body, 3, body.length);
    }
    return body;
  }

  /**
   * The JSON text without the whitespace between tokens: every string, number and name keeps its
   * exact bytes. Works on UTF-8 bytes (whitespace and quotes are ASCII and never part of a multi-byte
   * character).
   */
  static byte[] compact(byte[] json) {
    Buffer out = new Buffer();
    boolean inString = false;
    boolean escaped = false;
    for (byte b : json) {
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (b == '\\') {
          escaped = true;
        } else if (b == '"') {
          inString = false;
        }
        out.writeByte(b);
      } else if (b == '"') {
        inString = true;
        out.writeByte(b);
      } else if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        out.writeByte(b);
      }
    }
    return out.readByteArray();
  }
}
