package io.passport.customers;

import java.util.ArrayList;
import java.util.List;
import okhttp3.Headers;

/**
 * What a response's {@code RateLimit-Policy} and {@code RateLimit} fields say, in the syntax of the IETF
 * draft {@code draft-ietf-httpapi-ratelimit-headers} (revision 10): lists of items such as
 * {@code "default";q=100;w=60} (a quota of {@code q} units per window of {@code w} seconds) and
 * {@code "default";r=5;t=30} ({@code r} units left, {@code t} seconds until the quota resets).
 *
 * <p>When several policies are listed, the one with the lowest rate ({@code q / w}) is the one that
 * paces; when several {@code RateLimit} items are listed, the lowest {@code r} counts, with its
 * {@code t}. The decode is tolerant: an item or parameter that does not parse (a missing or negative
 * number, a policy without its window, another syntax) is ignored, and a response whose fields say nothing usable gives {@link
 * #NONE}, so that a provider's odd header never fails a call. Immutable.
 *
 * @param quota the pacing policy's quota, or -1 when no policy was read
 * @param windowSeconds the pacing policy's window in seconds (at least 1), or -1
 * @param remaining the units left, or -1 when unknown
 * @param resetSeconds seconds until the quota resets, or -1 when unknown
 */
record RateLimitHeaders(long quota, long windowSeconds, long remaining, long resetSeconds) {
  static final RateLimitHeaders NONE = new RateLimitHeaders(-1, -1, -1, -1);

  /** Values above this are read as this: no sane rate limit needs more, and the arithmetic stays exact. */
  static final long MAX_VALUE = 1_000_000_000L;

  /** {@return whether a policy (quota and window) was read} */
  boolean hasPolicy() {
    return quota >= 0 && windowSeconds > 0;
  }

  /** {@return the policy's rate in units per second; only meaningful when {@link #hasPolicy()}} */
  double ratePerSecond() {
    return (double) quota / windowSeconds;
  }

  /** {@return the fields of these headers; {@link #NONE} when neither says anything usable} */
  static RateLimitHeaders of(Headers headers) {
    long quota = -1;
    long window = -1;
    for (String field : headers.values("RateLimit-Policy")) {
      for (String item : items(field)) {
        long q = parameter(item, "q");
        long w = parameter(item, "w");
        if (q < 0 || w <= 0) {
          continue; // without its window a quota says nothing about a rate
        }
        if (quota < 0 || (double) q / w < (double) quota / window) {
          quota = q;
          window = w;
        }
      }
    }
    long remaining = -1;
    long reset = -1;
    for (String field : headers.values("RateLimit")) {
      for (String item : items(field)) {
        long r = parameter(item, "r");
        if (r >= 0 && (remaining < 0 || r < remaining)) {
          remaining = r;
          reset = parameter(item, "t");
        }
      }
    }
    if (quota < 0 && remaining < 0) {
      return NONE;
    }
    return new RateLimitHeaders(quota, window, remaining, reset);
  }

  /** The comma-separated items of a structured-field list, outside quoted strings. */
  private static List<String> items(String field) {
    List<String> items = new ArrayList<>();
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '"' && (i == 0 || field.charAt(i - 1) != '\\')) {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        items.add(field.substring(start, i));
        start = i + 1;
      }
    }
    items.add(field.substring(start));
    return items;
  }

  /** The value of an integer parameter {@code ;name=digits} of an item, capped; -1 when absent or not a non-negative integer. */
  private static long parameter(String item, String name) {
    boolean quoted = false;
    for (int i = 0; i < item.length(); i++) {
      char c = item.charAt(i);
      if (c == '"' && (i == 0 || item.charAt(i - 1) != '\\')) {
        quoted = !quoted;
      } else if (c == ';' && !quoted) {
        String parameter = item.substring(i + 1, nextSeparator(item, i + 1)).strip();
        int equals = parameter.indexOf('=');
        if (equals > 0 && parameter.substring(0, equals).strip().equals(name)) {
          return digits(parameter.substring(equals + 1).strip());
        }
      }
    }
    return -1;
  }

  private static int nextSeparator(String item, int from) {
    int next = item.indexOf(';', from);
    return next < 0 ? item.length() : next;
  }

  private static long digits(String value) {
    if (value.isEmpty()) {
      return -1;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
    }
    return value.length() > 10 ? MAX_VALUE : Math.min(Long.parseLong(value), MAX_VALUE);
  }
}
