package io.passport.customers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.passport.customers.PassportException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a call's scope is cancelled, what it cancels with it, and what a waiting caller gets. */
class CallScopeTest {
  private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
  private final OkHttpClient http = new OkHttpClient();

  @AfterEach
  void stop() {
    later.shutdownNow();
  }

  private Call unsentCall() {
    return http.newCall(new Request.Builder().url("http://127.0.0.1:9/").build());
  }

  @Test
  void aCancelledScopeSaysWhyAndAnUncancelledOneSaysNothingMore() {
    CallScope scope = CallScope.root();
    assertThat(scope.cancelledException(null).getMessage()).isEqualTo("CANCELLED: the call was cancelled");
    scope.cancel("the client is closed");
    scope.cancel("a second reason is ignored");

    assertThat(scope.isCancelled()).isTrue();
    PassportException e = catchThrowableOfType(PassportException.class, scope::throwIfCancelled);
    assertThat(e.kind()).isEqualTo(PassportException.Kind.CANCELLED);
    assertThat(e.getMessage()).isEqualTo("CANCELLED: the client is closed");
  }

  @Test
  void cancellingAScopeCancelsItsCallsAndItsChildrenButNotADetachedChild() {
    CallScope parent = CallScope.root();
    CallScope child = parent.child();
    CallScope detached = parent.child();
    detached.detach();
    Call call = unsentCall();
    child.register(call);

    parent.cancel("the listing was closed");

    assertThat(call.isCanceled()).isTrue();
    assertThat(child.isCancelled()).isTrue();
    assertThat(child.cancelledException(null).getMessage()).isEqualTo("CANCELLED: the listing was closed");
    assertThat(detached.isCancelled()).isFalse();
  }

  @Test
  void aCancelledScopeLetsGoOfItsCallsItsChildrenAndItsPlaceInItsParent() {
    CallScope root = CallScope.root();
    CallScope listing = root.child();
    CallScope page = listing.child();
    listing.register(unsentCall());
    assertThat(listing.callsInFlight()).isEqualTo(1);
    assertThat(listing.children()).isEqualTo(1);
    assertThat(root.children()).isEqualTo(1);

    listing.cancel("the listing was closed");

    // Nothing cancelled stays reachable from a client's long-lived root scope.
    assertThat(listing.callsInFlight()).isZero();
    assertThat(listing.children()).isZero();
    assertThat(root.children()).isZero();
    assertThat(page.isCancelled()).isTrue();
  }

  @Test
  void aChildOfACancelledScopeIsBornCancelledAndACallRegisteredThereIsCancelledAtOnce() {
    CallScope parent = CallScope.root();
    parent.cancel("the client is closed");
    CallScope child = parent.child();
    Call call = unsentCall();

    assertThat(child.isCancelled()).isTrue();
    assertThat(catchThrowableOfType(PassportException.class, () -> child.register(call)).kind())
        .isEqualTo(PassportException.Kind.CANCELLED);
    assertThat(call.isCanceled()).isTrue();
  }

  @Test
  void anUnregisteredCallIsNotCancelledWithItsScope() {
    CallScope scope = CallScope.root();
    Call call = unsentCall();
    scope.register(call);
    scope.unregister(call);

    scope.cancel("closed");

    assertThat(call.isCanceled()).isFalse();
  }

  @Test
  void awaitWaitsItsTimeWhenNothingHappens() throws InterruptedException {
    CallScope scope = CallScope.root();
    long start = System.nanoTime();
    scope.await(TimeUnit.MILLISECONDS.toNanos(150));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
  }

  @Test
  void awaitEndsAsSoonAsTheScopeIsCancelled() throws InterruptedException {
    CallScope scope = CallScope.root();
    later.schedule(() -> scope.cancel("closed"), 100, TimeUnit.MILLISECONDS);
    long start = System.nanoTime();
    scope.await(TimeUnit.SECONDS.toNanos(20));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void awaitResultPassesOnWhatTheCallEndedWith() {
    CallScope scope = CallScope.root();
    assertThat(scope.awaitResult(CompletableFuture.completedFuture("page"))).isEqualTo("page");

    PassportException server = PassportException.of(PassportException.Kind.SERVER_ERROR, "500", null);
    assertThat(catchThrowable(() -> scope.awaitResult(CompletableFuture.failedFuture(server)))).isSameAs(server);

    IllegalStateException bug = new IllegalStateException("bug");
    assertThat(catchThrowable(() -> scope.awaitResult(CompletableFuture.failedFuture(bug)))).isSameAs(bug);

    AssertionError error = new AssertionError("error");
    assertThat(catchThrowable(() -> scope.awaitResult(CompletableFuture.failedFuture(error)))).isSameAs(error);

    IOException checked = new IOException("checked");
    PassportException wrapped = catchThrowableOfType(PassportException.class,
        () -> scope.awaitResult(CompletableFuture.failedFuture(checked)));
    assertThat(wrapped.kind()).isEqualTo(PassportException.Kind.TRANSPORT);
    assertThat(wrapped.getCause()).isSameAs(checked);
  }

  @Test
  void aCallCancelledBecauseItsScopeWasGivesTheScopesReason() {
    CallScope scope = CallScope.root();
    scope.cancel("the client is closed");
    PassportException fromCall = Internal.cancelled("Canceled", null);

    PassportException e = catchThrowableOfType(PassportException.class,
        () -> scope.child().awaitResult(CompletableFuture.failedFuture(fromCall)));

    assertThat(e.getMessage()).isEqualTo("CANCELLED: the client is closed");
  }

  @Test
  void aCancelledCallInAScopeStillOpenIsPassedOnAsItIs() {
    CallScope scope = CallScope.root();
    PassportException fromCall = Internal.cancelled("the thread was interrupted", null);

    assertThat(catchThrowable(() -> scope.awaitResult(CompletableFuture.failedFuture(fromCall)))).isSameAs(fromCall);
  }

  @Test
  void aWindowNeverWidensWhenMorePermitsAreGivenBackThanTaken() {
    InFlightLimit limit = InFlightLimit.fixed(2);
    limit.release(); // nothing held: ignored
    assertThat(limit.tryAcquire()).isTrue();
    assertThat(limit.tryAcquire()).isTrue();
    assertThat(limit.tryAcquire()).isFalse();
    limit.release();
    assertThat(limit.tryAcquire()).isTrue();
    assertThat(limit.tryAcquire()).isFalse();
    assertThat(limit).hasToString("InFlightLimit.fixed(2, held=2)");
  }
}
