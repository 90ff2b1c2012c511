package io.passport.customers.sandbox;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.TreeSet;

/**
 * Puts the {@link Faults} in force into requests: sleeps their latency, draws from their seeded
 * random sequence whether a request fails and how, and answers the failures it can answer. Thread-safe:
 * the faults, their random sequence and the counts of draws change together under this object's lock, and
 * each draw holds it.
 */
final class FaultInjector {
  private final ErrorBodies errors;
  private volatile Faults faults;
  private Random random;
  /** Draws since the faults were last set, and how many of them failed, per kind (index: ordinal). */
  private long draws;
  private final long[] failures = new long[Faults.Kind.values().length];

  FaultInjector(Faults faults, ErrorBodies errors) {
    this.errors = Objects.requireNonNull(errors, "errors");
    set(faults);
  }

  /** Changes the faults from the next draw on, restarting their random sequence from their seed. */
  synchronized void set(Faults faults) {
    Objects.requireNonNull(faults, "faults");
    this.random = new Random(faults.seed());
    this.faults = faults;
    this.draws = 0;
    java.util.Arrays.fill(failures, 0);
  }

  /** {@return how many requests drew from the sequence since the faults were last set} */
  synchronized long draws() {
    return draws;
  }

  /** {@return how many of those draws failed as {@code kind}} */
  synchronized long failures(Faults.Kind kind) {
    return failures[kind.ordinal()];
  }

  /** {@return the faults in force} */
  Faults current() {
    return faults;
  }

  /** Sleeps the latency in force, then {@return how this request fails, or null when it does not} */
  Faults.Kind draw() {
    Faults current;
    Faults.Kind kind = null;
    synchronized (this) {
      current = faults;
      draws++;
      if (current.failureRate() > 0 && random.nextDouble() < current.failureRate()) {
        List<Faults.Kind> kinds = new ArrayList<>(new TreeSet<>(current.kinds()));
        kind = kinds.get(random.nextInt(kinds.size()));
        failures[kind.ordinal()]++;
      }
    }
    if (!current.latency().isZero()) {
      try {
        Thread.sleep(current.latency().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return kind;
  }

  /**
   * Answers with the failure {@code kind}, or leaves a {@link Faults.Kind#TRUNCATED_BODY} to the
   * handler, which writes half its answer.
   *
   * @return true when the exchange is answered (or to be dropped unanswered), false for a truncated body
   */
  boolean answer(HttpExchange exchange, Faults.Kind kind) throws IOException {
    String retryAfter = String.valueOf(faults.retryAfterSeconds());
    switch (kind) {
      case SERVER_ERROR -> errors.send(exchange, 500, "INTERNAL", "injected failure", null);
      case UNAVAILABLE -> {
        exchange.getResponseHeaders().set("Retry-After", retryAfter);
        errors.send(exchange, 503, "UNAVAILABLE", "injected unavailability", null);
      }
      case RATE_LIMITED -> {
        exchange.getResponseHeaders().set("Retry-After", retryAfter);
        errors.send(exchange, 429, "RESOURCE_EXHAUSTED", "injected rate limit", null);
      }
      case DROPPED_CONNECTION -> {
        // Closing the exchange before any response header closes the connection.
      }
      case TRUNCATED_BODY -> {
        return false;
      }
    }
    return true;
  }
}
