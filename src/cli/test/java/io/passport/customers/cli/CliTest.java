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
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    PrintWriter help = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    int code = PassportCustomersCli.run(args, env, new PassportCustomersCli.Io(out, false, false), help, new PrintWriter(err));
    help.flush();
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString());
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
    assertThat(result.err()).contains("page 2 of 7 (137 customers in all)", "--all");
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

    assertThat(sequential.exitCode()).isZero();
    assertThat(sequential.lines()).hasSize(137);
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
  void anEntityWithoutCustomersIsAnEmptyListingThatSaysTheApiAnswered404() throws IOException {
    try (PassportSandbox empty = PassportSandbox.builder().customers(0).start()) {
      for (String[] args : new String[][] {{"list"}, {"list", "--all"}}) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--format", "ndjson", "--base-url", empty.baseUrl(), "--token", PassportSandbox.STATIC_TOKEN));
        Result result = run(all.toArray(String[]::new));

        assertThat(result.exitCode()).as(String.join(" ", args)).isZero();
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("no customers: the API answered 404 NOT_FOUND");
      }
    }
    Result filtered = onSandbox("list", "--format", "json", "--identification-type", "PA");
    // Matched on the words, not on "404": the sandbox's random port (40441 in one CI run) can contain it.
    assertThat(filtered.err()).as("an empty filter result is not a 404").doesNotContain("no customers").doesNotContain("NOT_FOUND");
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
  void csvQuotesCommasQuotesAndNewlines() throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    CustomerWriter writer = new CustomerWriter(CustomerWriter.Format.csv, bytes, false, true);
    writer.write(new Customer().id("c-1").businessName("Ñandú, \"La\" Cía\nS.A.S."), null);

    assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("id,type,business_name,").contains("\r\nc-1,,\"Ñandú, \"\"La\"\" Cía\nS.A.S.\",");
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
    List<String> lines = result.err().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).isEqualTo("passport-customers: talking to " + sandbox.baseUrl() + " (--base-url) with an access token");
    assertThat(lines.get(1)).startsWith("passport-customers: HTTP 404 NOT_FOUND [NOT_FOUND]: customer not found (trace_id ")
        .doesNotContain("at io.passport");
  }

  @Test
  void aFailurePrintsWhatTheProvidersSupportNeeds() throws IOException {
    try (mockwebserver3.MockWebServer server = new mockwebserver3.MockWebServer()) {
      server.enqueue(new mockwebserver3.MockResponse.Builder().code(403).addHeader("X-Request-Id", "req-9")
          .body("{\"message\":\"not yours\",\"code\":\"PERMISSION_DENIED\",\"trace_id\":\"trace-9\"}").build());
      server.start(java.net.InetAddress.getLoopbackAddress(), 0);

      Result result = run("get", "c-1", "--base-url", server.url("/").toString(), "--token", "t");

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.err().lines().toList()).last().isEqualTo(
          "passport-customers: HTTP 403 FORBIDDEN [PERMISSION_DENIED]: not yours (trace_id trace-9, request id req-9)");
    }
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
        Arguments.of(new String[] {"list", "--all", "--parallelism", "0"}, "--parallelism",
            "invalid value for option '--parallelism': parallelism must be between 1 and 32, but was 0"),
        Arguments.of(new String[] {"list", "--all", "--parallelism", "33"}, "--parallelism", "between 1 and 32"),
        Arguments.of(new String[] {"list", "--parallelism", "4"}, "--parallelism", "with --all only"),
        Arguments.of(new String[] {"list", "--order-key", "nope"}, "--order-key",
            "one of created_at, updated_at, business_name, identification_number"),
        Arguments.of(new String[] {"list", "--order-direction", "ORDER_DIRECTION_ENUM_UNSPECIFIED"}, "--order-direction", "ASC, DESC"),
        Arguments.of(new String[] {"list", "--resume", "--output", "x.csv"}, "--resume", "with --all only"),
        Arguments.of(new String[] {"list", "--all", "--resume"}, "--resume", "needs --output FILE"),
        Arguments.of(new String[] {"list", "--output", "/no/such/folder/x.csv"}, "--output", "/no/such/folder does not exist"),
        Arguments.of(new String[] {"list", "--output", "/tmp"}, "--output", "is a folder"),
        Arguments.of(new String[] {"list", "--format", "json", "--csv-raw"}, "--csv-raw", "--format csv only"),
        Arguments.of(new String[] {"list", "--base-url", url, "--environment", "SANDBOX", "--token", "t"}, "--base-url", "conflict"),
        Arguments.of(new String[] {"list", "--token", "t", "--client-id", "i", "--client-secret", "s", "--base-url", url},
            "--token", "conflict"),
        Arguments.of(new String[] {"list", "--token", "t"}, "--environment", "--base-url URL (there is no default host)"),
        Arguments.of(new String[] {"get", "some-id", "--client-id", "i", "--client-secret", "s"}, "--environment", "no default host"),
        Arguments.of(new String[] {"list", "--format", "xml"}, "--format", "table, json, ndjson, csv"),
        Arguments.of(new String[] {"list", "--client-id", "id"}, "--client-secret", "go together"),
        Arguments.of(new String[] {"list", "--base-url", url}, "--token", "no credentials"),
        Arguments.of(new String[] {"list", "--base-url", "http://api.example.com/", "--token", "t"}, "--base-url", "https://"),
        Arguments.of(new String[] {"list", "--base-url", "not a url", "--token", "t"}, "--base-url", "http:// or https://"),
        Arguments.of(new String[] {"list", "--environment", "STAGING", "--token", "t"}, "--environment", "SANDBOX, PRODUCTION"),
        Arguments.of(new String[] {"list", "--colour"}, "--colour", "Unknown option"),
        Arguments.of(new String[] {"get"}, "CUSTOMER_ID", "Missing required parameter"),
        Arguments.of(new String[] {"get", " "}, "CUSTOMER_ID", "1 to 64"),
        Arguments.of(new String[] {"get", "db7e89e7\u0007-59d8"}, "CUSTOMER_ID",
            "invalid value for CUSTOMER_ID: customerId (customer_id) must not contain control characters"),
        Arguments.of(new String[] {"list", "--customer-id", "c\u001b[2J"}, "--customer-id",
            "customerId (customer_id) must not contain control characters"),
        Arguments.of(new String[] {"sandbox", "--fail-rate", "1.5"}, "--fail-rate", "between 0 and 1"),
        Arguments.of(new String[] {"sandbox", "--latency-ms", "-1"}, "--latency-ms", "between 0 and 1 minute"),
        Arguments.of(new String[] {"sandbox", "--port", "70000"}, "--port", "between 0 and 65535"),
        Arguments.of(new String[] {"sandbox", "--customers", "-1"}, "--customers", "between 0 and 10000000"),
        Arguments.of(new String[] {"sandbox", "--retry-after", "301"}, "--retry-after", "between 0 and 300"),
        Arguments.of(new String[] {"sandbox", "--rate-limit", "-1"}, "--rate-limit", "0 (no limit) or more"),
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
  void theEmbeddedSandboxIsReachedWithoutTlsAndAHostTheUserNamesWithIt() {
    // No TLS connection spec means OkHttp sets up no TLS at all (trust store, security providers): the
    // embedded sandbox is plain HTTP on 127.0.0.1, and that setup was a tenth of the README's first command.
    try (ConnectionOptions.Connection embedded = connectionFor(Map.of(), "list");
        ConnectionOptions.Connection named = connectionFor(Map.of(), "list", "--environment", "SANDBOX", "--token", "t")) {
      assertThat(embedded.sandbox()).isNotNull();
      assertThat(embedded.http().connectionSpecs()).containsExactly(okhttp3.ConnectionSpec.CLEARTEXT);
      assertThat(named.sandbox()).isNull();
      assertThat(named.http().connectionSpecs()).anySatisfy(spec -> assertThat(spec.isTls()).isTrue());
    }
  }

  /** The connection {@code list} would open for {@code args}, without listing. */
  private static ConnectionOptions.Connection connectionFor(Map<String, String> env, String... args) {
    picocli.CommandLine cli = new picocli.CommandLine(new PassportCustomersCli(env,
        new PassportCustomersCli.Io(java.io.OutputStream.nullOutputStream(), false, false)));
    ListCommand list = (ListCommand) cli.parseArgs(args).subcommand().commandSpec().userObject();
    return list.connection.connect(env, 1, new PrintWriter(new StringWriter()), true);
  }

  @Test
  void theSandboxCommandPrintsItsBaseUrlFirstAndServesUntilInterrupted() throws Exception {
    StringWriter out = new StringWriter();
    int[] exit = {-1};
    Thread thread = new Thread(() -> exit[0] = PassportCustomersCli.run(
        new String[] {"sandbox", "--port", "0", "--customers", "7", "--seed", "3"}, Map.of(),
        new PassportCustomersCli.Io(java.io.OutputStream.nullOutputStream(), false, false),
        new PrintWriter(out, true), new PrintWriter(new StringWriter())));
    thread.start();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!out.toString().contains("\n") && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    String baseUrl = out.toString().lines().findFirst().orElseThrow();
    assertThat(baseUrl).matches("http://127\\.0\\.0\\.1:\\d+");

    Result listed = run("list", "--all", "--format", "ndjson", "--base-url", baseUrl, "--token", PassportSandbox.STATIC_TOKEN);
    assertThat(listed.lines()).hasSize(7);

    thread.interrupt();
    thread.join(10_000);
    assertThat(exit[0]).isZero();
  }

  @Test
  void theProgressBarFillsInProportion() {
    java.time.Duration tenSeconds = java.time.Duration.ofSeconds(10);
    assertThat(ProgressBar.render(1, 20, 0, 0, 200L, java.time.Duration.ZERO))
        .isEqualTo("[" + ".".repeat(20) + "] page 1/20  0/200 customers");
    assertThat(ProgressBar.render(10, 20, 100, 100, 200L, tenSeconds))
        .isEqualTo("[" + "#".repeat(10) + ".".repeat(10) + "] page 10/20  100/200 customers  10/s  ETA 0:10");
    assertThat(ProgressBar.render(20, 20, 200, 200, 200L, tenSeconds))
        .isEqualTo("[" + "#".repeat(20) + "] page 20/20  200/200 customers  20/s  ETA 0:00");
    assertThat(ProgressBar.render(3, null, 50, 5, null, tenSeconds)).isEqualTo("page 3  5 customers  5/s");
  }
  @Test
  void theProgressBarsFlowPartShowsTheWindowWhenParallelAndThePauseAnd429sWhenThrottled() {
    assertThat(ListCommand.flow(flow(1, 1, java.time.Duration.ZERO, 0, 0))).isEmpty();
    assertThat(ListCommand.flow(flow(6, 8, java.time.Duration.ZERO, 0, 0))).isEqualTo("window 6/8");
    assertThat(ListCommand.flow(flow(1, 1, java.time.Duration.ofMillis(800), 9.0, 3)))
        .isEqualTo("window 1/1, paused 0.8 s, paced 9.0/s, 3 x 429");
  }

  private static io.passport.customers.FlowStatus flow(int window, int ceiling, java.time.Duration pause, double rate,
      long throttled) {
    return io.passport.customers.FlowStatusFixture.of(window, ceiling, pause, rate, throttled);
  }


  @Test
  void helpAndVersionExitWithZero() {
    assertThat(run("--help").exitCode()).isZero();
    assertThat(run("list", "--help").out()).contains("--page-size", "--all", "--format", "--base-url", "--client-id");
    assertThat(run("--version").out()).startsWith("passport-customers-java ");
  }

  @Test
  void tableCellsCountWideCharactersTwiceAndNeverSplitAClusterOrAnEscape() {
    assertThat(TerminalText.fit("日本語テキスト", 8, true)).isEqualTo("日本語… ");
    assertThat(TerminalText.fit("Mu\u0301sica", 6, true)).isEqualTo("Mu\u0301sica");
    assertThat(TerminalText.fit("Mu\u0301sica", 4, false)).isEqualTo("Mu\u0301s…");
    assertThat(TerminalText.fit("🇨🇴🇨🇴🇨🇴", 5, false)).isEqualTo("🇨🇴🇨🇴…");
    assertThat(TerminalText.fit("ab\u001bcd", 9, false)).isEqualTo("ab\\u001b…");
    assertThat(TerminalText.fit("ab\u001bcd", 8, false)).isEqualTo("ab…");
    assertThat(TerminalText.fit("\r\n\t", 40, false)).isEqualTo("\\u000d\\u000a\\u0009");
    assertThat(TerminalText.fit(null, 3, true)).isEqualTo("   ");
  }

  @Test
  void plainLatinTextIsFittedAsTheClusterSearchFitsIt() {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x300; c++) {
      String one = String.valueOf(c);
      if (TerminalText.plain(one)) {
        all.append(c);
        // Each plain character is safe and one column wide...
        assertThat(TerminalText.fitClusters(one, 1, false)).as("U+%04X", (int) c).isEqualTo(one);
      }
    }
    assertThat(all).hasSize(0x7f - 0x20 + 0x250 - 0xc0);
    // ...and a cluster of its own, whatever follows it.
    String forwards = all.toString();
    String backwards = all.reverse().toString();
    for (String text : List.of(forwards, backwards, "Panadería El Porvenir S.A.S.", "Ibagué", "", "ab", "abc")) {
      for (int width = 0; width <= Math.min(text.length() + 2, 40); width++) {
        for (boolean pad : new boolean[] {true, false}) {
          assertThat(TerminalText.fit(text, width, pad)).as("%s in %d", text, width)
              .isEqualTo(TerminalText.fitClusters(text, width, pad));
        }
      }
      assertThat(TerminalText.fit(text, text.length(), false)).isEqualTo(text);
    }
    assertThat(TerminalText.fit("Confecciones Londoño S.A.S.", 12, true)).isEqualTo("Confeccione…");
    assertThat(TerminalText.fit("Ibagué", 8, true)).isEqualTo("Ibagué  ");
    // Anything else takes the cluster search: a combining accent, a soft hyphen (no width), a control.
    assertThat(TerminalText.plain("Mu\u0301sica")).isFalse();
    assertThat(TerminalText.plain("co\u00adop")).isFalse();
    assertThat(TerminalText.plain("a\u001bb")).isFalse();
    assertThat(TerminalText.fit("co\u00adop", 4, false)).isEqualTo("co\u00adop");
  }

  @Test
  void csvCellsStartingLikeAFormulaGetAnApostropheAndQuotes() {
    assertThat(CsvCells.cell("=1+1", true)).isEqualTo("\"'=1+1\"");
    assertThat(CsvCells.cell("+57 300", true)).isEqualTo("\"'+57 300\"");
    assertThat(CsvCells.cell("-5", true)).isEqualTo("\"'-5\"");
    assertThat(CsvCells.cell("@cmd", true)).isEqualTo("\"'@cmd\"");
    assertThat(CsvCells.cell("\tx", true)).isEqualTo("\"'\tx\"");
    assertThat(CsvCells.cell("\rx", true)).isEqualTo("\"'\rx\"");
    assertThat(CsvCells.cell("a=b", true)).isEqualTo("a=b");
    assertThat(CsvCells.cell("=1+1", false)).isEqualTo("=1+1");
    assertThat(CsvCells.cell("", true)).isEqualTo("");
  }
}
