package io.passport.customers.cli;

import io.passport.customers.Environment;
import io.passport.customers.PassportCustomersClient;
import io.passport.customers.sandbox.PassportSandbox;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The connection options every command shares, and what they add up to: a client of the real API,
 * of a sandbox elsewhere, or (with no base URL and no credentials) of an embedded sandbox.
 */
final class ConnectionOptions {
  static final int EMBEDDED_CUSTOMERS = 250;

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--base-url", paramLabel = "URL",
      description = "API base URL, e.g. http://127.0.0.1:8080/ for a sandbox (default: the --environment's host).")
  String baseUrl;

  @Option(names = "--environment", paramLabel = "ENV",
      description = "SANDBOX or PRODUCTION, when no --base-url is given (default: SANDBOX).")
  Environment environment;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "Access token (default: $PASSPORT_ACCESS_TOKEN).")
  String token;

  @Option(names = "--client-id", paramLabel = "ID", description = "Client id (default: $PASSPORT_CLIENT_ID).")
  String clientId;

  @Option(names = "--client-secret", paramLabel = "SECRET",
      description = "Client secret (default: $PASSPORT_CLIENT_SECRET).")
  String clientSecret;

  @Option(names = "--verbose", description = "Log retries and print stack traces.")
  boolean verbose;

  /** A client and, when one was started for it, the embedded sandbox; close both with it. */
  record Connection(PassportCustomersClient client, PassportSandbox sandbox) implements AutoCloseable {
    @Override
    public void close() {
      client.close();
      if (sandbox != null) {
        sandbox.close();
      }
    }
  }

  Connection connect(Map<String, String> env, int parallelism, PrintWriter err) throws IOException {
    String accessToken = token != null ? token : env.get("PASSPORT_ACCESS_TOKEN");
    String id = clientId != null ? clientId : env.get("PASSPORT_CLIENT_ID");
    String secret = clientSecret != null ? clientSecret : env.get("PASSPORT_CLIENT_SECRET");
    if ((id == null) != (secret == null)) {
      throw usage("--client-id and --client-secret go together (or PASSPORT_CLIENT_ID and PASSPORT_CLIENT_SECRET)");
    }
    PassportCustomersClient.Builder builder = PassportCustomersClient.builder().parallelism(parallelism);
    PassportSandbox sandbox = null;
    if (accessToken == null && id == null) {
      if (baseUrl != null || environment != null) {
        throw usage("no credentials: give --token, or --client-id and --client-secret"
            + " (or PASSPORT_ACCESS_TOKEN, or PASSPORT_CLIENT_ID and PASSPORT_CLIENT_SECRET)");
      }
      sandbox = PassportSandbox.builder().customers(EMBEDDED_CUSTOMERS).start();
      err.println("passport-customers: no --base-url or credentials given; using an embedded sandbox at "
          + sandbox.baseUrl() + " (" + EMBEDDED_CUSTOMERS + " synthetic customers)");
      builder.baseUrl(sandbox.baseUrl()).accessToken(PassportSandbox.STATIC_TOKEN);
    } else {
      if (accessToken != null) {
        builder.accessToken(accessToken);
      } else {
        builder.clientCredentials(id, secret);
      }
      try {
        if (baseUrl != null) {
          builder.baseUrl(baseUrl);
        } else if (environment != null) {
          builder.environment(environment);
        }
      } catch (IllegalArgumentException e) {
        throw usage("invalid value for option '--base-url': " + e.getMessage());
      }
    }
    return new Connection(builder.build(), sandbox);
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
