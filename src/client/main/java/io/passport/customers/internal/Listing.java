package io.passport.customers.internal;

import io.passport.customers.CustomerPaginator;
import io.passport.customers.PassportListener;
import io.passport.customers.model.ListCustomersResponse;
import java.util.Iterator;
import java.util.function.IntSupplier;

/**
 * One listing's pages, as {@link CustomerPaginator} consumes them: {@link PageIterator}, or that
 * iterator observed for a {@link PassportListener} ({@link ObservedListing}). One consumer; {@link
 * #close()} from any thread.
 */
public interface Listing extends Iterator<ListCustomersResponse>, AutoCloseable {
  /** Stops the listing, cancelling its calls in flight. Idempotent. */
  @Override
  void close();

  /** {@return the listing's window of pages in flight} */
  InFlightLimit limit();

  /** {@return the page the listing starts from} */
  int firstPage();

  /**
   * Bounds the pages the listing sends ahead of its consumer by demand: no page after the one {@code
   * lastSendable} names is sent. Set before the first {@link #hasNext()}; no bound until then.
   */
  void boundAhead(IntSupplier lastSendable);

  /** The demand grew, or the consumer moved on: sends the pages the bound and the window allow now. */
  void demandChanged();

  /**
   * {@return whether the consumer has taken the last page, so that {@link #hasNext()} returns at once
   * (false, or throwing what the last check found)}
   */
  boolean exhausted();
}
