package io.passport.customers.internal;

import io.passport.customers.CustomerPaginator;
import io.passport.customers.PassportCustomersClient;
import java.time.Clock;
import java.util.concurrent.ExecutorService;

/**
 * The seams tests need in the public types, kept off their API: a fake clock and sleep for the client's
 * calls, its call threads, and counts of what a client or paginator still holds. Production code never
 * calls these. Not an API; each method is as thread-safe as the builder or object it is given.
 */
public final class TestHooks {
  private TestHooks() {}

  /** {@return {@code builder}, its clients' retry loop, throttle and token waits on {@code timing}'s clock and sleep} */
  public static PassportCustomersClient.Builder timing(PassportCustomersClient.Builder builder, Timing timing) {
    Internal.bridge().timing(builder, timing);
    return builder;
  }

  /** {@return {@code builder}, its clients judging client-credentials tokens fresh by {@code clock}} */
  public static PassportCustomersClient.Builder clock(PassportCustomersClient.Builder builder, Clock clock) {
    Internal.bridge().clock(builder, clock);
    return builder;
  }

  /** {@return {@code builder}, its clients running their calls and page calls on {@code callThreads}} */
  public static PassportCustomersClient.Builder callThreads(PassportCustomersClient.Builder builder,
      ExecutorService callThreads) {
    Internal.bridge().callThreads(builder, callThreads);
    return builder;
  }

  /** {@return the scopes of calls and listings {@code client} holds: not yet ended, closed or released} */
  public static int openScopes(PassportCustomersClient client) {
    return Internal.bridge().openScopes(client);
  }

  /** {@return the listings {@code paginator} holds: handed out, not yet closed or collected} */
  public static int openListings(CustomerPaginator paginator) {
    return Internal.bridge().openListings(paginator);
  }
}
