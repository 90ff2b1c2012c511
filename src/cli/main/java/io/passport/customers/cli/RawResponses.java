package io.passport.customers.cli;

import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;

/**
 * Keeps the bytes the API sent, so that {@code json} and {@code ndjson} write each customer exactly as
 * it came (every field, unknown ones included, every number and string escape as spelled), not as the
 * client's models would spell it again. An OkHttp interceptor hands each successful customers response
 * on to the client with a body that keeps a copy of the bytes as the client reads them: the client's
 * own limits (its body cap, counted after decompression, so a gzip bomb stops at the cap too) decide
 * how much is read, and nothing here reads a body by itself. A body read to its end is kept (list pages
 * by page number until taken, so only the pages in flight are held); one the client gave up on is
 * dropped. Thread-safe (pages may arrive on several threads).
 *
 * <p>JSON does not allow a raw control character (U+0000..U+001F) inside a string, and UTF-8 does not
 * allow some byte sequences; the client reads both (a control character as itself, a bad sequence as
 * U+FFFD). A customer whose strings hold either is written with the control character as its <code>
 * &#92;u00XX</code> escape and each bad sequence as U+FFFD: the value the client read, spelled as valid JSON, so
 * that every {@code ndjson} line is one JSON value. Every other byte is kept as sent.
 */
final class RawResponses implements Interceptor {
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
    Consumer<byte[]> keep;
    if (list) {
      String page = response.request().url().queryParameter("page_params.page_number");
      int number = page == null ? 1 : parsePage(page);
      keep = bytes -> pages.put(number, bytes);
    } else {
      keep = bytes -> lastCustomer = bytes;
    }
    // The client reads a page to its end, but a customer only as far as its JSON value goes.
    return response.newBuilder().body(new CopyingBody(body, keep, list)).build();
  }

  /**
   * A body that copies the bytes its reader takes and, when the reader closes it without a read
   * failing (and, if {@code toTheEnd}, after reading it to its end), hands the copy over. The copy
   * shares Okio's segments with what the reader took, so it holds no more than the reader does.
   */
  private static final class CopyingBody extends ResponseBody {
    private final ResponseBody body;
    private final Consumer<byte[]> keep;
    private final boolean toTheEnd;
    private BufferedSource source;

    CopyingBody(ResponseBody body, Consumer<byte[]> keep, boolean toTheEnd) {
      this.body = body;
      this.keep = keep;
      this.toTheEnd = toTheEnd;
    }

    @Override
    public MediaType contentType() {
      return body.contentType();
    }

    @Override
    public long contentLength() {
      return body.contentLength();
    }

    @Override
    public synchronized BufferedSource source() {
      if (source == null) {
        source = Okio.buffer(new ForwardingSource(body.source()) {
          private final Buffer copy = new Buffer();
          private boolean ended;
          private boolean failed;

          @Override
          public long read(Buffer sink, long byteCount) throws IOException {
            long read;
            try {
              read = super.read(sink, byteCount);
            } catch (IOException | RuntimeException e) {
              failed = true;
              throw e;
            }
            if (read > 0) {
              sink.copyTo(copy, sink.size() - read, read);
            } else if (read == -1) {
              ended = true;
            }
            return read;
          }

          @Override
          public void close() throws IOException {
            super.close();
            if ((ended || !toTheEnd) && !failed) {
              keep.accept(copy.readByteArray());
            }
            copy.clear();
          }
        });
      }
      return source;
    }
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

  /**
   * The last customer {@code get} returned, as sent and compacted to one line (the first JSON value of
   * the bytes the client read); null if none is held or it is not JSON.
   */
  byte[] takeCustomer() {
    byte[] body = lastCustomer;
    lastCustomer = null;
    if (body == null) {
      return null;
    }
    try (JsonReader reader = JsonReader.of(new Buffer().write(withoutBom(body)));
        BufferedSource value = reader.nextSource()) {
      return compact(value.readByteArray());
    } catch (IOException | RuntimeException e) {
      return null;
    }
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
   * exact bytes, except that a string holding a raw control character or bytes that are not UTF-8 is
   * spelled validly (see the class comment). Works on UTF-8 bytes (whitespace, quotes and backslashes
   * are ASCII and never part of a multi-byte character).
   */
  static byte[] compact(byte[] json) {
    Buffer out = new Buffer();
    int i = 0;
    while (i < json.length) {
      byte b = json[i];
      if (b == '"') {
        int end = endOfString(json, i + 1);
        string(json, i + 1, end, out);
        i = end + 1;
      } else {
        if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
          out.writeByte(b);
        }
        i++;
      }
    }
    return out.readByteArray();
  }

  /** The index of the quote that closes the string whose content starts at {@code from}; the length if none. */
  private static int endOfString(byte[] json, int from) {
    int i = from;
    while (i < json.length && json[i] != '"') {
      i += json[i] == '\\' ? 2 : 1;
    }
    return Math.min(i, json.length);
  }

  /** Writes a string token, quotes included: as sent when it is valid, else re-spelled. */
  private static void string(byte[] json, int from, int end, Buffer out) {
    out.writeByte('"');
    if (isValid(json, from, end)) {
      out.write(json, from, end - from);
    } else {
      // The characters the client reads (each bad sequence as U+FFFD), controls as escapes.
      String text = new String(json, from, end - from, StandardCharsets.UTF_8);
      StringBuilder spelled = new StringBuilder(text.length() + 16);
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c < 0x20) {
          spelled.append(String.format("\\u%04x", (int) c));
        } else {
          spelled.append(c);
        }
      }
      out.writeUtf8(spelled.toString());
    }
    if (end < json.length) {
      out.writeByte('"');
    }
  }

  /** Whether a string's content holds no raw control character and is UTF-8. */
  private static boolean isValid(byte[] json, int from, int end) {
    boolean ascii = true;
    for (int i = from; i < end; i++) {
      int b = json[i] & 0xff;
      if (b < 0x20) {
        return false;
      }
      ascii &= b < 0x80;
    }
    if (ascii) {
      return true;
    }
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(json, from, end - from));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
