package io.passport.customers.internal;

import com.squareup.moshi.FromJson;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.ToJson;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * Moshi adapter for {@link OffsetDateTime} as the API writes it: RFC 3339 with zero to nine fraction
 * digits, and (as some of the provider's own examples show) sometimes without a zone suffix, which is
 * read as UTC. Writes RFC 3339 with the value's own offset. Null-safe when registered through
 * {@link ApiJson}. Stateless and thread-safe.
 *
 * <p>Every customer carries timestamps, and {@link DateTimeFormatter} spends about a microsecond on
 * each (its optional sections copy a map of parsed fields), a third of the time a page takes to decode.
 * So the one shape the API writes ({@code 2025-10-09T17:35:17.864Z}, with up to nine fraction digits
 * and {@code Z}, an {@code ±HH:MM} offset or no zone) is read by hand into {@link OffsetDateTime#of},
 * and anything else, or any value {@code of} refuses, goes to the formatter, which has the last word:
 * what the fast path reads, the formatter reads the same.
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
    OffsetDateTime common = parseCommonShape(text);
    return common != null ? common : parseWithFormatter(text);
  }

  static OffsetDateTime parseWithFormatter(String text) {
    try {
      TemporalAccessor parsed = READ.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
      return parsed instanceof OffsetDateTime offset
          ? offset
          : ((LocalDateTime) parsed).atOffset(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new JsonDataException("Expected an RFC 3339 timestamp but was \"" + text + "\"", e);
    }
  }

  /**
   * {@code yyyy-MM-ddTHH:mm:ss[.fffffffff][Z|±HH:MM]}, case-insensitive, read without the formatter;
   * null for any other text or a value out of range.
   */
  static @Nullable OffsetDateTime parseCommonShape(String t) {
    int n = t.length();
    if (n < 19 || !digits(t, 0, 4) || t.charAt(4) != '-' || !digits(t, 5, 2) || t.charAt(7) != '-'
        || !digits(t, 8, 2) || (t.charAt(10) != 'T' && t.charAt(10) != 't') || !digits(t, 11, 2)
        || t.charAt(13) != ':' || !digits(t, 14, 2) || t.charAt(16) != ':' || !digits(t, 17, 2)) {
      return null;
    }
    int i = 19;
    int nanos = 0;
    if (i < n && t.charAt(i) == '.') {
      int start = ++i;
      while (i < n && i - start < 9 && isDigit(t.charAt(i))) {
        nanos = nanos * 10 + (t.charAt(i++) - '0');
      }
      if (i == start) {
        return null; // a point and no digit (a tenth digit is caught below: it is no zone)
      }
      for (int scale = i - start; scale < 9; scale++) {
        nanos *= 10;
      }
    }
    ZoneOffset offset;
    if (i == n || (i + 1 == n && (t.charAt(i) == 'Z' || t.charAt(i) == 'z'))) {
      offset = ZoneOffset.UTC;
    } else if (i + 6 == n && (t.charAt(i) == '+' || t.charAt(i) == '-') && digits(t, i + 1, 2)
        && t.charAt(i + 3) == ':' && digits(t, i + 4, 2)) {
      int sign = t.charAt(i) == '-' ? -1 : 1;
      try {
        offset = ZoneOffset.ofHoursMinutes(sign * number(t, i + 1, 2), sign * number(t, i + 4, 2));
      } catch (DateTimeException e) {
        return null;
      }
    } else {
      return null;
    }
    try {
      return OffsetDateTime.of(number(t, 0, 4), number(t, 5, 2), number(t, 8, 2), number(t, 11, 2),
          number(t, 14, 2), number(t, 17, 2), nanos, offset);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static boolean digits(String t, int from, int count) {
    for (int i = from; i < from + count; i++) {
      if (!isDigit(t.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int number(String t, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      value = value * 10 + (t.charAt(i) - '0');
    }
    return value;
  }

  @FromJson
  OffsetDateTime fromJson(String text) {
    return parse(text);
  }

  @ToJson
  String toJson(OffsetDateTime value) {
    return format(value);
  }

  /**
   * RFC 3339 with the value's own offset, exactly as {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}
   * writes it (seconds always, the fraction without trailing zeros, {@code Z} for UTC). Years 0 to 9999
   * with an offset of whole minutes are written by hand, since the formatter took a sixth of the
   * sandbox's time per page; anything else goes to the formatter.
   */
  public static String format(OffsetDateTime value) {
    int year = value.getYear();
    int offsetSeconds = value.getOffset().getTotalSeconds();
    if (year < 0 || year > 9999 || offsetSeconds % 60 != 0) {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value);
    }
    StringBuilder out = new StringBuilder(35);
    pad(out, year, 4).append('-');
    pad(out, value.getMonthValue(), 2).append('-');
    pad(out, value.getDayOfMonth(), 2).append('T');
    pad(out, value.getHour(), 2).append(':');
    pad(out, value.getMinute(), 2).append(':');
    pad(out, value.getSecond(), 2);
    int nanos = value.getNano();
    if (nanos != 0) {
      int digits = 9;
      while (nanos % 10 == 0) {
        nanos /= 10;
        digits--;
      }
      pad(out.append('.'), nanos, digits);
    }
    if (offsetSeconds == 0) {
      return out.append('Z').toString();
    }
    int minutes = Math.abs(offsetSeconds) / 60;
    out.append(offsetSeconds < 0 ? '-' : '+');
    pad(out, minutes / 60, 2).append(':');
    return pad(out, minutes % 60, 2).toString();
  }

  /** Appends {@code value} (not negative) with leading zeros to {@code width} digits. */
  private static StringBuilder pad(StringBuilder out, int value, int width) {
    for (int limit = 10, w = 1; w < width; w++, limit *= 10) {
      if (value < limit) {
        out.append('0');
      }
    }
    return out.append(value);
  }
}
