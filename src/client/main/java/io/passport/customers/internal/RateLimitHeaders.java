package io.passport.customers.internal;

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
public record RateLimitHeaders(long quota, long windowSeconds, long remaining, long resetSeconds) {
  public static final RateLimitHeaders NONE = new RateLimitHeaders(-1, -1, -1, -1);

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
      for (String item : split(field, ',')) {
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
      for (String item : split(field, ',')) {
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

  /** The parts of {@code text} between the separators outside quoted strings ({@code \"} escapes a quote). */
  private static List<String> split(String text, char separator) {
    List<String> parts = new ArrayList<>();
    boolean quoted = false;
    boolean escaped = false;
    StringBuilder part = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c == separator && !quoted) {
        parts.add(part.toString().strip());
        part.setLength(0);
        continue;
      }
      if (c == '"' && !escaped) {
        quoted = !quoted;
      }
      escaped = c == '\\' && !escaped;
      part.append(c);
    }
    parts.add(part.toString().strip());
    return parts;
  }

  /** The value of an integer parameter {@code ;name=digits} of an item, capped; -1 when absent or not a non-negative integer. */
  private static long parameter(String item, String name) {
    List<String> parameters = split(item, ';');
    for (String parameter : parameters.subList(1, parameters.size())) {
      if (parameter.startsWith(name + "=")) {
        return digits(parameter.substring(name.length() + 1));
      }
    }
    return -1;
  }

  private static long digits(String value) {
    if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -1;
    }
    // Ten digits or more is at least MAX_VALUE; fewer always fit a long.
    return value.length() >= 10 ? MAX_VALUE : Long.parseLong(value);
  }
}
