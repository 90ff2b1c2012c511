package io.passport.customers;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import okhttp3.Headers;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import retrofit2.Call;
import retrofit2.Response;

/**
 * Runs one API call to completion: sends it, retries it as the {@link RetryPolicy} allows, renews the
 * token once on a 401, and turns every failure into a {@link PassportException}. Thread-safe.
 */
final class CallExecutor {
  private static final Logger log = LoggerFactory.getLogger(PassportCustomersClient.class);
  /** Retry-After beyond this is not waited for, whatever the deadline. */
  private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

  private final RetryPolicy policy;
  private final TokenSource tokens;

  /** @param tokens the source whose token the calls carry, or null for unauthenticated calls */
  CallExecutor(RetryPolicy policy, TokenSource tokens) {
    this.policy = policy;
    this.tokens = tokens;
  }

  /** The decoded body of a 2xx answer; anything else is thrown as a {@link PassportException}. */
  <T> T execute(Call<T> call) {
    long deadline = System.nanoTime() + policy.deadline().toNanos();
    boolean tokenRenewed = false;
    Call<T> attemptCall = call;
    for (int attempt = 1; ; attempt++) {
      PassportException failure;
      Duration retryAfter = null;
      try {
        Response<T> response = attemptCall.execute();
        if (response.isSuccessful()) {
          T body = response.body();
          if (body != null) {
            return body;
          }
          failure = PassportException.invalidResponse(response.code(), "the response has no body", null);
        } else if (response.code() == 401 && tokens != null && !tokenRenewed
            && tokens.invalidate(bearerTokenOf(response.raw().request()))) {
          tokenRenewed = true;
          response.errorBody().close();
          log.debug("{} answered 401; renewing the token and trying once more", describe(attemptCall));
          attemptCall = attemptCall.clone();
          attempt--; // the renewal does not use up an attempt
          continue;
        } else {
          failure = ErrorDecoder.decode(response.code(), response.errorBody());
          if (!RetryPolicy.isRetryableStatus(response.code())) {
            throw failure;
          }
          retryAfter = retryAfter(response.headers());
        }
      } catch (JsonDataException | JsonEncodingException | EOFException e) {
        failure = PassportException.invalidResponse(200, "the body could not be read: " + e.getMessage(), e);
      } catch (IOException e) {
        failure = PassportException.transport(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
      }

      if (attempt >= policy.maxAttempts()) {
        throw failure;
      }
      Duration wait = policy.backoff(attempt + 1, retryAfter);
      if (System.nanoTime() + wait.toNanos() > deadline) {
        log.debug("{} failed ({}); the {} deadline leaves no room for a retry", describe(attemptCall),
            failure.getMessage(), policy.deadline());
        throw failure;
      }
      log.debug("{} failed ({}); retry {} of {} in {} ms", describe(attemptCall), failure.getMessage(),
          attempt, policy.maxAttempts() - 1, wait.toMillis());
      sleep(wait, failure);
      attemptCall = attemptCall.clone();
    }
  }

  /** Retry-After as seconds or as an HTTP date; null when absent or unreadable. */
  static Duration retryAfter(Headers headers) {
    String value = headers.get("Retry-After");
    if (value == null) {
      return null;
    }
    value = value.strip();
    if (value.matches("\\d{1,9}")) {
      Duration seconds = Duration.ofSeconds(Long.parseLong(value));
      return seconds.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : seconds;
    }
    Date date = headers.getDate("Retry-After");
    if (date == null) {
      return null;
    }
    Duration until = Duration.between(Instant.now(), date.toInstant());
    if (until.isNegative()) {
      return Duration.ZERO;
    }
    return until.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : until;
  }

  private static String bearerTokenOf(Request request) {
    String header = request.header("Authorization");
    return header != null && header.startsWith("Bearer ") ? header.substring("Bearer ".length()) : null;
  }

  private static String describe(Call<?> call) {
    Request request = call.request();
    return request.method() + " " + request.url().encodedPath();
  }

  private static void sleep(Duration wait, PassportException failure) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure.addSuppressed(e);
      throw failure;
    }
  }
}
