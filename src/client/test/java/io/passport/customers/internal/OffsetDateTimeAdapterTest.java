package io.passport.customers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonDataException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hand-written reading of the API's usual timestamp shape agrees with java.time's formatter on
 * every text it takes, and leaves every other text to it: the formatter is the reference here, and the
 * texts are drawn from a seeded generator of valid timestamps and of one-character corruptions of them.
 */
class OffsetDateTimeAdapterTest {
  private static final int DRAWS = 20_000;

  @ParameterizedTest
  @ValueSource(strings = {"2025-10-09T17:35:17.864Z", "2025-10-09T17:35:17Z", "2025-10-09t17:35:17.864z",
      "2025-10-09T17:35:17.123456789+05:30", "2025-10-09T17:35:17.1-08:00", "2025-10-09T17:35:17",
      "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999-18:00", "2024-02-29T12:00:00.5+00:00"})
  void theShapesTheApiWritesAreReadByHandAsTheFormatterReadsThem(String text) {
    OffsetDateTime byHand = OffsetDateTimeAdapter.parseCommonShape(text);

    assertThat(byHand).as(text).isNotNull().isEqualTo(OffsetDateTimeAdapter.parseWithFormatter(text));
    assertThat(OffsetDateTimeAdapter.parse(text)).isEqualTo(byHand);
  }

  @Test
  void theWholeValueIsKeptDownToTheNanosecondAndTheOffset() {
    assertThat(OffsetDateTimeAdapter.parseCommonShape("2025-10-09T17:35:17.000000042-01:30")).isEqualTo(
        OffsetDateTime.of(2025, 10, 9, 17, 35, 17, 42, ZoneOffset.ofHoursMinutes(-1, -30)));
    assertThat(OffsetDateTimeAdapter.parseCommonShape("2025-10-09T17:35:17.86Z")).isEqualTo(
        OffsetDateTime.of(2025, 10, 9, 17, 35, 17, 860_000_000, ZoneOffset.UTC));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2025-10-09T17:35Z", "2025-10-09T17:35:17.Z", "2025-10-09T17:35:17.1234567891Z",
      "+2025-10-09T17:35:17Z", "2025-10-09 17:35:17Z", "2025-10-09T17:35:17+0530", "2025-10-09T17:35:17+05:30:00",
      "2025-10-09T17:35:17ZZ", "2025-10-09T17:35:17+19:00", "2025-10-09T17:35:17+05:60", "2025-02-30T00:00:00Z",
      "2025-10-09T24:00:00Z", "2025-10-09T17:35:60Z", "2025-13-09T17:35:17Z", "2025-1O-09T17:35:17Z", ""})
  void anythingElseIsLeftToTheFormatter(String text) {
    assertThat(OffsetDateTimeAdapter.parseCommonShape(text)).as(text).isNull();
  }

  @Test
  void aTextNeitherReadsIsATypedDecodeFailureNamingIt() {
    assertThatThrownBy(() -> OffsetDateTimeAdapter.parse("2025-10-09T17:35:17.Q"))
        .isInstanceOf(JsonDataException.class).hasMessageContaining("\"2025-10-09T17:35:17.Q\"");
  }

  @Test
  void onSeededTimestampsAndTheirCorruptionsTheHandAndTheFormatterNeverDisagree() {
    Random random = new Random(20251009);
    int readByHand = 0;
    int leftToFormatter = 0;
    for (int draw = 0; draw < DRAWS; draw++) {
      String text = timestamp(random);
      if (random.nextBoolean()) {
        text = corrupt(text, random);
      }
      OffsetDateTime byHand = OffsetDateTimeAdapter.parseCommonShape(text);
      OffsetDateTime byFormatter = formatterOrNull(text);
      if (byHand != null) {
        readByHand++;
        assertThat(byHand).as(text).isEqualTo(byFormatter);
      } else {
        leftToFormatter++;
      }
    }
    // Both sides are well exercised: about half the texts are intact and of the usual shape.
    assertThat(readByHand).isGreaterThan(DRAWS / 3);
    assertThat(leftToFormatter).isGreaterThan(DRAWS / 10);
  }

  @Test
  void writingByHandGivesWhatTheFormatterWritesForSeededValues() {
    Random random = new Random(20251126);
    for (int draw = 0; draw < DRAWS; draw++) {
      int nanos = switch (random.nextInt(5)) {
        case 0 -> 0;
        case 1 -> random.nextInt(1000) * 1_000_000; // milliseconds, as the API writes them
        case 2 -> random.nextInt(10) * 100_000_000;
        case 3 -> 1 + random.nextInt(9); // one digit at the ninth place
        default -> random.nextInt(1_000_000_000);
      };
      ZoneOffset offset = switch (random.nextInt(4)) {
        case 0 -> ZoneOffset.UTC;
        case 1 -> ZoneOffset.ofTotalSeconds((random.nextInt(37) - 18) * 3600);
        case 2 -> ZoneOffset.ofTotalSeconds((random.nextInt(36 * 60 + 1) - 18 * 60) * 60);
        default -> ZoneOffset.ofTotalSeconds(random.nextInt(36 * 3600 + 1) - 18 * 3600); // seconds too
      };
      OffsetDateTime value = OffsetDateTime.of(random.nextInt(10_000), 1 + random.nextInt(12),
          1 + random.nextInt(28), random.nextInt(24), random.nextInt(60), random.nextInt(60), nanos, offset);

      assertThat(OffsetDateTimeAdapter.format(value)).as("%s", value)
          .isEqualTo(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "2025-10-09T17:35:17.864Z|2025-10-09T17:35:17.864Z",
      "0007-01-02T03:04:05Z|0007-01-02T03:04:05Z",
      "2025-10-09T17:35:17.000000001-00:30|2025-10-09T17:35:17.000000001-00:30",
      "2025-10-09T17:35:17.100+05:30|2025-10-09T17:35:17.1+05:30",
      "9999-12-31T23:59:59.999999999+18:00|9999-12-31T23:59:59.999999999+18:00",
      "+10000-01-01T00:00:00Z|+10000-01-01T00:00:00Z",
      "-0001-01-01T00:00:00Z|-0001-01-01T00:00:00Z",
      "2025-10-09T17:35:17+01:02:03|2025-10-09T17:35:17+01:02:03"})
  void valuesAreWrittenInRfc3339WithTheirOwnOffset(String pair) {
    String[] parts = pair.split("\\|");
    OffsetDateTime value = OffsetDateTime.parse(parts[0]);

    assertThat(OffsetDateTimeAdapter.format(value)).isEqualTo(parts[1]);
    assertThat(new OffsetDateTimeAdapter().toJson(value)).isEqualTo(parts[1]);
  }

  private static OffsetDateTime formatterOrNull(String text) {
    try {
      return OffsetDateTimeAdapter.parseWithFormatter(text);
    } catch (JsonDataException e) {
      return null;
    }
  }

  private static String timestamp(Random random) {
    StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "%04d-%02d-%02d%c%02d:%02d:%02d", random.nextInt(10_000),
        1 + random.nextInt(12), 1 + random.nextInt(31), random.nextBoolean() ? 'T' : 't', random.nextInt(24),
        random.nextInt(60), random.nextInt(60)));
    int fraction = random.nextInt(11) - 1; // -1: no point at all; 0: a point and no digit
    if (fraction >= 0) {
      t.append('.');
      for (int i = 0; i < fraction; i++) {
        t.append((char) ('0' + random.nextInt(10)));
      }
    }
    switch (random.nextInt(4)) {
      case 0 -> t.append(random.nextBoolean() ? 'Z' : 'z');
      case 1 -> t.append(String.format(Locale.ROOT, "%c%02d:%02d", random.nextBoolean() ? '+' : '-', random.nextInt(19),
          random.nextInt(60)));
      case 2 -> { } // no zone: UTC
      default -> t.append(String.format(Locale.ROOT, "%+03d:%02d", random.nextInt(41) - 20, random.nextInt(61)));
    }
    return t.toString();
  }

  private static String corrupt(String text, Random random) {
    String alphabet = "0123456789-:.+TZtz x";
    int at = random.nextInt(text.length() + 1);
    String with = String.valueOf(alphabet.charAt(random.nextInt(alphabet.length())));
    return switch (random.nextInt(3)) {
      case 0 -> text.substring(0, at) + with + text.substring(at); // a character more
      case 1 -> at < text.length() ? text.substring(0, at) + text.substring(at + 1) : text; // one fewer
      default -> at < text.length() ? text.substring(0, at) + with + text.substring(at + 1) : text; // another
    };
  }
}
