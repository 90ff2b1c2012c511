package io.passport.customers.contract;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import au.com.dius.pact.provider.junit5.HttpTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The contracts catch a broken provider: the sandbox behind a proxy that writes its JSON keys in
 * camelCase ({@code pagination_info} becomes {@code paginationInfo}), a classic serializer slip.
 * Every interaction in {@code contracts/} must then fail verification.
 */
@Provider(ContractBodies.PROVIDER)
@PactFolder("contracts")
class BrokenProviderPactTest extends SandboxProviderStates {
  private static final Pattern SNAKE_KEY = Pattern.compile("\"([a-z0-9]+)_([a-z0-9_]+)\":");
  private static final OkHttpClient HTTP = new OkHttpClient();
  private static MockWebServer camelCaseProxy;

  @BeforeAll
  static void startProxy() throws IOException {
    camelCaseProxy = new MockWebServer();
    camelCaseProxy.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return forwardToSandbox(request);
      }
    });
    camelCaseProxy.start();
  }

  @AfterAll
  static void stopProxy() {
    camelCaseProxy.close();
  }

  @BeforeEach
  void target(PactVerificationContext context) {
    context.setTarget(new HttpTestTarget("127.0.0.1", camelCaseProxy.getPort()));
  }

  @TestTemplate
  @ExtendWith(PactVerificationInvocationContextProvider.class)
  void everyInteractionFailsAgainstACamelCaseProvider(PactVerificationContext context) {
    assertThatThrownBy(context::verifyInteraction).isInstanceOf(AssertionError.class)
        .hasMessageContaining("Actual map is missing the following keys");
  }

  private static MockResponse forwardToSandbox(RecordedRequest request) {
    Request.Builder forward = new Request.Builder()
        .url(sandbox.baseUrl() + request.getTarget().substring(1))
        .headers(request.getHeaders().newBuilder().removeAll("Host").removeAll("Content-Length").build());
    if (request.getBody() != null && request.getBodySize() > 0) {
      forward.method(request.getMethod(), RequestBody.create(request.getBody(), MediaType.get("application/json")));
    } else {
      forward.method(request.getMethod(), null);
    }
    try (Response response = HTTP.newCall(forward.build()).execute()) {
      return new MockResponse.Builder().code(response.code())
          .setHeader("Content-Type", "application/json")
          .body(camelCase(response.body().string())).build();
    } catch (IOException e) {
      return new MockResponse.Builder().code(502).build();
    }
  }

  static String camelCase(String json) {
    String previous;
    String current = json;
    do {
      previous = current;
      Matcher m = SNAKE_KEY.matcher(current);
      current = m.replaceAll(r -> "\"" + r.group(1) + Character.toUpperCase(r.group(2).charAt(0)) + r.group(2).substring(1) + "\":");
    } while (!current.equals(previous));
    return current;
  }
}
