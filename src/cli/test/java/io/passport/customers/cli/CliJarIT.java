package io.passport.customers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.passport.customers.sandbox.Faults;
import io.passport.customers.sandbox.PassportSandbox;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged tool, run the way the README runs it: {@code java -jar target/passport-customers-cli.jar
 * ...}: where it talks, what it checks before talking, and the small truths (hints, defaults, choices).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CliJarIT {
  private static final String CANARY_TOKEN = "canary-token-0d9e71";
  private static PassportSandbox sandbox;

  @BeforeAll
  static void startSandbox() throws Exception {
    sandbox = PassportSandbox.builder().customers(45).seed(9).start();
  }

  @AfterAll
  static void stopSandbox() {
    sandbox.close();
  }

  @Test
  void theReadmesFirstCommandListsEveryCustomerOfTheEmbeddedSandboxAndSaysWhereItTalks(@TempDir Path dir) throws Exception {
    Jar.Run run = Jar.run(dir, "list", "--all", "--format", "ndjson");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.outText().lines().toList()).hasSize(PassportSandbox.DEFAULT_CUSTOMERS).hasSize(250)
        .allSatisfy(l -> assertThat(l).startsWith("{").contains("\"id\":\"", "\"business_name\":\""));
    assertThat(run.errLines()).singleElement().satisfies(l -> assertThat(l)
        .startsWith("passport-customers: talking to an embedded sandbox at http://127.0.0.1:")
        .contains("250 synthetic customers", "no credentials"));
  }

  @Test
  void theReadmesFirstCommandWritesItsTableByteForByteAsBefore(@TempDir Path dir) throws Exception {
    Jar.Run run = Jar.run(dir, "list", "--all");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.outText().lines().limit(2).toList()).containsExactly(
        "ID                                    BUSINESS NAME                         ID TYPE  ID NUMBER     STATUS     CITY            CREATED AT",
        "aa616abe-1761-4c9a-a743-67bd738597dc  Panadería El Porvenir S.A.S.          NIT      963310876     ACTIVE     Ibagué          2023-01-03T00:28:21.53Z");
    // The digest of the 251 lines the tool wrote before its start was made faster (issue 28); a change to the
    // synthetic customers or to the table's layout on purpose changes it too.
    assertThat(run.out()).hasSize(38391);
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(run.out())))
        .isEqualTo("47a788114a5ffbd16feec8d02a934d954a81d669eb9a3a49d0a08087ea8f40cb");
  }

  @Test
  void theReadmesFirstCommandStartsNoXmlParserNoTlsAndNoJmx(@TempDir Path dir) throws Exception {
    Path loaded = dir.resolve("classes.log");
    Jar.Run run = Jar.runInJvm(dir, List.of("-Xlog:class+load:file=" + loaded), "list", "--all");

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> classes = Files.readAllLines(loaded);
    assertThat(classes).anySatisfy(line -> assertThat(line).contains(" org.eclipse.jetty.server.Server "));
    // logback's XML configuration, OkHttp's TLS set-up for a plain-HTTP sandbox, and Jetty's queue asking the
    // platform MBean server about the JVM: each was a tenth or more of the command's time, and none is used.
    assertThat(classes).noneSatisfy(line -> assertThat(line).containsAnyOf(" com.sun.org.apache.xerces.",
        " ch.qos.logback.classic.joran.", " sun.security.x509.", " javax.net.ssl.TrustManagerFactory ",
        " java.lang.management.ManagementFactory ", " javax.management."));
  }

  @Test
  void verboseLinesGoToStandardErrorAsTimeThreadLevelLoggerAndMessage(@TempDir Path dir) throws Exception {
    Jar.Run run = Jar.run(dir, "get", "nobody", "--verbose", "--base-url", closedPortUrl(), "--token", "t");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).anySatisfy(line -> assertThat(line).matches(
        "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[passport-customers-call-\\d+\\] DEBUG i\\.p\\.c\\.PassportCustomersClient - GET"
            + " /v1/customers/nobody failed \\(TRANSPORT: .*\\); retry 1 of \\d+ in \\d+ ms"));
  }

  @Test
  void aLogbackConfigurationFileGivenToTheJvmStillWins(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("logback.xml");
    Files.writeString(config, """
        <configuration>
          <appender name="ERR" class="ch.qos.logback.core.ConsoleAppender">
            <target>System.err</target>
            <encoder><pattern>from-the-file %level %msg%n</pattern></encoder>
          </appender>
          <root level="WARN"><appender-ref ref="ERR"/></root>
        </configuration>
        """);

    Jar.Run run = Jar.runInJvm(dir, List.of("-Dlogback.configurationFile=" + config), "get", "nobody", "--verbose",
        "--base-url", closedPortUrl(), "--token", "t");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).anySatisfy(line -> assertThat(line)
        .startsWith("from-the-file DEBUG GET /v1/customers/nobody failed (TRANSPORT: "));
  }

  /** A loopback URL nothing listens on: connections to it are refused at once. */
  private static String closedPortUrl() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort() + "/";
    }
  }

  @Test
  void withCredentialsItTalksOnlyWhereItIsToldAndNeverPrintsTheToken(@TempDir Path dir) throws Exception {
    Jar.Run noTarget = Jar.run(dir, "list", "--token", CANARY_TOKEN);
    Jar.Run told = Jar.run(dir, "list", "--all", "--format", "csv", "--base-url", sandbox.baseUrl(), "--token", CANARY_TOKEN);
    Jar.Run verbose = Jar.run(dir, "get", "nobody", "--verbose", "--base-url", sandbox.baseUrl(), "--token", CANARY_TOKEN);

    assertThat(noTarget.exitCode()).isEqualTo(2);
    assertThat(noTarget.err()).contains("--environment", "--base-url", "no default host").doesNotContain(CANARY_TOKEN);
    assertThat(told.exitCode()).isEqualTo(1);
    assertThat(told.errLines()).first()
        .isEqualTo("passport-customers: talking to " + sandbox.baseUrl() + " (--base-url) with an access token");
    assertThat(told.errLines()).last().asString().contains("HTTP 401");
    assertThat(told.err() + verbose.err() + told.outText()).doesNotContain(CANARY_TOKEN);
  }

  @Test
  void everyOptionIsCheckedBeforeAnyRequestWithExitTwoNamingIt(@TempDir Path dir) throws Exception {
    long before = sandbox.requestCount();
    List<Jar.Run> runs = new ArrayList<>();
    for (String[] args : List.of(
        new String[] {"--order-key", "nope"},
        new String[] {"--parallelism", "4"},
        new String[] {"--all", "--resume"},
        new String[] {"--output", dir.resolve("missing/customers.csv").toString()},
        new String[] {"--environment", "PRODUCTION"})) {
      List<String> all = new ArrayList<>(List.of("list"));
      all.addAll(List.of(args));
      all.addAll(List.of("--base-url", sandbox.baseUrl(), "--token", PassportSandbox.STATIC_TOKEN));
      runs.add(Jar.run(dir, all.toArray(String[]::new)));
    }

    assertThat(runs).allSatisfy(r -> assertThat(r.exitCode()).as(r.err()).isEqualTo(2));
    assertThat(runs.get(0).err()).contains("--order-key", "created_at, updated_at, business_name, identification_number");
    assertThat(runs.get(1).err()).contains("--parallelism", "--all");
    assertThat(runs.get(2).err()).contains("--resume", "--output FILE");
    assertThat(runs.get(3).err()).contains("--output", "missing does not exist").doesNotContain("NoSuchFileException");
    assertThat(runs.get(4).err()).contains("--base-url and --environment conflict");
    assertThat(sandbox.requestCount()).as("no request was sent").isEqualTo(before);
  }

  @Test
  void aSinglePageOfJsonOrCsvSaysWhenItIsNotTheWholeListing(@TempDir Path dir) throws Exception {
    Jar.Run firstPage = Jar.run(dir, "list", "--format", "json", "--base-url", sandbox.baseUrl(), "--token",
        PassportSandbox.STATIC_TOKEN);
    Jar.Run everything = Jar.run(dir, "list", "--format", "csv", "--page-size", "100", "--base-url", sandbox.baseUrl(),
        "--token", PassportSandbox.STATIC_TOKEN);

    assertThat(firstPage.exitCode()).isZero();
    assertThat(firstPage.err()).contains("page 1 of 5 (45 customers in all); this is not the whole listing: --all");
    assertThat(everything.exitCode()).isZero();
    assertThat(everything.err()).doesNotContain("page ", "--all");
  }

  @Test
  void theSandboxCommandStartsWithTheSameDefaultCountAsTheEmbeddedSandbox() throws Exception {
    Process process = new ProcessBuilder(Jar.command("sandbox", "--port", "0")).redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String baseUrl = out.readLine();
      String summary = out.readLine();
      assertThat(baseUrl).matches("http://127\\.0\\.0\\.1:\\d+");
      assertThat(summary).contains("250 customers");
      // The form stock generated clients join their paths to ("/v1/customers") without a doubled slash.
      okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
      try (okhttp3.Response response = http.newCall(new okhttp3.Request.Builder().url(baseUrl + "/v1/customers")
          .header("Authorization", "Bearer " + PassportSandbox.STATIC_TOKEN).build()).execute()) {
        assertThat(response.code()).isEqualTo(200);
      }
    } finally {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void theSandboxCommandWithRateLimitTwoAnswers429OnTheThirdQuickRequest() throws Exception {
    Process process = new ProcessBuilder(Jar.command("sandbox", "--port", "0", "--rate-limit", "2",
        "--rate-limit-headers")).redirectErrorStream(true).start();
    okhttp3.OkHttpClient http = new okhttp3.OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String baseUrl = out.readLine();
      assertThat(out.readLine()).contains("rateLimit=2", "rateLimitHeaders=true");
      // A fresh JVM answers its first requests slowly; warm it up on another access token, whose bucket is
      // its own, so that the three requests below come within the half second a token takes to refill.
      String credentials = "{\"client_id\":\"" + PassportSandbox.DEFAULT_CLIENT_ID + "\",\"client_secret\":\""
          + PassportSandbox.DEFAULT_CLIENT_SECRET + "\",\"grant_type\":\"client_credentials\"}";
      String warmUpToken;
      try (okhttp3.Response token = http.newCall(new okhttp3.Request.Builder().url(baseUrl + "/v1/iam/oauth/tokens")
          .post(okhttp3.RequestBody.create(credentials, okhttp3.MediaType.get("application/json"))).build()).execute()) {
        warmUpToken = token.body().string().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
      }
      for (int i = 0; i < 5; i++) {
        try (okhttp3.Response response = http.newCall(new okhttp3.Request.Builder().url(baseUrl + "/v1/customers")
            .header("Authorization", "Bearer " + warmUpToken).build()).execute()) {
          response.body().string();
        }
      }
      List<Integer> statuses = new ArrayList<>();
      String retryAfter = null;
      String rateLimit = null;
      for (int i = 0; i < 3; i++) {
        try (okhttp3.Response response = http.newCall(new okhttp3.Request.Builder().url(baseUrl + "/v1/customers")
            .header("Authorization", "Bearer " + PassportSandbox.STATIC_TOKEN).build()).execute()) {
          response.body().string();
          statuses.add(response.code());
          retryAfter = response.header("Retry-After");
          rateLimit = response.header("RateLimit");
        }
      }
      assertThat(statuses).containsExactly(200, 200, 429);
      assertThat(retryAfter).isEqualTo("1");
      assertThat(rateLimit).isEqualTo("\"default\";r=0;t=1");
    } finally {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  @Test
  void verboseLogsEveryChangeOfTheWindowAndThePauseOfA429(@TempDir Path dir) throws Exception {
    // 45 pages of one customer under a limit of 20 requests a second (burst 20): the window starts at its
    // ceiling of 8, the 21st request or so is refused, which halves it, it grows back as pages are
    // admitted, and the listing still comes whole.
    sandbox.faults(Faults.builder().rateLimit(20).build());
    try {
      Jar.Run run = Jar.run(dir, "list", "--all", "--page-size", "1", "--parallelism", "8", "--format", "ndjson",
          "--verbose", "--base-url", sandbox.baseUrl(), "--token", PassportSandbox.STATIC_TOKEN);

      assertThat(run.exitCode()).as(run.err()).isZero();
      // Standard output holds the 45 customers and nothing else: the log goes to standard error.
      assertThat(run.outText().lines().toList()).hasSize(45).doesNotHaveDuplicates()
          .allSatisfy(line -> assertThat(line).startsWith("{\"address\""));
      assertThat(run.err()).contains("listing window 8 -> 4 of 8 pages (the server answered 429)",
          "listing window 4 -> 5 of 8 pages (a page was admitted)",
          "the server answered 429: every call of this client waits 1000 ms");
    } finally {
      sandbox.faults(Faults.none());
    }
  }

  @Test
  void theUnspecifiedOrderDirectionIsNotOffered(@TempDir Path dir) throws Exception {
    Jar.Run help = Jar.run(dir, "list", "--help");
    Jar.Run unspecified = Jar.run(dir, "list", "--order-direction", "ORDER_DIRECTION_ENUM_UNSPECIFIED");

    assertThat(help.outText()).contains("--order-direction=DIR", "ASC, DESC").doesNotContain("UNSPECIFIED");
    assertThat(unspecified.exitCode()).isEqualTo(2);
    assertThat(unspecified.err()).contains("--order-direction", "ASC, DESC");
  }
}
