package io.passport.customers.sandbox;

import com.sun.net.httpserver.HttpExchange;
import io.passport.customers.model.AccessTokenRequest;
import io.passport.customers.model.AccessTokenResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Answers {@code POST /v1/iam/oauth/tokens} (the client-credentials grant): checks the body and the
 * credentials against the {@link TokenRegistry} and issues a token with both customer scopes.
 * Thread-safe: it keeps no state of its own.
 */
final class TokenHandler {
  private static final String RESOURCE = "tokens";
  private static final List<String> SCOPES = List.of(PassportSandbox.LIST_SCOPE, PassportSandbox.GET_SCOPE);

  private final TokenRegistry tokens;
  private final Clock clock;
  private final ErrorBodies errors;

  TokenHandler(TokenRegistry tokens, Clock clock, ErrorBodies errors) {
    this.tokens = tokens;
    this.clock = clock;
    this.errors = errors;
  }

  void handle(HttpExchange exchange) throws IOException {
    AccessTokenRequest request;
    try {
      request = SandboxJson.readBody(exchange, SandboxJson.TOKEN_REQUEST);
    } catch (IOException e) {
      errors.badRequest(exchange,
          "the body must be JSON {client_id, client_secret, grant_type: client_credentials}", RESOURCE);
      return;
    }
    if (request == null || request.getClientId() == null || request.getClientSecret() == null
        || request.getGrantType() == null) {
      errors.badRequest(exchange, "client_id, client_secret and grant_type are required", RESOURCE);
      return;
    }
    if (!tokens.acceptsClient(request.getClientId(), request.getClientSecret())) {
      errors.send(exchange, 401, "UNAUTHENTICATED", "invalid client credentials", RESOURCE);
      return;
    }
    String token = tokens.issue(tokens.lifetime(), SCOPES.toArray(String[]::new));
    AccessTokenResponse body = new AccessTokenResponse()
        .accessToken(token)
        .tokenType("Bearer")
        .expiresIn(tokens.lifetime().toSeconds())
        .tokenId(UUID.randomUUID().toString())
        .scopes(SCOPES)
        .accountId("sandbox-account")
        .createdAt(OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC))
        .roles(List.of("api-client"));
    SandboxJson.send(exchange, 200, SandboxJson.TOKEN, body, false);
  }
}
