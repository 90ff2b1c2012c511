package io.passport.customers.cli;

import io.passport.customers.sandbox.Faults;
import io.passport.customers.sandbox.PassportSandbox;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sandbox}: runs the local sandbox in the foreground until interrupted. The first line on
 * standard output is its base URL alone, for scripts.
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true, versionProvider = PassportCustomersCli.Version.class,
    sortOptions = false,
    description = "Runs a local Passport sandbox in the foreground; prints its base URL first.")
final class SandboxCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
      description = "Loopback port, 0 for any free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--customers", paramLabel = "N", defaultValue = "" + PassportSandbox.DEFAULT_CUSTOMERS,
      description = "Synthetic customers to start with (default: ${DEFAULT-VALUE}).")
  int customers;

  @Option(names = "--seed", paramLabel = "SEED", defaultValue = "" + PassportSandbox.DEFAULT_SEED,
      description = "Seed of the synthetic customers and of the faults (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--latency-ms", paramLabel = "MS", defaultValue = "0",
      description = "Latency added to every customer request (default: ${DEFAULT-VALUE}).")
  long latencyMillis;

  @Option(names = "--fail-rate", paramLabel = "RATE", defaultValue = "0",
      description = "Share of customer requests that fail (500, 503, 429, dropped, truncated), 0 to 1 (default: ${DEFAULT-VALUE}).")
  double failRate;

  @Option(names = "--retry-after", paramLabel = "SECONDS", defaultValue = "1",
      description = "Retry-After sent with injected 429 and 503 (default: ${DEFAULT-VALUE}).")
  int retryAfter;

  @Option(names = "--rate-limit", paramLabel = "N", defaultValue = "0",
      description = "Requests per second each access token may make on the customer endpoints, burst N;"
          + " more get 429 with Retry-After. 0 for no limit (default: ${DEFAULT-VALUE}).")
  int rateLimit;

  @Option(names = "--rate-limit-headers", negatable = false,
      description = "With --rate-limit, send the IETF draft RateLimit and RateLimit-Policy headers on customer answers.")
  boolean rateLimitHeaders;

  @Option(names = "--no-static-token", negatable = false,
      description = "Accept only tokens the sandbox issues (no always-valid token).")
  boolean noStaticToken;

  @Option(names = "--customers-created-since", paramLabel = "INSTANT",
      description = "Synthetic customers are created from INSTANT (RFC 3339, or 'now') up to when they are made,"
          + " instead of in 2023 to 2025.")
  String customersCreatedSince;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PassportSandbox.Builder builder = PassportSandbox.builder().seed(seed);
    Faults.Builder faultsBuilder = Faults.builder().seed(seed);
    OptionValues.check(spec, "--port", () -> builder.port(port));
    OptionValues.check(spec, "--customers", () -> builder.customers(customers));
    OptionValues.check(spec, "--latency-ms", () -> faultsBuilder.latency(Duration.ofMillis(latencyMillis)));
    OptionValues.check(spec, "--fail-rate", () -> faultsBuilder.failureRate(failRate));
    OptionValues.check(spec, "--retry-after", () -> faultsBuilder.retryAfterSeconds(retryAfter));
    OptionValues.check(spec, "--rate-limit", () -> faultsBuilder.rateLimit(rateLimit));
    faultsBuilder.rateLimitHeaders(rateLimitHeaders);
    if (noStaticToken) {
      builder.staticToken(null);
    }
    if (customersCreatedSince != null) {
      OptionValues.check(spec, "--customers-created-since", () -> builder.customersCreatedSince(
          "now".equals(customersCreatedSince) ? Instant.now() : parseInstant(customersCreatedSince)));
    }
    Faults faults = faultsBuilder.build();
    builder.faults(faults);
    PrintWriter out = spec.commandLine().getOut();
    try (PassportSandbox sandbox = builder.start()) {
      // Without the trailing slash: stock generated clients join "/v1/customers" to it as it is.
      out.println(sandbox.baseUrl().replaceAll("/+$", ""));
      out.println("Passport sandbox: " + customers + " customers (seed " + seed + "), " + faults);
      out.println((noStaticToken ? "No static token" : "Static token: " + PassportSandbox.STATIC_TOKEN)
          + "; client credentials: " + PassportSandbox.DEFAULT_CLIENT_ID + " / "
          + PassportSandbox.DEFAULT_CLIENT_SECRET + ". Ctrl-C stops it.");
      out.flush();
      CountDownLatch forever = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close));
      try {
        forever.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return 0;
  }

  private static Instant parseInstant(String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("must be an RFC 3339 date-time such as 2026-01-01T00:00:00Z, or now,"
          + " but was \"" + value + "\"");
    }
  }
}
