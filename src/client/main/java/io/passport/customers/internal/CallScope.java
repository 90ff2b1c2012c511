package io.passport.customers.internal;

import io.passport.customers.PassportException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.Call;
import org.jspecify.annotations.NullUnmarked;

/**
 * Calls that are cancelled together: a client's root scope holds a scope per call or listing, each of
 * which holds the OkHttp calls it has in flight. {@link #cancel} cancels those calls (closing their
 * sockets), cancels every child scope, and wakes every {@link #await} on them, so that nothing waits on
 * a cancelled scope for longer than scheduling takes. A child made from a cancelled scope is born
 * cancelled. Thread-safe.
 */
@NullUnmarked
public final class CallScope {
  private final CallScope parent;
  private final Set<Call> calls = new HashSet<>();
  private final Set<CallScope> children = new HashSet<>();
  private String cancelledBecause;

  private CallScope(CallScope parent) {
    this.parent = parent;
  }

  /** {@return a scope of its own, with no parent} */
  public static CallScope root() {
    return new CallScope(null);
  }

  /** {@return a scope that is cancelled with this one; {@link #detach} it when done with it} */
  public CallScope child() {
    CallScope child = new CallScope(this);
    String because;
    synchronized (this) {
      because = cancelledBecause;
      if (because == null) {
        children.add(child);
      }
    }
    if (because != null) {
      child.cancel(because);
    }
    return child;
  }

  /** Leaves the parent scope, so that it no longer holds this one; calls in flight are left alone. */
  public void detach() {
    if (parent != null) {
      synchronized (parent) {
        parent.children.remove(this);
      }
    }
  }

  /**
   * Cancels the calls in flight and every child scope, and wakes whoever waits on this scope. The
   * first reason given is kept. Idempotent.
   *
   * @param because why, for the {@link PassportException} the callers get
   */
  public void cancel(String because) {
    List<Call> toCancel;
    List<CallScope> childrenToCancel;
    synchronized (this) {
      if (cancelledBecause != null) {
        return;
      }
      cancelledBecause = because;
      toCancel = new ArrayList<>(calls);
      childrenToCancel = new ArrayList<>(children);
      calls.clear();
      children.clear();
      notifyAll();
    }
    for (Call call : toCancel) {
      call.cancel();
    }
    for (CallScope child : childrenToCancel) {
      child.cancel(because);
    }
    detach();
  }

  public synchronized boolean isCancelled() {
    return cancelledBecause != null;
  }

  /** {@return a CANCELLED exception saying why this scope was cancelled} */
  public synchronized PassportException cancelledException(Throwable cause) {
    return Internal.cancelled(cancelledBecause == null ? "the call was cancelled" : cancelledBecause, cause);
  }

  /** Throws CANCELLED if this scope is cancelled or the current thread is interrupted (keeping its flag). */
  public void throwIfCancelled() {
    if (Thread.currentThread().isInterrupted()) {
      throw Internal.cancelled("the thread was interrupted", null);
    }
    synchronized (this) {
      if (cancelledBecause != null) {
        throw cancelledException(null);
      }
    }
  }

  /** Adds a call to cancel with this scope; if the scope is already cancelled, cancels it and throws. */
  void register(Call call) {
    synchronized (this) {
      if (cancelledBecause == null) {
        calls.add(call);
        return;
      }
    }
    call.cancel();
    throw cancelledException(null);
  }

  synchronized void unregister(Call call) {
    calls.remove(call);
  }

  /** {@return how many calls this scope holds: registered and not yet unregistered} */
  public synchronized int callsInFlight() {
    return calls.size();
  }

  /** {@return how many child scopes this scope holds: made, not yet detached or cancelled} */
  public synchronized int children() {
    return children.size();
  }

  /**
   * Waits {@code nanos}, or less if this scope is cancelled first.
   *
   * @throws InterruptedException if the thread is interrupted while it waits
   */
  synchronized void await(long nanos) throws InterruptedException {
    long end = System.nanoTime() + nanos;
    long left = nanos;
    while (cancelledBecause == null && left > 0) {
      long millis = left / 1_000_000;
      wait(millis, (int) (left % 1_000_000));
      left = end - System.nanoTime();
    }
  }

  /**
   * Waits for {@code result}, a call running on another thread in this scope: an interrupt of the
   * waiting thread cancels this scope and throws CANCELLED with the flag kept, and a cancelled scope
   * ends the wait at once. What the call threw is thrown as it was.
   */
  public <T> T awaitResult(Future<T> result) {
    try {
      while (true) {
        if (isCancelled()) {
          result.cancel(true);
          throw cancelledException(null);
        }
        try {
          return result.get(100, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          // look again whether the scope was cancelled (cancel() also cancels the call, which ends get())
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancel("the waiting thread was interrupted");
      result.cancel(true);
      throw Internal.cancelled("the waiting thread was interrupted", e);
    } catch (CancellationException e) {
      throw cancelledException(e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof PassportException failure) {
        throw failure.kind() == PassportException.Kind.CANCELLED && isCancelled() ? cancelledException(failure) : failure;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw Internal.transport("the call failed: " + cause, cause);
    }
  }
}
