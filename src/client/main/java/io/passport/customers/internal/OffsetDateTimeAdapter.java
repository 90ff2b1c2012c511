package io.passport.customers.internal;

import com.squareup.moshi.FromJson;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.ToJson;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;

/**
 * Moshi adapter for {@link OffsetDateTime} as the API writes it: RFC 3339 with zero to nine fraction
 * digits, and (as some of the provider's own examples show) sometimes without a zone suffix, which is
 * read as UTC. Writes RFC 3339 with the value's own offset. Null-safe when registered through
 * {@link ApiJson}. Stateless and thread-safe.
 */
public final class OffsetDateTimeAdapter {
  private static final DateTimeFormatter READ =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
          .optionalStart()
          .appendOffsetId()
          .optionalEnd()
          .toFormatter();

  /** Parses one timestamp; a value without a zone is taken as UTC. */
  public static OffsetDateTime parse(String text) {
    try {
      TemporalAccessor parsed = READ.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
      return parsed instanceof OffsetDateTime offset
          ? offset
          : ((LocalDateTime) parsed).atOffset(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new JsonDataException("Expected an RFC 3339 timestamp but was \"" + text + "\"", e);
    }
  }

  @FromJson
  OffsetDateTime fromJson(String text) {
    return parse(text);
  }

  @ToJson
  String toJson(OffsetDateTime value) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value);
  }
}
