package io.passport.customers.cli;

import io.passport.customers.Environment;
import io.passport.customers.PassportCustomersClient;
import io.passport.customers.sandbox.PassportSandbox;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The connection options every command shares, and what they add up to. Without credentials: an
 * embedded sandbox. With credentials: the environment ({@code --environment}) or base URL ({@code
 * --base-url}) the user names; there is no default, so credentials never go to a host the user did
 * not choose. Either way one line on standard error says where the tool talks (never the token).
 */
final class ConnectionOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--base-url", paramLabel = "URL",
      description = "API base URL, e.g. http://127.0.0.1:8080/ for a sandbox. With credentials, give this or --environment.")
  String baseUrl;

  @Option(names = "--environment", paramLabel = "ENV",
      description = "SANDBOX or PRODUCTION: the Passport host to use. With credentials, give this or --base-url.")
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

  /**
   * A client and what it owns: the embedded sandbox when one was started, the OkHttp client with its
   * threads, and the raw responses it keeps; close them all with it.
   *
   * @param target where it talks, as one line (for messages and checkpoints; never a secret)
   */
  record Connection(PassportCustomersClient client, PassportSandbox sandbox, OkHttpClient http,
      RawResponses raw, String target) implements AutoCloseable {
    @Override
    public void close() {
      client.close();
      http.dispatcher().executorService().shutdownNow();
      http.connectionPool().evictAll();
      if (sandbox != null) {
        sandbox.close();
      }
    }
  }

  /** Checks the options against each other; exit 2 naming them. No network, nothing started. */
  void validate(Map<String, String> env) {
    if (baseUrl != null && environment != null) {
      throw usage("--base-url and --environment conflict: give one of them");
    }
    if (token != null && (clientId != null || clientSecret != null)) {
      throw usage("--token and --client-id/--client-secret conflict: give a token or client credentials, not both");
    }
    Credentials credentials = credentials(env);
    if ((credentials.id == null) != (credentials.secret == null)) {
      throw usage("--client-id and --client-secret go together (or PASSPORT_CLIENT_ID and PASSPORT_CLIENT_SECRET)");
    }
    boolean any = credentials.token != null || credentials.id != null;
    if (!any && (baseUrl != null || environment != null)) {
      throw usage("no credentials for " + (baseUrl != null ? "--base-url" : "--environment")
          + ": give --token, or --client-id and --client-secret (or PASSPORT_ACCESS_TOKEN, or PASSPORT_CLIENT_ID"
          + " and PASSPORT_CLIENT_SECRET); without credentials and without these options an embedded sandbox is used");
    }
    if (any && baseUrl == null && environment == null) {
      throw usage("credentials given but not where to use them: add --environment SANDBOX or --environment"
          + " PRODUCTION, or --base-url URL (there is no default host)");
    }
    if (baseUrl != null) {
      OptionValues.check(spec, "--base-url", () -> PassportCustomersClient.builder().baseUrl(baseUrl));
    }
  }

  /** Where this run will talk, known before connecting: the base URL, or the embedded sandbox. */
  String plannedTarget(Map<String, String> env) {
    if (baseUrl != null) {
      return normalise(baseUrl);
    }
    if (environment != null) {
      return environment.baseUrl();
    }
    return "embedded sandbox (" + PassportSandbox.DEFAULT_CUSTOMERS + " synthetic customers)";
  }

  private static String normalise(String url) {
    return url.endsWith("/") ? url : url + "/";
  }

  Connection connect(Map<String, String> env, int parallelism, PrintWriter err, boolean quiet) {
    validate(env);
    Credentials credentials = credentials(env);
    RawResponses raw = new RawResponses();
    boolean embedded = credentials.token == null && credentials.id == null;
    OkHttpClient.Builder okHttp = new OkHttpClient.Builder().addInterceptor(raw);
    if (embedded) {
      // The embedded sandbox speaks plain HTTP on 127.0.0.1: with no TLS connection spec OkHttp sets up no
      // TLS at all (the JDK's trust store and security providers cost about a tenth of the run's time).
      okHttp.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
    }
    OkHttpClient http = okHttp.build();
    PassportCustomersClient.Builder builder = PassportCustomersClient.builder()
        .okHttpClient(http)
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(30))
        .callTimeout(Duration.ofSeconds(60));
    OptionValues.check(spec, "--parallelism", () -> builder.parallelism(parallelism));
    PassportSandbox sandbox = null;
    String line;
    if (embedded) {
      try {
        sandbox = PassportSandbox.builder().customers(PassportSandbox.DEFAULT_CUSTOMERS).start();
      } catch (java.io.IOException e) {
        throw new IllegalStateException("cannot start the embedded sandbox: " + e.getMessage(), e);
      }
      builder.baseUrl(sandbox.baseUrl()).accessToken(PassportSandbox.STATIC_TOKEN);
      line = "talking to an embedded sandbox at " + sandbox.baseUrl() + " (" + PassportSandbox.DEFAULT_CUSTOMERS
          + " synthetic customers): no credentials given; give credentials and --environment or --base-url"
          + " to list real customers";
    } else {
      if (credentials.token != null) {
        builder.accessToken(credentials.token);
      } else {
        builder.clientCredentials(credentials.id, credentials.secret);
      }
      String how = credentials.token != null ? "an access token" : "client credentials";
      if (baseUrl != null) {
        builder.baseUrl(baseUrl);
        line = "talking to " + normalise(baseUrl) + " (--base-url) with " + how;
      } else {
        builder.environment(environment);
        line = "talking to " + environment + " (" + environment.baseUrl() + ") with " + how;
      }
    }
    if (!quiet) {
      err.println("passport-customers: " + line);
      err.flush();
    }
    try {
      var built = builder.build();
      return new Connection(built, sandbox, http, raw, plannedTarget(env));
    } catch (RuntimeException e) {
      if (sandbox != null) {
        sandbox.close();
      }
      throw e;
    }
  }

  private record Credentials(String token, String id, String secret) {}

  private Credentials credentials(Map<String, String> env) {
    boolean fromOptions = token != null || clientId != null || clientSecret != null;
    if (fromOptions) {
      return new Credentials(token, clientId, clientSecret);
    }
    String envToken = blankToNull(env.get("PASSPORT_ACCESS_TOKEN"));
    if (envToken != null) {
      return new Credentials(envToken, null, null);
    }
    return new Credentials(null, blankToNull(env.get("PASSPORT_CLIENT_ID")), blankToNull(env.get("PASSPORT_CLIENT_SECRET")));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
