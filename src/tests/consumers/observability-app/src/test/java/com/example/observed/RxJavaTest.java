package com.example.observed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.passport.customers.CustomerQuery;
import io.passport.customers.PassportCustomersClient;
import io.passport.customers.model.Customer;
import io.passport.customers.sandbox.PassportSandboxExtension;
import io.reactivex.rxjava3.core.Flowable;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reactivestreams.FlowAdapters;

/** The paginator's Flow.Publisher read by RxJava 3, through the Reactive Streams FlowAdapters only. */
class RxJavaTest {
  @RegisterExtension
  static final PassportSandboxExtension SANDBOX = new PassportSandboxExtension();

  @Test
  void aFlowableInBatchesOf7GetsEveryCustomerExactlyOnceInTheListingsOrder(PassportCustomersClient client) {
    CustomerQuery pagesOf50 = CustomerQuery.builder().pageSize(50).build();
    List<String> expected = client.listAll(pagesOf50).stream().map(Customer::getId).toList();

    List<String> ids = Flowable.fromPublisher(FlowAdapters.toPublisher(client.listAll(pagesOf50).publisher()))
        .rebatchRequests(7)
        .map(Customer::getId)
        .toList()
        .blockingGet();

    assertEquals(250, new HashSet<>(ids).size(), "250 customers, none twice");
    assertEquals(expected, ids);
  }
}
