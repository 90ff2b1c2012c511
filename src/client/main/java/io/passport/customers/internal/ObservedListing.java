package io.passport.customers.internal;

import io.passport.customers.PassportException;
import io.passport.customers.PassportListener.ListingOutcome;
import io.passport.customers.PassportListener;
import io.passport.customers.model.ListCustomersResponse;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.NullUnmarked;

/**
 * A listing whose start, pages and end are told to the client's {@link PassportListener}: the start
 * when its consumer first asks for a page, each page as the consumer takes it (with how long the
 * consumer waited for it, decoding included), and its end once, whichever comes first of the last page,
 * a failure, or {@link #close()} before the end. Made by {@link Events#listing} only when a listener is
 * registered. Like the listing it wraps, it belongs to one consumer; {@link #close()} may come from any
 * thread.
 */
@NullUnmarked
public final class ObservedListing implements Listing {
  private final Events events;
  private final Listing pages;
  private final InFlightLimit window;
  private final long listingId;
  private final int firstPage;
  private final int ceiling;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile boolean started;
  private long startedAt;
  private boolean peeked;
  private long waited;
  private int taken;
  private long customers;

  ObservedListing(Events events, Listing pages, InFlightLimit window, long listingId, int firstPage, int ceiling) {
    this.events = events;
    this.pages = pages;
    this.window = window;
    this.listingId = listingId;
    this.firstPage = firstPage;
    this.ceiling = ceiling;
  }

  @Override
  public boolean hasNext() {
    if (peeked) {
      return true;
    }
    if (!started) {
      started = true;
      startedAt = events.timing.nanoTime();
      events.deliver("listingStarted", new PassportListener.ListingStarted(listingId, firstPage, window.window(),
          ceiling), events.listener::listingStarted);
    }
    long from = events.timing.nanoTime();
    boolean more;
    try {
      more = pages.hasNext();
    } catch (PassportException e) {
      end(e.kind() == PassportException.Kind.CANCELLED ? ListingOutcome.CANCELLED : ListingOutcome.FAILED, e);
      throw e;
    }
    waited += events.timing.nanoTime() - from;
    if (!more) {
      end(ListingOutcome.COMPLETED, null);
    }
    peeked = more;
    return more;
  }

  @Override
  public ListCustomersResponse next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    ListCustomersResponse page = pages.next();
    peeked = false;
    int number = firstPage + taken++;
    int size = page.getCustomers().size();
    customers += size;
    Long bytes = window instanceof Events.ObservedLimit observed ? observed.bytes.remove(number) : null;
    events.deliver("pageReceived", new PassportListener.PageReceived(listingId, number, size,
        bytes == null ? 0 : bytes, Duration.ofNanos(Math.max(0, waited))), events.listener::pageReceived);
    waited = 0;
    return page;
  }

  @Override
  public void close() {
    pages.close();
    if (started) {
      end(ListingOutcome.CANCELLED, null);
    }
  }

  @Override
  public InFlightLimit limit() {
    return pages.limit();
  }

  @Override
  public int firstPage() {
    return pages.firstPage();
  }

  @Override
  public void boundAhead(java.util.function.IntSupplier lastSendable) {
    pages.boundAhead(lastSendable);
  }

  @Override
  public void demandChanged() {
    pages.demandChanged();
  }

  @Override
  public boolean exhausted() {
    return !peeked && pages.exhausted();
  }

  private void end(ListingOutcome outcome, PassportException failure) {
    if (ended.compareAndSet(false, true)) {
      Duration took = Duration.ofNanos(Math.max(0, events.timing.nanoTime() - startedAt));
      events.deliver("listingEnded", new PassportListener.ListingEnded(listingId, customers, taken, outcome, failure,
          took), events.listener::listingEnded);
    }
  }
}
