package io.passport.customers.sandbox;

import io.passport.customers.PassportCustomersClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that starts one seeded {@link PassportSandbox} per test class and hands it, its
 * base URL and a client of it to the tests, as parameters of test, lifecycle or constructor methods:
 *
 * <pre>{@code
 * @ExtendWith(PassportSandboxExtension.class)
 * class MyServiceTest {
 *   @Test
 *   void exportsEveryCustomer(PassportSandbox sandbox, PassportCustomersClient client, URI baseUrl) {
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>Declared with {@code @ExtendWith}, the sandbox is {@link PassportSandbox#builder()}'s default ({@value PassportSandbox#DEFAULT_CUSTOMERS}
 * customers from seed {@value PassportSandbox#DEFAULT_SEED}). To choose, register it from a static field:
 * {@code @RegisterExtension static final PassportSandboxExtension SANDBOX =
 * new PassportSandboxExtension(PassportSandbox.builder().customers(40).seed(7));}.
 *
 * <p>The sandbox starts before the class's first test and stops after its last one; {@code @Nested}
 * classes share their outer class's sandbox. The tests of a class share its customers, tokens and faults:
 * call {@link PassportSandbox#reset()} where a test needs a fresh start. The client uses a token the
 * sandbox issued with both customer scopes, and is closed before the sandbox stops.
 *
 * <p>Thread-safe: one extension instance may serve classes that run in parallel, each with its own sandbox.
 */
public final class PassportSandboxExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(PassportSandboxExtension.class);
  private static final String KEY = "running";

  private final PassportSandbox.Builder builder;

  /** An extension whose sandbox is {@link PassportSandbox#builder()}'s default. */
  public PassportSandboxExtension() {
    this(PassportSandbox.builder());
  }

  /**
   * An extension whose sandboxes are started from this builder; keep using the builder only through the
   * extension afterwards.
   *
   * @param builder how to start each sandbox
   */
  public PassportSandboxExtension(PassportSandbox.Builder builder) {
    this.builder = Objects.requireNonNull(builder, "builder");
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    if (context.getStore(NAMESPACE).get(KEY, Running.class) == null) { // an outer class's sandbox serves @Nested ones
      Running running;
      synchronized (builder) {
        running = Running.start(builder);
      }
      context.getStore(NAMESPACE).put(KEY, running);
      context.getStore(NAMESPACE).put(context.getUniqueId(), running); // marks the class that owns it
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Running owned = context.getStore(NAMESPACE).remove(context.getUniqueId(), Running.class);
    if (owned != null) {
      context.getStore(NAMESPACE).remove(KEY);
      owned.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == PassportSandbox.class || type == PassportCustomersClient.class || type == URI.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Running running = context.getStore(NAMESPACE).get(KEY, Running.class);
    if (running == null) {
      throw new ParameterResolutionException("PassportSandboxExtension has no sandbox here: register it on the"
          + " class (@ExtendWith, or @RegisterExtension on a static field), not on a method or an instance field");
    }
    Class<?> type = parameter.getParameter().getType();
    if (type == PassportSandbox.class) {
      return running.sandbox;
    }
    if (type == PassportCustomersClient.class) {
      return running.client;
    }
    return URI.create(running.sandbox.baseUrl());
  }

  /** A started sandbox and the client of it that the tests share. */
  private static final class Running {
    final PassportSandbox sandbox;
    final PassportCustomersClient client;

    private Running(PassportSandbox sandbox, PassportCustomersClient client) {
      this.sandbox = sandbox;
      this.client = client;
    }

    static Running start(PassportSandbox.Builder builder) throws IOException {
      PassportSandbox sandbox = builder.start();
      try {
        String token = sandbox.issueToken(Duration.ofHours(12), PassportSandbox.LIST_SCOPE, PassportSandbox.GET_SCOPE);
        PassportCustomersClient client = PassportCustomersClient.builder()
            .baseUrl(sandbox.baseUrl())
            .accessToken(token)
            .build();
        return new Running(sandbox, client);
      } catch (RuntimeException e) {
        sandbox.close();
        throw e;
      }
    }

    void close() {
      try {
        client.close();
      } finally {
        sandbox.close();
      }
    }
  }
}
