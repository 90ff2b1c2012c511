package io.passport.customers.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import io.passport.customers.internal.ApiJson;
import java.io.IOException;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Source;
import org.jspecify.annotations.NullUnmarked;

/**
 * The caps on what one successful response may hold: its body in bytes, counted after decompression
 * as it is read, and any one string in it, in characters. Past either cap the call fails with {@link
 * PassportException.Kind#INVALID_RESPONSE}, so a hostile server cannot make the client hold more than
 * about three times {@link #maxBodyBytes} per response being read. Immutable and thread-safe.
 */
@NullUnmarked
public record BodyLimits(long maxBodyBytes, int maxStringChars) {
  /** Default body cap: 4 MiB, some 25 times a full 100-customer page. */
  public static final long DEFAULT_MAX_BODY_BYTES = 4L * 1024 * 1024;
  /** Default string cap: 64 Ki characters, far above any field the API defines. */
  public static final int DEFAULT_MAX_STRING_CHARS = 64 * 1024;
  public static final long MIN_BODY_BYTES = 64 * 1024;
  public static final long MAX_BODY_BYTES = 1024L * 1024 * 1024;
  public static final int MIN_STRING_CHARS = 256;

  /** {@return the shared Moshi configuration with strings capped at {@link #maxStringChars}} */
  public Moshi moshi() {
    int cap = maxStringChars;
    return ApiJson.moshi().newBuilder()
        .add((type, annotations, moshi) -> {
          if (type != String.class || !annotations.isEmpty()) {
            return null;
          }
          return new JsonAdapter<String>() {
            @Override
            public String fromJson(JsonReader reader) throws IOException { // never null: nullSafe() below
              String value = reader.nextString();
              if (value.length() > cap) {
                throw new JsonDataException("the string at " + reader.getPath() + " has " + value.length()
                    + " characters, more than the client's cap of " + cap + " (maxStringChars)");
              }
              return value;
            }

            @Override
            public void toJson(JsonWriter writer, String value) throws IOException {
              writer.value(value);
            }
          }.nullSafe();
        })
        .build();
  }

  /** {@return {@code source} failing with {@link TooLarge} once more than {@link #maxBodyBytes} were read} */
  public Source capped(Source source) {
    long cap = maxBodyBytes;
    return new ForwardingSource(source) {
      private long read;

      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        long n = super.read(sink, byteCount);
        if (n > 0) {
          read += n;
          if (read > cap) {
            throw new TooLarge(cap);
          }
        }
        return n;
      }
    };
  }

  /** A body past the cap. An IOException so that it leaves the JSON reader as it is. */
  public static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(long cap) {
      super("the body is larger than the client's cap of " + cap + " bytes (maxBodyBytes)");
    }
  }
}
