package io.passport.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.net.URI;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientBuilderTest {
  private static PassportCustomersClient.Builder withToken() {
    return PassportCustomersClient.builder().accessToken("t");
  }

  @Test
  void eachEnvironmentNamesItsHost() {
    try (PassportCustomersClient sandbox = withToken().environment(Environment.SANDBOX).build();
        PassportCustomersClient production = withToken().environment(Environment.PRODUCTION).build()) {
      assertThat(sandbox.baseUrl()).isEqualTo("https://api.paas.sandbox.co.passportfintech.com/");
      assertThat(production.baseUrl()).isEqualTo("https://api.paas.co.passportfintech.com/");
    }
  }

  @Test
  void buildingWithoutATargetNamesBothWaysToGiveOne() {
    assertThatIllegalStateException().isThrownBy(() -> withToken().build())
        .withMessageContaining("environment(").withMessageContaining("baseUrl(");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://localhost:8080", "http://127.0.0.1:1/", "http://127.1.2.3:9", "http://[::1]:8080/"})
  void plainHttpIsAllowedForLoopbackHosts(String url) {
    try (PassportCustomersClient client = withToken().baseUrl(url).build()) {
      assertThat(client.baseUrl()).endsWith("/").startsWith("http://");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://api.example.com", "http://10.0.0.1:8080/", "http://localhost.example.com/",
      "http://128.0.0.1/"})
  void plainHttpIsRefusedForEveryOtherHost(String url) {
    assertThatIllegalArgumentException().isThrownBy(() -> withToken().baseUrl(url))
        .withMessageContaining("baseUrl must use https://").withMessageContaining("loopback");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "api.paas.co.passportfintech.com", "ftp://host/", "https://"})
  void aBaseUrlThatIsNotHttpIsRefused(String url) {
    assertThatIllegalArgumentException().isThrownBy(() -> withToken().baseUrl(url))
        .withMessageContaining("baseUrl must be an http:// or https:// URL");
  }

  @Test
  void aBaseUrlWithAPathGetsItsTrailingSlash() {
    try (PassportCustomersClient client = withToken().baseUrl("https://gateway.example.com/passport").build()) {
      assertThat(client.baseUrl()).isEqualTo("https://gateway.example.com/passport/");
    }
  }

  @Test
  void aBaseUrlGivenAsAUriIsCheckedAndCompletedLikeItsString() {
    try (PassportCustomersClient client = withToken().baseUrl(URI.create("http://127.0.0.1:8080")).build()) {
      assertThat(client.baseUrl()).isEqualTo("http://127.0.0.1:8080/");
    }
    assertThatIllegalArgumentException().isThrownBy(() -> withToken().baseUrl(URI.create("http://example.com/")))
        .withMessageContaining("baseUrl must use https://");
    assertThatNullPointerException().isThrownBy(() -> withToken().baseUrl((URI) null)).withMessage("baseUrl");
  }

  @Test
  void aBaseUrlWithAQueryIsRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> withToken().baseUrl("https://h/?a=b"))
        .withMessageContaining("query");
  }

  @Test
  void buildingWithoutCredentialsSaysWhatIsMissing() {
    assertThatIllegalStateException()
        .isThrownBy(() -> PassportCustomersClient.builder().environment(Environment.SANDBOX).build())
        .withMessageContaining("accessToken").withMessageContaining("clientCredentials");
  }

  @Test
  void blankOrNullCredentialsAreRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> PassportCustomersClient.builder().accessToken(" "));
    assertThatIllegalArgumentException().isThrownBy(() -> PassportCustomersClient.builder().clientCredentials("id", ""));
    assertThatNullPointerException().isThrownBy(() -> PassportCustomersClient.builder().clientCredentials(null, "s"));
  }

  @Test
  void timeoutsMustBePositiveAndAtMostTenMinutes() {
    assertThatIllegalArgumentException().isThrownBy(() -> withToken().connectTimeout(Duration.ZERO))
        .withMessageContaining("connectTimeout must be more than 0 and at most 10 minutes");
    assertThatIllegalArgumentException().isThrownBy(() -> withToken().readTimeout(Duration.ofSeconds(-1)))
        .withMessageContaining("readTimeout");
    assertThatIllegalArgumentException().isThrownBy(() -> withToken().callTimeout(Duration.ofMinutes(11)))
        .withMessageContaining("callTimeout");
  }

  @Test
  void parallelismMustBeBetweenOneAndThirtyTwo() {
    assertThatIllegalArgumentException().isThrownBy(() -> withToken().parallelism(0))
        .withMessage("parallelism must be between 1 and 32, but was 0");
    assertThatIllegalArgumentException().isThrownBy(() -> withToken().parallelism(33))
        .withMessageContaining("was 33");
  }

  @Test
  void retryPolicyArgumentsAreChecked() {
    assertThatIllegalArgumentException().isThrownBy(() -> RetryPolicy.builder().maxAttempts(0))
        .withMessageContaining("maxAttempts must be between 1 and 100");
    assertThatIllegalArgumentException().isThrownBy(() -> RetryPolicy.builder().deadline(Duration.ZERO))
        .withMessageContaining("deadline");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RetryPolicy.builder().initialBackoff(Duration.ofSeconds(2)).maxBackoff(Duration.ofSeconds(1)).build())
        .withMessageContaining("maxBackoff");
  }

  @Test
  void aUserAgentMustBePrintableAscii() {
    assertThatIllegalArgumentException().isThrownBy(() -> withToken().userAgent("app\r\nX-Evil: 1"))
        .withMessageContaining("userAgent");
  }

  @Test
  void closingLeavesACallerSuppliedOkHttpClientUsable() {
    OkHttpClient shared = new OkHttpClient();
    withToken().environment(Environment.SANDBOX).okHttpClient(shared).build().close();

    assertThat(shared.dispatcher().executorService().isShutdown()).isFalse();
    shared.dispatcher().executorService().shutdown();
  }

  @Test
  void toStringNamesTheHostButNeverTheToken() {
    try (PassportCustomersClient client = PassportCustomersClient.builder()
        .environment(Environment.SANDBOX).accessToken("very-secret-token").build()) {
      assertThat(client.toString()).contains("api.paas.sandbox").doesNotContain("very-secret-token");
    }
  }
}
