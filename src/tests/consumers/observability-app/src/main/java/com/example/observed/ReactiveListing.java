package com.example.observed;

import io.passport.customers.CustomerQuery;
import io.passport.customers.PassportCustomersClient;
import io.passport.customers.model.Customer;
import org.reactivestreams.FlowAdapters;
import reactor.core.publisher.Flux;

/** A listing read by Project Reactor: the client's Flow.Publisher through the Reactive Streams FlowAdapters. */
public final class ReactiveListing {
  private ReactiveListing() {}

  /**
   * Every customer the query lists, each subscription a listing of its own. Pages are fetched only as
   * far as the subscriber's demand needs (plus the listing's window), and cancelling the subscription,
   * as take(n) does, cancels the page calls in flight.
   */
  public static Flux<Customer> customers(PassportCustomersClient client, CustomerQuery query) {
    return Flux.from(FlowAdapters.toPublisher(client.listAll(query).publisher()));
  }
}
