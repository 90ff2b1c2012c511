package io.passport.customers.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.passport.customers.sandbox.PassportSandbox;
import io.passport.customers.sandbox.ProviderStates;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ForeignProviderPactTest} proves something only if its provider really shares nothing with the
 * contract's examples: here each example value is refused or finds nothing there, so every pass comes
 * from the values its provider states return.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ForeignProviderSharesNothingTest {
  private static final OkHttpClient HTTP = new OkHttpClient();

  private static int status(PassportSandbox provider, String target, String token) throws IOException {
    try (Response response = HTTP.newCall(new Request.Builder().url(provider.baseUrl() + target)
        .header("Authorization", "Bearer " + token).build()).execute()) {
      return response.code();
    }
  }

  private static String body(PassportSandbox provider, String target, String token) throws IOException {
    try (Response response = HTTP.newCall(new Request.Builder().url(provider.baseUrl() + target)
        .header("Authorization", "Bearer " + token).build()).execute()) {
      return response.body().string();
    }
  }

  @Test
  void theContractsExampleValuesGetNothingFromTheForeignProvider() throws IOException {
    try (PassportSandbox provider = SandboxProviderStates.foreignProvider().start()) {
      assertThat(status(provider, "v1/customers", ContractBodies.TOKEN)).as("the example token").isEqualTo(401);
      assertThat(status(provider, "v1/customers", PassportSandbox.STATIC_TOKEN)).as("the sandbox's static token")
          .isEqualTo(401);

      String token = (String) provider.providerState(ProviderStates.VALID_TOKEN, Map.of(), true).get("token");
      provider.providerState(ProviderStates.CUSTOMER_EXISTS, Map.of(), true);
      assertThat(status(provider, "v1/customers/" + ContractBodies.CUSTOMER_ID, token)).as("the example customer id")
          .isEqualTo(404);
      provider.providerState(ProviderStates.CUSTOMERS_EXIST, Map.of("count", 3), true);
      assertThat(body(provider, "v1/customers?page_params.page_size=1&page_params.page_number=2"
          + "&page_params.first_request_timestamp.seconds=" + ContractBodies.SNAPSHOT.getEpochSecond()
          + "&page_params.first_request_timestamp.nanos=" + ContractBodies.SNAPSHOT.getNano(), token))
          .as("page 2 of the example snapshot: every customer was created after it")
          .doesNotContain("\"id\"").contains("\"total_elements\":0");
    }
  }
}
