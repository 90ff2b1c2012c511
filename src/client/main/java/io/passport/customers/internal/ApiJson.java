package io.passport.customers.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The one Moshi configuration every part of the project uses to read and write the API's JSON: the
 * generated models plus the {@link OffsetDateTimeAdapter}, and integers held to the spec's wire form.
 * Moshi ignores unknown fields and leaves absent ones null, which is what a protobuf-backed API needs.
 * The instance is immutable and thread-safe; it caches adapters, so share it.
 *
 * <p>The spec states once that every integer, int64 included, is a JSON number. Moshi's own integer
 * adapters would also take a quoted number ({@code "53"}, protobuf's JSON mapping of an int64), which
 * the stock clients other teams generate refuse; so this configuration refuses it too, and every client
 * built from the spec agrees on what a valid page is.
 */
public final class ApiJson {
  /** How much of a quoted integer an error message repeats. */
  private static final int MAX_SHOWN_CHARS = 32;

  private static final Set<Type> INTEGER_TYPES = Set.of(Integer.class, int.class, Long.class, long.class);

  private static final Moshi MOSHI =
      new Moshi.Builder().add(new OffsetDateTimeAdapter()).add(new NumbersOnly()).build();

  private ApiJson() {}

  /** The shared Moshi instance. */
  public static Moshi moshi() {
    return MOSHI;
  }

  /** Wraps Moshi's own adapter of each integer type with a check that the token is a number. */
  private static final class NumbersOnly implements JsonAdapter.Factory {
    @Override
    public @Nullable JsonAdapter<?> create(Type type, Set<? extends Annotation> annotations, Moshi moshi) {
      if (!INTEGER_TYPES.contains(type) || !annotations.isEmpty()) {
        return null;
      }
      return numbersOnly(moshi.nextAdapter(this, type, annotations));
    }
  }

  private static <T> JsonAdapter<T> numbersOnly(JsonAdapter<T> delegate) {
    return new JsonAdapter<T>() {
      @Override
      public T fromJson(JsonReader reader) throws IOException {
        if (reader.peek() == JsonReader.Token.STRING) {
          String path = reader.getPath();
          String text = reader.nextString();
          String shown = text.length() <= MAX_SHOWN_CHARS ? text : text.substring(0, MAX_SHOWN_CHARS) + "...";
          throw new JsonDataException("Expected an integer as a JSON number (the spec's wire form) but was the string \""
              + shown + "\" at path " + path);
        }
        return delegate.fromJson(reader);
      }

      @Override
      public void toJson(JsonWriter writer, T value) throws IOException {
        delegate.toJson(writer, value);
      }
    };
  }
}
