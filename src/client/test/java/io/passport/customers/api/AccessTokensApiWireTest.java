package io.passport.customers.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.passport.customers.internal.ApiJson;
import io.passport.customers.model.AccessTokenRequest;
import io.passport.customers.model.AccessTokenResponse;
import java.io.IOException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import retrofit2.Response;
import retrofit2.Retrofit;
import retrofit2.converter.moshi.MoshiConverterFactory;

/** The token call: a JSON body (not a form) with snake_case names, and a decoded token. */
class AccessTokensApiWireTest {
  private final MockWebServer server = new MockWebServer();
  private AccessTokensApi api;

  @BeforeEach
  void start() throws IOException {
    server.start();
    api =
        new Retrofit.Builder()
            .baseUrl(server.url("/"))
            .addConverterFactory(MoshiConverterFactory.create(ApiJson.moshi()))
            .build()
            .create(AccessTokensApi.class);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void postsClientCredentialsAsJsonAndDecodesTheToken() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .body(
                "{\"access_token\":\"tok-123\",\"token_type\":\"Bearer\",\"expires_in\":86400,"
                    + "\"token_id\":\"t-1\",\"scopes\":[\"paas.core.entity_customers.list.get\"],"
                    + "\"account_id\":\"a-1\",\"created_at\":\"2025-10-09T17:30:00Z\",\"roles\":[\"r\"]}")
            .build());

    Response<AccessTokenResponse> response =
        api.issueAccessToken(
                new AccessTokenRequest()
                    .clientId("client-1")
                    .clientSecret("s3cr3t")
                    .grantType(AccessTokenRequest.GrantTypeEnum.CLIENT_CREDENTIALS))
            .execute();

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/iam/oauth/tokens");
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(request.getBody().utf8())
        .isEqualTo(
            "{\"client_id\":\"client-1\",\"client_secret\":\"s3cr3t\",\"grant_type\":\"client_credentials\"}");

    AccessTokenResponse token = response.body();
    assertThat(token.getAccessToken()).isEqualTo("tok-123");
    assertThat(token.getTokenType()).isEqualTo("Bearer");
    assertThat(token.getExpiresIn()).isEqualTo(86400L);
    assertThat(token.getTokenId()).isEqualTo("t-1");
    assertThat(token.getScopes()).containsExactly("paas.core.entity_customers.list.get");
    assertThat(token.getAccountId()).isEqualTo("a-1");
    assertThat(token.getCreatedAt()).hasToString("2025-10-09T17:30Z");
    assertThat(token.getRoles()).containsExactly("r");
  }

  @Test
  void secretsAreRedactedFromGeneratedToString() {
    AccessTokenRequest request = new AccessTokenRequest().clientId("client-1").clientSecret("canary-secret");
    AccessTokenResponse token = new AccessTokenResponse().accessToken("canary-token").tokenId("t-1");

    assertThat(request.toString()).contains("client-1").doesNotContain("canary-secret");
    assertThat(token.toString()).contains("t-1").doesNotContain("canary-token");
  }
}
