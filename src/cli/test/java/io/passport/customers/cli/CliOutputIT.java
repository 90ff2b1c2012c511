package io.passport.customers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.passport.customers.model.Address;
import io.passport.customers.model.Customer;
import io.passport.customers.sandbox.Faults;
import io.passport.customers.sandbox.PassportSandbox;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the packaged tool writes, seen from where its user stands: a full disk, a pipe closed by {@code
 * head}, a terminal (a real pseudo-terminal through {@code script}), a spreadsheet, and a JSON consumer.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CliOutputIT {
  private static final String FAMILY = "\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66";
  private static final String HOSTILE_ID = "0b5e4f2a-0000-4000-8000-00000000e5c1";
  private static final String EMOJI_ID = "0b5e4f2a-0000-4000-8000-0000000e3071";
  private static final String FORMULA_ID = "0b5e4f2a-0000-4000-8000-0000000f0a11";
  private static PassportSandbox sandbox;

  @BeforeAll
  static void startSandbox() throws IOException {
    sandbox = PassportSandbox.builder().customers(600).seed(17).faults(Faults.builder().latency(Duration.ofMillis(20)).build()).start();
    sandbox.addCustomer(new Customer().id(HOSTILE_ID)
        .businessName("\u202eEvil\u0085\u001b]0;x\u0007\u001b[2J and more")
        .address(new Address().city("\u001b[2J")));
    sandbox.addCustomer(new Customer().id(EMOJI_ID).businessName(FAMILY.repeat(30)));
    sandbox.addCustomer(new Customer().id(FORMULA_ID)
        .businessName("=HYPERLINK(\"http://evil.example/\",\"click\")")
        .identificationNumber("@SUM(A1:A9)")
        .mobilePhoneNumber("+573001234567")
        .email("-2+3@example.com")
        .address(new Address().line1("\tCalle 1").line2("\rCarrera 2").city("Bogotá")));
  }

  @AfterAll
  static void stopSandbox() {
    sandbox.close();
  }

  private static List<String> onSandbox(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--base-url", sandbox.baseUrl(), "--token", PassportSandbox.STATIC_TOKEN));
    return all;
  }

  private static String[] array(List<String> args) {
    return args.toArray(String[]::new);
  }

  @Test
  void aFullDiskIsAnErrorNamingTheTargetAndTheCause(@TempDir Path dir) throws Exception {
    Jar.Run toFile = Jar.run(dir, "list", "--all", "--output", "/dev/full");
    Jar.Run toStdout = Jar.run(dir, new File("/dev/full"), "list", "--all");
    Jar.Run getToFile = Jar.run(dir, "get", HOSTILE_ID, "--output", "/dev/full", "--base-url", sandbox.baseUrl(),
        "--token", PassportSandbox.STATIC_TOKEN);

    assertThat(toFile.exitCode()).isEqualTo(1);
    assertThat(toFile.errLines()).hasSize(2).last().isEqualTo("passport-customers: cannot write /dev/full: No space left on device");
    assertThat(toStdout.exitCode()).isEqualTo(1);
    assertThat(toStdout.errLines()).hasSize(2).last()
        .isEqualTo("passport-customers: cannot write standard output: No space left on device");
    assertThat(getToFile.exitCode()).isEqualTo(1);
    assertThat(getToFile.errLines()).last().isEqualTo("passport-customers: cannot write /dev/full: No space left on device");
  }

  @Test
  void aPipeClosedByHeadStopsTheFetchingAndExitsQuietlyWith141() throws Exception {
    List<String> tool = Jar.command(array(onSandbox("list", "--all", "--page-size", "10", "--parallelism", "4",
        "--format", "ndjson", "--quiet")));
    String shell = String.join(" ", tool) + " | head -n 1; echo \"status=${PIPESTATUS[0]}\" >&2";
    long before = sandbox.requestCount();
    Process bash = new ProcessBuilder("bash", "-c", shell).start();
    String first;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(bash.getInputStream(), StandardCharsets.UTF_8))) {
      first = out.readLine();
    }
    long afterOneSecond;
    Thread.sleep(1_000);
    afterOneSecond = sandbox.requestCount();
    Thread.sleep(1_000);
    long afterTwoSeconds = sandbox.requestCount();
    assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String err = new String(bash.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(first).startsWith("{\"");
    assertThat(afterTwoSeconds).as("no request after the first second").isEqualTo(afterOneSecond);
    assertThat(afterTwoSeconds - before).as("requests of a 61-page listing").isLessThan(61);
    assertThat(err).isEqualTo("status=141\n");
  }

  @Test
  void theTableEscapesControlsC1AndBidiOverridesVisiblyAndCutsWholeGraphemes(@TempDir Path dir) throws Exception {
    Jar.Run hostile = Jar.run(dir, array(onSandbox("list", "--customer-id", HOSTILE_ID)));
    Jar.Run emoji = Jar.run(dir, array(onSandbox("list", "--customer-id", EMOJI_ID)));
    Jar.Run get = Jar.run(dir, array(onSandbox("get", HOSTILE_ID)));

    assertThat(hostile.exitCode()).isZero();
    String table = hostile.outText();
    assertThat(table).doesNotContain("\u001b", "\u0007", "\u202e", "\u0085")
        .contains(HOSTILE_ID + "  \\u202eEvil\\u0085\\u001b]0;x\\u0007…   ", "  \\u001b[2J  ");
    assertThat(get.outText()).doesNotContain("\u001b", "\u0007", "\u202e").contains("\\u001b[2J");
    String row = emoji.outText().lines().skip(1).findFirst().orElseThrow();
    assertThat(row).contains(EMOJI_ID + "  " + FAMILY.repeat(17) + "…   ").doesNotContain(FAMILY.repeat(18));
    assertThat(row.codePoints().filter(cp -> cp >= 0xd800 && cp <= 0xdfff).count()).isZero();
  }

  @Test
  void csvNeutralisesFormulasByTheOwaspRuleUnlessAskedForRawCells(@TempDir Path dir) throws Exception {
    Jar.Run safe = Jar.run(dir, array(onSandbox("list", "--customer-id", FORMULA_ID, "--format", "csv")));
    Jar.Run raw = Jar.run(dir, array(onSandbox("list", "--customer-id", FORMULA_ID, "--format", "csv", "--csv-raw")));

    assertThat(safe.exitCode()).isZero();
    String row = safe.outText().split("\r\n")[1];
    assertThat(row).startsWith(FORMULA_ID + ",,\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"click\"\")\","
        + "\"'-2+3@example.com\",\"'+573001234567\",,\"'@SUM(A1:A9)\",,,\"'\tCalle 1\",\"'\rCarrera 2\",,Bogotá,");
    String rawRow = raw.outText().split("\r\n")[1];
    assertThat(rawRow).startsWith(FORMULA_ID + ",,\"=HYPERLINK(\"\"http://evil.example/\"\",\"\"click\"\")\","
        + "-2+3@example.com,+573001234567,,@SUM(A1:A9),,,\"\tCalle 1\",\"");
  }

  @Test
  void ndjsonAndJsonAreByteFaithfulToWhatTheApiSent(@TempDir Path dir) throws Exception {
    String body = "\uFEFF{\n  \"customers\": [\n"
        + "    {\"id\": \"c-1\", \"business_name\": \"Caf\\u00e9 \\\"\u00d1\\\" \\/ x\", \"loyalty_tier\": {\"level\": \"gold\"},\n"
        + "     \"created_at\": \"2023-03-29T02:12:15\", \"status\": \"NEW_STATUS\", \"score\": 1.50e0},\n"
        + "    {\"id\":\"c-2\",\"business_name\":\"x  y\"}\n"
        + "  ],\n  \"pagination_info\": {\"current_page\": 1, \"total_pages\": 1, \"total_elements\": 2,"
        + " \"first_request_timestamp\": \"2025-10-09T17:35:17.864Z\"}\n}\n";
    String first = "{\"id\":\"c-1\",\"business_name\":\"Caf\\u00e9 \\\"\u00d1\\\" \\/ x\",\"loyalty_tier\":{\"level\":\"gold\"},"
        + "\"created_at\":\"2023-03-29T02:12:15\",\"status\":\"NEW_STATUS\",\"score\":1.50e0}";
    String second = "{\"id\":\"c-2\",\"business_name\":\"x  y\"}";
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
        }
      });
      server.start(java.net.InetAddress.getLoopbackAddress(), 0);
      String url = server.url("/").toString();
      Jar.Run ndjson = Jar.run(dir, "list", "--all", "--format", "ndjson", "--base-url", url, "--token", "t");
      Jar.Run json = Jar.run(dir, "list", "--format", "json", "--base-url", url, "--token", "t");

      assertThat(ndjson.exitCode()).as(ndjson.err()).isZero();
      assertThat(ndjson.outText()).isEqualTo(first + "\n" + second + "\n");
      assertThat(json.exitCode()).as(json.err()).isZero();
      assertThat(json.outText()).isEqualTo("[\n  " + first + ",\n  " + second + "\n]\n");
    }
  }

  @Test
  void theProgressBarOnATerminalNeverSharesALineWithRows(@TempDir Path dir) throws Exception {
    String transcript = inPseudoTerminal(dir, onSandbox("list", "--all", "--page-size", "20"));

    assertThat(transcript).contains("page 1/31", "page 31/31", " customers", "/s", "ETA ");
    List<String> screen = screen(transcript);
    List<String> rows = screen.stream().filter(l -> l.matches("[0-9a-f]{8}-[0-9a-f-]{27}  .*")).toList();
    assertThat(rows).hasSize(603);
    assertThat(screen).allSatisfy(line -> assertThat(line).satisfiesAnyOf(
        l -> assertThat(l).isEmpty(),
        l -> assertThat(l).startsWith("passport-customers: talking to"),
        l -> assertThat(l).startsWith("ID  ").contains("BUSINESS NAME"),
        l -> assertThat(l).matches("[0-9a-f]{8}-[0-9a-f-]{27}  .*").doesNotContain("ETA", "customers  ")));
  }

  @Test
  void theProgressBarShowsWhileRowsGoToAFileAndIsOffWithQuietOrWithoutATerminal(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("customers.csv");
    String toFile = inPseudoTerminal(dir, onSandbox("list", "--all", "--page-size", "50", "--format", "csv",
        "--output", file.toString()));
    String quiet = inPseudoTerminal(dir, onSandbox("list", "--all", "--page-size", "50", "--format", "csv", "--quiet",
        "--output", dir.resolve("quiet.csv").toString()));
    Jar.Run noTerminal = Jar.run(dir, array(onSandbox("list", "--all", "--page-size", "50", "--format", "csv",
        "--output", dir.resolve("plain.csv").toString())));

    assertThat(toFile).contains("page 13/13", "603/603 customers", "ETA ");
    assertThat(Files.readString(file).split("\r\n")).hasSize(604);
    assertThat(screen(toFile)).allSatisfy(l -> assertThat(l).doesNotContain("ETA"));
    assertThat(quiet).doesNotContain("page ", "ETA", "talking to");
    assertThat(noTerminal.exitCode()).isZero();
    assertThat(noTerminal.err()).doesNotContain("ETA", "\r", "\u001b");
  }

  /** Runs the tool in a pseudo-terminal ({@code script} from util-linux) and returns what the terminal got. */
  private static String inPseudoTerminal(Path dir, List<String> args) throws Exception {
    String command = String.join(" ", Jar.command(array(args)).stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
    Path transcript = dir.resolve("transcript-" + System.nanoTime());
    Process script = new ProcessBuilder("script", "-q", "-e", "-c", command, "/dev/null")
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(transcript.toFile()).redirectErrorStream(true).start();
    assertThat(script.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(script.exitValue()).as(Files.readString(transcript)).isZero();
    return Files.readString(transcript, StandardCharsets.UTF_8);
  }

  /**
   * The lines a terminal shows after this output: {@code \r} returns to column 0, {@code ESC[K} erases
   * to the end of the line, {@code \n} starts a new line, other characters overwrite.
   */
  static List<String> screen(String transcript) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    int column = 0;
    for (int i = 0; i < transcript.length(); i++) {
      char c = transcript.charAt(i);
      if (c == '\n') {
        lines.add(line.toString());
        line.setLength(0);
        column = 0;
      } else if (c == '\r') {
        column = 0;
      } else if (c == '\u001b' && transcript.startsWith("[K", i + 1)) {
        line.setLength(column);
        i += 2;
      } else {
        if (column < line.length()) {
          line.setCharAt(column, c);
        } else {
          line.append(c);
        }
        column++;
      }
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }
}
