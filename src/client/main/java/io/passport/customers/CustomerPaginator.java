package io.passport.customers;

import io.passport.customers.model.Customer;
import io.passport.customers.model.ListCustomersResponse;
import java.util.Collections;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Every customer a query matches, page after page, as an {@link Iterable} and as a {@link Stream};
 * {@link #pages()} and {@link #pageStream()} give the same listing a page at a time.
 *
 * <p>Lazy: nothing is fetched until iteration starts, and each new iteration or stream starts a new
 * listing from the query's first page. Customers come in the server's order; only the pages in flight
 * are held in memory. All pages are cut from one snapshot: the first page's {@code
 * first_request_timestamp} is sent back on every later page. An entity without customers (a 404)
 * yields nothing.
 *
 * <p>Iterating throws {@link PassportException} when a page cannot be fetched after the retries the
 * client allows, or when the pages contradict each other (so a listing never ends short silently).
 * Close the streams (try-with-resources) to cancel pages still in flight when you stop early. This
 * object is immutable and may be shared; each iterator or stream it hands out belongs to one thread.
 */
public final class CustomerPaginator implements Iterable<Customer> {
  private final Supplier<PageIterator> pages;

  CustomerPaginator(Supplier<PageIterator> pages) {
    this.pages = pages;
  }

  /** A new iteration over every customer. */
  @Override
  public Iterator<Customer> iterator() {
    return new CustomerIterator(pages.get());
  }

  /** {@return a new sequential stream of every customer; closing it cancels the pages in flight} */
  public Stream<Customer> stream() {
    CustomerIterator customers = new CustomerIterator(pages.get());
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(customers, Spliterator.ORDERED | Spliterator.NONNULL), false)
        .onClose(customers.pages::close);
  }

  /** {@return the same listing a page at a time; each iteration starts anew. Empty pages are not yielded} */
  public Iterable<ListCustomersResponse> pages() {
    return pages::get;
  }

  /** {@return a new sequential stream of the pages; closing it cancels the pages in flight} */
  public Stream<ListCustomersResponse> pageStream() {
    PageIterator iterator = pages.get();
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED | Spliterator.NONNULL), false)
        .onClose(iterator::close);
  }

  private static final class CustomerIterator implements Iterator<Customer> {
    final PageIterator pages;
    private Iterator<Customer> current = Collections.emptyIterator();

    CustomerIterator(PageIterator pages) {
      this.pages = pages;
    }

    @Override
    public boolean hasNext() {
      while (!current.hasNext()) {
        if (!pages.hasNext()) {
          return false;
        }
        current = pages.next().getCustomers().iterator();
      }
      return true;
    }

    @Override
    public Customer next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      return current.next();
    }
  }
}
