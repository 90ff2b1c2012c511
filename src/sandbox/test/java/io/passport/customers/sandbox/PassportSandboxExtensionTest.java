package io.passport.customers.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.passport.customers.CustomerQuery;
import io.passport.customers.PassportCustomersClient;
import io.passport.customers.model.Customer;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** The JUnit 5 extension other teams use: one sandbox per class, handed in, stopped afterwards. */
class PassportSandboxExtensionTest {
  /** No static token: the client the extension hands in must use a token the sandbox issued. */
  @RegisterExtension
  static final PassportSandboxExtension SANDBOX =
      new PassportSandboxExtension(PassportSandbox.builder().customers(40).seed(7).staticToken(null));

  @Test
  void theClientListsEveryCustomerOfTheSandboxItIsHandedWith(PassportSandbox sandbox, PassportCustomersClient client,
      URI baseUrl) {
    List<Customer> all = client.listAll(CustomerQuery.all()).stream().toList();

    assertThat(all).hasSize(40);
    assertThat(all.stream().map(Customer::getId).distinct()).hasSize(40);
    assertThat(baseUrl).hasToString(sandbox.baseUrl());
    assertThat(baseUrl.getHost()).isEqualTo("127.0.0.1");
  }

  private static PassportSandbox outer;

  @BeforeAll
  static void rememberTheClassSandbox(PassportSandbox sandbox) {
    outer = sandbox;
  }

  @Nested
  class NestedClasses {
    @Test
    void shareTheirOuterClassSandbox(PassportSandbox sandbox) {
      assertThat(sandbox).isSameAs(outer);
    }
  }

  /** Run through the JUnit engine below, so that its sandboxes can be looked at after the class ends. */
  @ExtendWith(PassportSandboxExtension.class)
  static class Recorder {
    static final List<PassportSandbox> SEEN = new CopyOnWriteArrayList<>();

    @Test
    void first(PassportSandbox sandbox) {
      SEEN.add(sandbox);
    }

    @Test
    void second(PassportSandbox sandbox) {
      SEEN.add(sandbox);
    }
  }

  @Test
  void aClassGetsOneSandboxThatStopsAfterItsLastTest() {
    Recorder.SEEN.clear();

    Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(Recorder.class)).execute().testEvents();

    tests.assertStatistics(stats -> stats.succeeded(2).failed(0));
    Set<PassportSandbox> distinct = new HashSet<>(Recorder.SEEN);
    assertThat(distinct).hasSize(1);
    PassportSandbox sandbox = distinct.iterator().next();
    assertThat(sandbox.customerCount()).as("the builder's default").isEqualTo(PassportSandbox.DEFAULT_CUSTOMERS).isEqualTo(250);
    assertThatThrownBy(() -> new Socket("127.0.0.1", sandbox.port()).close())
        .as("the port is closed once the class is done").isInstanceOf(IOException.class);
  }
}
