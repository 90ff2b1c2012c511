package io.passport.customers.contract;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import au.com.dius.pact.provider.junit5.HttpTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import java.io.IOException;
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
 * The contract still catches a broken provider, though it asks for little: the foreign provider behind
 * a proxy that makes four classic slips, one for each thing the client relies on. Successful bodies
 * come wrapped in an envelope ({@code {"data": ...}}); 401 and 403 are swapped; a bad request is a
 * 422; and a 404 is a "soft" 200. Every interaction in {@code contracts/} must then fail verification.
 */
@Provider(ContractBodies.PROVIDER)
@PactFolder("contracts")
class BrokenProviderPactTest extends SandboxProviderStates {
  private static final OkHttpClient HTTP = new OkHttpClient();
  private static MockWebServer brokenProxy;

  @BeforeAll
  static void startBrokenProxy() throws IOException {
    start(foreignProvider());
    brokenProxy = new MockWebServer();
    brokenProxy.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return forwardToSandbox(request);
      }
    });
    brokenProxy.start();
  }

  @AfterAll
  static void stopProxy() {
    brokenProxy.close();
  }

  @BeforeEach
  void target(PactVerificationContext context) {
    context.setTarget(new HttpTestTarget("127.0.0.1", brokenProxy.getPort()));
  }

  @TestTemplate
  @ExtendWith(PactVerificationInvocationContextProvider.class)
  void everyInteractionFailsAgainstABrokenProvider(PactVerificationContext context) {
    assertThatThrownBy(context::verifyInteraction).isInstanceOf(AssertionError.class)
        .message().containsAnyOf("expected status of", "Actual map is missing the following keys");
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
      String body = response.body().string();
      int status = switch (response.code()) {
        case 401 -> 403;
        case 403 -> 401;
        case 400 -> 422;
        case 404 -> 200;
        default -> response.code();
      };
      String broken = response.code() == 404 ? "{\"data\": null}"
          : response.isSuccessful() ? "{\"data\": " + body + "}" : body;
      return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(broken).build();
    } catch (IOException e) {
      return new MockResponse.Builder().code(502).build();
    }
  }
}
