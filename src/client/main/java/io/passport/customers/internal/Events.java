package io.passport.customers.internal;

import io.passport.customers.PassportCustomersClient;
import io.passport.customers.PassportListener.CallKind;
import io.passport.customers.PassportListener;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.NullUnmarked;

/**
 * One client's side of its {@link PassportListener}: makes the events and delivers them, so that the
 * runtime classes (RetryLoop, the client, the listing) need one line per event. With {@link
 * PassportListener#NONE} every method returns at once and hands out shared no-op instances ({@link
 * CallEvents#NONE}, the window and the listing unwrapped): nothing is allocated. A listener's {@link
 * RuntimeException} or {@link LinkageError} is logged once per event type and ignored. Thread-safe.
 */
@NullUnmarked
public final class Events {
  private static final DebugLog log = DebugLog.of(PassportCustomersClient.class);
  /** The events of a client without a listener. */
  public static final Events NONE = new Events(PassportListener.NONE, Timing.SYSTEM);
  /** Ids of calls and listings, unique in the class loader. */
  private static final AtomicLong IDS = new AtomicLong();
  /** A pace change smaller than this share of the pace before is not reported (the probe's 0.2 % steps). */
  static final double PACE_STEP = 0.01;

  final PassportListener listener;
  public final boolean on;
  final Timing timing;
  private final Set<String> complained = ConcurrentHashMap.newKeySet();
  /** The pace last reported, and the end of the pause last reported (nanoTime). Guarded by this. */
  private double reportedRate;
  private long reportedPauseEnd;
  private boolean pauseReported;

  public Events(PassportListener listener, Timing timing) {
    this.listener = listener;
    this.on = listener != PassportListener.NONE;
    this.timing = timing;
  }

  static long nextId() {
    return IDS.incrementAndGet();
  }

  /** {@return the events of a call of {@code request}, a page of {@code listing} or of none} */
  public CallEvents call(Request request, InFlightLimit listing) {
    if (!on) {
      return CallEvents.NONE;
    }
    long listingId = listing instanceof ObservedLimit observed ? observed.listingId : 0;
    return new CallEvents(this, request, listingId);
  }

  /** {@return {@code window}, watched for changes as the window of listing {@code listingId}} */
  public InFlightLimit window(InFlightLimit window, int ceiling) {
    return on ? new ObservedLimit(this, window, nextId(), ceiling) : window;
  }

  /** {@return {@code pages}, observed as a listing whose window {@link #window} gave} */
  public Listing listing(Listing pages, InFlightLimit window, int firstPage, int ceiling) {
    if (!on) {
      return pages;
    }
    long listingId = window instanceof ObservedLimit observed ? observed.listingId : nextId();
    return new ObservedListing(this, pages, window, listingId, firstPage, ceiling);
  }

  /** Notes the size of a page's body for the listing's page event; {@code window} is the listing's. */
  public void pageBytes(InFlightLimit window, Integer pageNumber, long bytes) {
    if (on && window instanceof ObservedLimit observed) {
      observed.bytes.put(pageNumber == null ? 1 : pageNumber, bytes);
    }
  }

  /** Reports a new pause of the client, or a new pace, after the throttle heard from the server or was asked. */
  public void throttle(Throttle throttle, long now) {
    if (!on) {
      return;
    }
    double rate = throttle.rate();
    long pausedFor = throttle.pausedFor(now);
    PassportListener.PaceChanged pace = null;
    PassportListener.Paused pause = null;
    synchronized (this) {
      if (rate != reportedRate
          && (rate == 0 || reportedRate == 0 || Math.abs(rate - reportedRate) >= PACE_STEP * reportedRate)) {
        pace = new PassportListener.PaceChanged(rate, reportedRate);
        reportedRate = rate;
      }
      long end = now + pausedFor;
      if (pausedFor > 0 && (!pauseReported || end - reportedPauseEnd > 1_000_000)) {
        pause = new PassportListener.Paused(Duration.ofNanos(pausedFor));
        reportedPauseEnd = end;
        pauseReported = true;
      }
    }
    if (pause != null) {
      deliver("paused", pause, listener::paused);
    }
    if (pace != null) {
      deliver("paceChanged", pace, listener::paceChanged);
    }
  }

  /**
   * The network interceptor that adds the listener's headers to each attempt and lets a call's events
   * see each answer's headers (for the request id): it finds the call's events on the request's tag.
   * Does nothing for a request without one.
   */
  public static Interceptor answers() {
    return chain -> {
      Request request = chain.request();
      CallEvents call = request.tag(CallEvents.class);
      if (call == null) {
        return chain.proceed(request);
      }
      Response response = chain.proceed(call.withListenersHeaders(request));
      call.answered(response.headers());
      return response;
    };
  }

  /** Hands {@code event} to the listener; what the listener throws is logged (once per type) and dropped. */
  <E> void deliver(String type, E event, Consumer<E> method) {
    try {
      method.accept(event);
    } catch (RuntimeException | LinkageError e) {
      complain(type, e);
    }
  }

  /** Logs what the listener threw on {@code type}, the first time only. */
  void complain(String type, Throwable e) {
    if (complained.add(type)) {
      log.warn(DebugLog.format("the PassportListener {} threw on {} (logged once per event type; the client goes on)",
          listener.getClass().getName(), type), e);
    }
  }

  /** {@return what a call asks for, from its method and path} */
  public static CallKind kindOf(Request request) {
    List<String> segments = request.url().pathSegments();
    int end = segments.size() - 1;
    if (end > 0 && segments.get(end).isEmpty()) {
      end--; // a trailing slash
    }
    String last = segments.get(end);
    if (last.equals("tokens") || "POST".equals(request.method())) {
      return CallKind.ACCESS_TOKEN;
    }
    if (!last.equals("customers") && end >= 1 && segments.get(end - 1).equals("customers")) {
      return CallKind.GET_CUSTOMER;
    }
    return CallKind.LIST_CUSTOMERS;
  }

  /** {@return the page a list request asks for (1 when it names none, as the API reads it); 0 for other calls} */
  public static int pageOf(Request request, CallKind kind) {
    if (kind != CallKind.LIST_CUSTOMERS) {
      return 0;
    }
    String page = request.url().queryParameter("page_params.page_number");
    if (page == null) {
      return 1;
    }
    try {
      return Integer.parseInt(page);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** A listing's window, watched: each change after the server's feedback is a {@link PassportListener.WindowChanged}. */
  static final class ObservedLimit implements InFlightLimit {
    final long listingId;
    /** Body sizes of pages read and not yet taken by the consumer, by page number. */
    final ConcurrentHashMap<Integer, Long> bytes = new ConcurrentHashMap<>();
    private final Events events;
    private final InFlightLimit window;
    private final int ceiling;

    ObservedLimit(Events events, InFlightLimit window, long listingId, int ceiling) {
      this.events = events;
      this.window = window;
      this.listingId = listingId;
      this.ceiling = ceiling;
    }

    @Override
    public boolean tryAcquire() {
      return window.tryAcquire();
    }

    @Override
    public void release() {
      window.release();
    }

    @Override
    public int window() {
      return window.window();
    }

    @Override
    public void admitted(long sentAt) {
      int before;
      int after;
      synchronized (this) {
        before = window.window();
        window.admitted(sentAt);
        after = window.window();
      }
      changed(before, after);
    }

    @Override
    public void throttled(long sentAt, long now) {
      int before;
      int after;
      synchronized (this) {
        before = window.window();
        window.throttled(sentAt, now);
        after = window.window();
      }
      changed(before, after);
    }

    private void changed(int before, int after) {
      if (before != after) {
        events.deliver("windowChanged", new PassportListener.WindowChanged(listingId, after, before, ceiling),
            events.listener::windowChanged);
      }
    }

    @Override
    public String toString() {
      return window.toString();
    }
  }
}
