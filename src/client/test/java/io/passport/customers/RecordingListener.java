package io.passport.customers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link PassportListener} that keeps every event in arrival order, and renders them as short lines
 * with call and listing ids replaced by their order of appearance ({@code c1}, {@code c2}, {@code L1}),
 * so that a test can compare exact sequences. Thread-safe.
 */
final class RecordingListener implements PassportListener {
  final List<Object> events = new CopyOnWriteArrayList<>();

  @Override public void callStarted(CallStarted e) { events.add(e); }
  @Override public void attemptStarted(AttemptStarted e) { events.add(e); }
  @Override public void attemptEnded(AttemptEnded e) { events.add(e); }
  @Override public void retry(Retry e) { events.add(e); }
  @Override public void callEnded(CallEnded e) { events.add(e); }
  @Override public void tokenFetched(TokenFetched e) { events.add(e); }
  @Override public void tokenFailed(TokenFailed e) { events.add(e); }
  @Override public void paused(Paused e) { events.add(e); }
  @Override public void paceChanged(PaceChanged e) { events.add(e); }
  @Override public void windowChanged(WindowChanged e) { events.add(e); }
  @Override public void listingStarted(ListingStarted e) { events.add(e); }
  @Override public void pageReceived(PageReceived e) { events.add(e); }
  @Override public void listingEnded(ListingEnded e) { events.add(e); }

  <E> List<E> of(Class<E> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Every event, rendered. */
  List<String> lines() {
    Map<Long, String> calls = new HashMap<>();
    Map<Long, String> listings = new HashMap<>();
    List<String> lines = new ArrayList<>();
    for (Object event : events) {
      lines.add(render(event, calls, listings));
    }
    return lines;
  }

  /** The events of calls, and the client's pause and pace, rendered. */
  List<String> callLines() {
    return lines().stream().filter(l -> !l.startsWith("listing") && !l.startsWith("page")).toList();
  }

  /** The events of listings (start, pages, end), rendered. */
  List<String> listingLines() {
    return lines().stream().filter(l -> l.startsWith("listing") || l.startsWith("page")).toList();
  }

  private static String id(Map<Long, String> ids, String prefix, long id) {
    return id == 0 ? "-" : ids.computeIfAbsent(id, k -> prefix + (ids.size() + 1));
  }

  private static String failure(PassportException e) {
    return e == null ? "ok" : e.kind().toString();
  }

  private static String render(Object event, Map<Long, String> calls, Map<Long, String> listings) {
    if (event instanceof CallStarted e) {
      return "callStarted " + id(calls, "c", e.callId()) + " " + e.kind() + " " + e.method() + " " + e.path()
          + " page=" + e.pageNumber() + " listing=" + id(listings, "L", e.listingId());
    } else if (event instanceof AttemptStarted e) {
      return "attemptStarted " + id(calls, "c", e.callId()) + " #" + e.attempt();
    } else if (event instanceof AttemptEnded e) {
      return "attemptEnded " + id(calls, "c", e.callId()) + " #" + e.attempt() + " " + e.httpStatus() + " "
          + failure(e.failure()) + ids(e.requestId(), e.traceId());
    } else if (event instanceof Retry e) {
      return "retry " + id(calls, "c", e.callId()) + " #" + e.nextAttempt() + " " + e.reason() + " after "
          + failure(e.failure());
    } else if (event instanceof CallEnded e) {
      return "callEnded " + id(calls, "c", e.callId()) + " " + e.kind() + " " + e.httpStatus() + " attempts="
          + e.attempts() + " " + failure(e.failure()) + ids(e.requestId(), e.traceId());
    } else if (event instanceof TokenFetched e) {
      return "tokenFetched " + id(calls, "c", e.callId());
    } else if (event instanceof TokenFailed e) {
      return "tokenFailed " + id(calls, "c", e.callId()) + " " + failure(e.failure());
    } else if (event instanceof Paused e) {
      return "paused " + e.length();
    } else if (event instanceof PaceChanged e) {
      return String.format(Locale.ROOT, "paceChanged %.2f/s from %.2f/s", e.requestsPerSecond(), e.before());
    } else if (event instanceof WindowChanged e) {
      return "windowChanged " + id(listings, "L", e.listingId()) + " " + e.before() + "->" + e.window() + " of "
          + e.ceiling();
    } else if (event instanceof ListingStarted e) {
      return "listingStarted " + id(listings, "L", e.listingId()) + " first=" + e.firstPage() + " window="
          + e.window() + " ceiling=" + e.ceiling();
    } else if (event instanceof PageReceived e) {
      return "pageReceived " + id(listings, "L", e.listingId()) + " page=" + e.pageNumber() + " customers="
          + e.customers() + " bytes=" + e.bytes();
    } else if (event instanceof ListingEnded e) {
      return "listingEnded " + id(listings, "L", e.listingId()) + " " + e.outcome() + " customers=" + e.customers()
          + " pages=" + e.pages() + " " + failure(e.failure());
    }
    throw new AssertionError("unknown event " + event);
  }

  private static String ids(String requestId, String traceId) {
    return (requestId == null ? "" : " request=" + requestId) + (traceId == null ? "" : " trace=" + traceId);
  }
}
