package io.passport.customers;

import io.passport.customers.model.ListCustomersResponse;
import java.util.Iterator;

/**
 * One listing's pages, as {@link CustomerPaginator} consumes them: {@link PageIterator}, or that
 * iterator observed for a {@link PassportListener} ({@link ObservedListing}). One consumer; {@link
 * #close()} from any thread.
 */
interface Listing extends Iterator<ListCustomersResponse>, AutoCloseable {
  /** Stops the listing, cancelling its calls in flight. Idempotent. */
  @Override
  void close();

  /** {@return the listing's window of pages in flight} */
  InFlightLimit limit();
}
