package io.passport.customers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Types;
import io.passport.customers.internal.ApiJson;
import io.passport.customers.model.Customer;
import io.passport.customers.sandbox.PassportSandbox;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The command-line tool end to end, against a sandbox on loopback. */
class CliTest {
  private static final JsonAdapter<Customer> CUSTOMER = ApiJson.moshi().adapter(Customer.class);
  private static final JsonAdapter<List<Customer>> CUSTOMERS =
      ApiJson.moshi().adapter(Types.newParameterizedType(List.class, Customer.class));
  private static PassportSandbox sandbox;

  record Result(int exitCode, String out, String err) {
    List<String> lines() {
      return out.isEmpty() ? List.of() : Arrays.asList(out.split("\r?\n"));
    }
  }

  @BeforeAll
  static void startSandbox() throws IOException {
    sandbox = PassportSandbox.builder().customers(137).seed(11).start();
  }

  @AfterAll
  static void stopSandbox() {
    sandbox.close();
  }

  static Result run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = PassportCustomersCli.run(args, env, new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }

  static Result run(String... args) {
    return run(Map.of(), args);
  }

  static Result onSandbox(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--base-url", sandbox.baseUrl(), "--token", PassportSandbox.STATIC_TOKEN));
    return run(all.toArray(String[]::new));
  }

  private static List<Customer> ndjson(Result result) {
    return result.lines().stream().map(line -> {
      try {
        return CUSTOMER.fromJson(line);
      } catch (IOException e) {
        throw new AssertionError(line, e);
      }
    }).toList();
  }

  @Test
  void withoutBaseUrlOrCredentialsItListsFromAnEmbeddedSandboxAndSaysSo() {
    Result result = run("list", "--all");

    assertThat(result.exitCode()).isZero();
    assertThat(result.err().lines().filter(l -> l.contains("embedded sandbox")).toList()).singleElement()
        .satisfies(l -> assertThat(l).contains("http://127.0.0.1:", "250 synthetic customers"));
    assertThat(result.lines()).hasSize(1 + 250);
    assertThat(result.lines().get(0)).startsWith("ID").contains("BUSINESS NAME", "STATUS", "CREATED AT");
  }

  @Test
  void listWithoutAllPrintsOnePageAndSaysWhereItIs() {
    Result result = onSandbox("list", "--page-size", "20", "--page", "2");

    assertThat(result.exitCode()).isZero();
    assertThat(result.lines()).hasSize(21);
    assertThat(result.err()).contains("page 2 of 7 (137 customers)");
  }

  @Test
  void allWithNdjsonIsTheConcatenationOfEveryPageWithSnakeCaseNames() {
    Result all = onSandbox("list", "--all", "--format", "ndjson", "--page-size", "25");
    List<Customer> pages = new ArrayList<>();
    for (int page = 1; page <= 6; page++) {
      Result one = onSandbox("list", "--format", "ndjson", "--page-size", "25", "--page", String.valueOf(page));
      assertThat(one.exitCode()).isZero();
      pages.addAll(ndjson(one));
    }

    assertThat(all.exitCode()).isZero();
    assertThat(ndjson(all)).hasSize(137).isEqualTo(pages);
    assertThat(all.lines().get(0)).startsWith("{").contains("\"business_name\":", "\"identification_number\":",
        "\"created_at\":").doesNotContain("businessName");
  }

  @Test
  void parallelAllGivesTheSameOutputAsSequential() {
    Result sequential = onSandbox("list", "--all", "--format", "ndjson", "--page-size", "10");
    Result parallel = onSandbox("list", "--all", "--format", "ndjson", "--page-size", "10", "--parallelism", "6");

    assertThat(parallel.exitCode()).isZero();
    assertThat(parallel.out()).isEqualTo(sequential.out());
  }

  @Test
  void jsonIsOneArrayOfTheApisObjects() throws IOException {
    Result result = onSandbox("list", "--all", "--format", "json");

    assertThat(result.exitCode()).isZero();
    List<Customer> customers = CUSTOMERS.fromJson(result.out());
    assertThat(customers).hasSize(137).isEqualTo(ndjson(onSandbox("list", "--all", "--format", "ndjson")));
  }

  @Test
  void jsonOfAnEmptyListingIsAnEmptyArray() throws IOException {
    Result result = onSandbox("list", "--format", "json", "--identification-type", "PA");

    assertThat(result.exitCode()).isZero();
    assertThat(CUSTOMERS.fromJson(result.out())).isEmpty();
  }

  @Test
  void csvHasAHeaderOneRowPerCustomerAndQuotesWhatNeedsIt() {
    Result result = onSandbox("list", "--all", "--format", "csv");

    assertThat(result.exitCode()).isZero();
    List<String> lines = result.lines();
    assertThat(lines).hasSize(138);
    assertThat(lines.get(0)).isEqualTo("id,type,business_name,email,mobile_phone_number,identification_type,"
        + "identification_number,merchant_category_code,status,address_line_1,address_line_2,address_line_3,"
        + "address_city,address_state,address_post_code,address_country,created_at,updated_at");
    assertThat(result.out()).contains("\r\n");
    assertThat(lines.subList(1, 138)).allSatisfy(l -> assertThat(l).endsWith("Z").contains(",CO,"));
  }

  @Test
  void csvQuotesCommasQuotesAndNewlines() {
    StringWriter out = new StringWriter();
    CustomerWriter writer = new CustomerWriter(CustomerWriter.Format.csv, new PrintWriter(out), false);
    writer.write(new Customer().id("c-1").businessName("Ñandú, \"La\" Cía\nS.A.S."));

    assertThat(out.toString()).startsWith("id,type,business_name,").contains("\r\nc-1,,\"Ñandú, \"\"La\"\" Cía\nS.A.S.\",");
  }

  @Test
  void outputGoesToAFileWhenAsked(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("customers.ndjson");
    Result result = onSandbox("list", "--all", "--format", "ndjson", "--output", file.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).hasSize(137);
  }

  @Test
  void filtersAndOrderingReachTheServer() {
    List<Customer> all = ndjson(onSandbox("list", "--all", "--format", "ndjson"));
    Customer target = all.get(42);

    assertThat(ndjson(onSandbox("list", "--format", "ndjson", "--customer-id", target.getId()))).containsExactly(target);
    assertThat(ndjson(onSandbox("list", "--format", "ndjson", "--identification-number", target.getIdentificationNumber())))
        .contains(target);
    assertThat(ndjson(onSandbox("list", "--all", "--format", "ndjson", "--identification-type", "CC")))
        .isNotEmpty().allSatisfy(c -> assertThat(c.getIdentificationType()).isEqualTo("CC"));
    assertThat(ndjson(onSandbox("list", "--all", "--format", "ndjson", "--order-key", "business_name",
        "--order-direction", "desc")).stream().map(c -> c.getBusinessName().toLowerCase()).toList())
        .isSortedAccordingTo(java.util.Comparator.reverseOrder());
  }

  @Test
  void getPrintsOneCustomerInEachFormat() throws IOException {
    Customer target = ndjson(onSandbox("list", "--format", "ndjson")).get(3);

    Result json = onSandbox("get", target.getId(), "--format", "json");
    assertThat(json.exitCode()).isZero();
    assertThat(CUSTOMER.fromJson(json.out())).isEqualTo(target);
    Result table = onSandbox("get", target.getId());
    assertThat(table.lines()).hasSize(2);
    assertThat(table.lines().get(1)).startsWith(target.getId());
    assertThat(onSandbox("get", target.getId(), "--format", "csv").lines()).hasSize(2);
  }

  @Test
  void anApiErrorExitsWithOneAndOneClearLine() {
    Result result = onSandbox("get", "no-such-customer");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().strip()).startsWith("passport-customers: HTTP 404 NOT_FOUND [NOT_FOUND]: customer not found (trace_id ")
        .doesNotContain("\n").doesNotContain("at io.passport");
  }

  @Test
  void verboseAddsTheStackTrace() {
    Result result = onSandbox("get", "no-such-customer", "--verbose");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("HTTP 404", "at io.passport.customers");
  }

  @Test
  void aRefusedTokenExitsWithOne() {
    Result result = run("list", "--base-url", sandbox.baseUrl(), "--token", "not-a-token");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("HTTP 401 UNAUTHORIZED [UNAUTHENTICATED]: unknown access token").doesNotContain("not-a-token");
  }

  @Test
  void anUnreachableServerExitsWithOne() throws IOException {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Result result = run("list", "--base-url", "http://127.0.0.1:" + port + "/", "--token", "t");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("TRANSPORT");
  }

  @Test
  void credentialsComeFromTheEnvironment() {
    Result token = run(Map.of("PASSPORT_ACCESS_TOKEN", PassportSandbox.STATIC_TOKEN),
        "list", "--base-url", sandbox.baseUrl(), "--format", "ndjson");
    Result clientCredentials = run(Map.of("PASSPORT_CLIENT_ID", PassportSandbox.DEFAULT_CLIENT_ID,
            "PASSPORT_CLIENT_SECRET", PassportSandbox.DEFAULT_CLIENT_SECRET),
        "list", "--base-url", sandbox.baseUrl(), "--format", "ndjson");

    assertThat(token.exitCode()).isZero();
    assertThat(token.lines()).hasSize(10);
    assertThat(clientCredentials.exitCode()).isZero();
    assertThat(clientCredentials.out()).isEqualTo(token.out());
    assertThat(token.err()).doesNotContain("embedded");
  }

  static Stream<Arguments> badCommandLines() {
    String url = "http://127.0.0.1:9/";
    return Stream.of(
        Arguments.of(new String[] {"list", "--page-size", "0"}, "--page-size", "between 1 and 100"),
        Arguments.of(new String[] {"list", "--page-size", "101"}, "--page-size", "between 1 and 100"),
        Arguments.of(new String[] {"list", "--page-size", "ten"}, "--page-size", "'ten' is not an int"),
        Arguments.of(new String[] {"list", "--page", "0"}, "--page", "between 1 and 2147483647"),
        Arguments.of(new String[] {"list", "--page", "-3"}, "--page", "between 1 and 2147483647"),
        Arguments.of(new String[] {"list", "--order-key", "Created At"}, "--order-key", "created_at"),
        Arguments.of(new String[] {"list", "--order-direction", "SIDEWAYS"}, "--order-direction", "ASC, DESC"),
        Arguments.of(new String[] {"list", "--identification-type", "X".repeat(33)}, "--identification-type", "1 to 32"),
        Arguments.of(new String[] {"list", "--identification-number", ""}, "--identification-number", "1 to 64"),
        Arguments.of(new String[] {"list", "--customer-id", "x".repeat(65)}, "--customer-id", "1 to 64"),
        Arguments.of(new String[] {"list", "--parallelism", "0"}, "--parallelism", "between 1 and 32"),
        Arguments.of(new String[] {"list", "--parallelism", "33"}, "--parallelism", "between 1 and 32"),
        Arguments.of(new String[] {"list", "--format", "xml"}, "--format", "table, json, ndjson, csv"),
        Arguments.of(new String[] {"list", "--client-id", "id"}, "--client-secret", "go together"),
        Arguments.of(new String[] {"list", "--base-url", url}, "--token", "no credentials"),
        Arguments.of(new String[] {"list", "--base-url", "http://api.example.com/", "--token", "t"}, "--base-url", "https://"),
        Arguments.of(new String[] {"list", "--base-url", "not a url", "--token", "t"}, "--base-url", "http:// or https://"),
        Arguments.of(new String[] {"list", "--environment", "STAGING", "--token", "t"}, "--environment", "SANDBOX, PRODUCTION"),
        Arguments.of(new String[] {"list", "--colour"}, "--colour", "Unknown option"),
        Arguments.of(new String[] {"get"}, "CUSTOMER_ID", "Missing required parameter"),
        Arguments.of(new String[] {"get", " "}, "CUSTOMER_ID", "1 to 64"),
        Arguments.of(new String[] {"sandbox", "--fail-rate", "1.5"}, "--fail-rate", "between 0 and 1"),
        Arguments.of(new String[] {"sandbox", "--latency-ms", "-1"}, "--latency-ms", "between 0 and 1 minute"),
        Arguments.of(new String[] {"sandbox", "--port", "70000"}, "--port", "between 0 and 65535"),
        Arguments.of(new String[] {"sandbox", "--customers", "-1"}, "--customers", "between 0 and 10000000"),
        Arguments.of(new String[] {"sandbox", "--retry-after", "301"}, "--retry-after", "between 0 and 300"),
        Arguments.of(new String[] {"sandbox", "--customers-created-since", "yesterday"}, "--customers-created-since", "RFC 3339"),
        Arguments.of(new String[] {"frobnicate"}, "frobnicate", "Unmatched argument"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCommandLines")
  void aBadCommandLineExitsWithTwoNamingTheOptionAndWhatItAllows(String[] args, String option, String allowed) {
    Result result = run(args);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains(option).contains(allowed).doesNotContain("\tat ");
  }

  @Test
  void theSandboxCommandPrintsItsBaseUrlFirstAndServesUntilInterrupted() throws Exception {
    StringWriter out = new StringWriter();
    int[] exit = {-1};
    Thread thread = new Thread(() -> exit[0] = PassportCustomersCli.run(
        new String[] {"sandbox", "--port", "0", "--customers", "7", "--seed", "3"}, Map.of(),
        new PrintWriter(out, true), new PrintWriter(new StringWriter())));
    thread.start();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!out.toString().contains("\n") && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    String baseUrl = out.toString().lines().findFirst().orElseThrow();
    assertThat(baseUrl).matches("http://127\\.0\\.0\\.1:\\d+/");

    Result listed = run("list", "--all", "--format", "ndjson", "--base-url", baseUrl, "--token", PassportSandbox.STATIC_TOKEN);
    assertThat(listed.lines()).hasSize(7);

    thread.interrupt();
    thread.join(10_000);
    assertThat(exit[0]).isZero();
  }

  @Test
  void theProgressBarFillsInProportion() {
    assertThat(ProgressBar.render(0, 200L)).isEqualTo("[" + ".".repeat(30) + "] 0/200 customers");
    assertThat(ProgressBar.render(100, 200L)).isEqualTo("[" + "#".repeat(15) + ".".repeat(15) + "] 100/200 customers");
    assertThat(ProgressBar.render(200, 200L)).isEqualTo("[" + "#".repeat(30) + "] 200/200 customers");
    assertThat(ProgressBar.render(5, null)).isEqualTo("5 customers");
  }

  @Test
  void helpAndVersionExitWithZero() {
    assertThat(run("--help").exitCode()).isZero();
    assertThat(run("list", "--help").out()).contains("--page-size", "--all", "--format", "--base-url", "--client-id");
    assertThat(run("--version").out()).startsWith("passport-customers-java ");
  }
}
