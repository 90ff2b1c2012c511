package com.example.customers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.passport.customers.CustomerQuery;
import io.passport.customers.PassportCustomersClient;
import io.passport.customers.model.Customer;
import io.passport.customers.sandbox.PassportSandbox;
import io.passport.customers.sandbox.PassportSandboxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ListCustomersTest {
  private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");
  static final int CUSTOMERS = 230;

  @RegisterExtension
  static final PassportSandboxExtension SANDBOX =
      new PassportSandboxExtension(PassportSandbox.builder().customers(CUSTOMERS).seed(11));

  @Test
  void theReadmeExampleListsEveryCustomerInOrderThenCountsTheActiveOnes(PassportSandbox sandbox,
      PassportCustomersClient client) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ListCustomers.print(sandbox.baseUrl(), PassportSandbox.DEFAULT_CLIENT_ID, PassportSandbox.DEFAULT_CLIENT_SECRET,
        new PrintStream(bytes, true, StandardCharsets.UTF_8));

    List<String> lines = Arrays.asList(bytes.toString(StandardCharsets.UTF_8).split("\n"));
    assertEquals(CUSTOMERS + 1, lines.size(), () -> String.join("\n", lines.subList(0, Math.min(5, lines.size()))));
    List<Customer> seen = client.listAll(CustomerQuery.all()).stream().toList();
    List<String> expected = seen.stream()
        .sorted((a, b) -> a.getCreatedAt().compareTo(b.getCreatedAt()) != 0
            ? a.getCreatedAt().compareTo(b.getCreatedAt()) : a.getId().compareTo(b.getId()))
        .map(c -> c.getId() + " " + c.getBusinessName())
        .toList();
    assertEquals(expected, lines.subList(0, CUSTOMERS));
    long active = seen.stream().filter(c -> "ACTIVE".equals(c.getStatus())).count();
    assertTrue(active > 0 && active < CUSTOMERS, "the seeded statuses are mixed");
    assertEquals(active + " active", lines.get(CUSTOMERS));
  }

  @Test
  void wrongCredentialsEndInOneLineFromTheException(PassportSandbox sandbox) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ListCustomers.print(sandbox.baseUrl(), "someone", "wrong", new PrintStream(bytes, true, StandardCharsets.UTF_8));

    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.startsWith("failed: HTTP 401"), out);
    assertEquals(1, out.split("\n").length, out);
    assertFalse(out.contains("wrong"), "the secret is not repeated: " + out);
  }

  /**
   * The example's {@code main} in a JVM of its own on the application's runtime class path (the client and
   * what it depends on, no logging backend): every customer on standard output, and nothing on standard
   * error, no logging library's warning either.
   */
  @Test
  void theExampleRunsAsAnApplicationAndPrintsNothingOnStandardError(PassportSandbox sandbox) throws Exception {
    String classPath = Path.of("target", "classes").toAbsolutePath() + java.io.File.pathSeparator
        + Files.readString(Path.of("target", "runtime-classpath.txt")).strip();
    Path out = Files.createTempFile("list-customers", ".out");
    Path err = Files.createTempFile("list-customers", ".err");
    ProcessBuilder java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classPath, "com.example.customers.ListCustomers", sandbox.baseUrl())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    java.environment().remove("PASSPORT_CLIENT_ID");
    java.environment().remove("PASSPORT_CLIENT_SECRET");
    Process process = java.start();
    process.getOutputStream().close();

    assertTrue(process.waitFor(40, TimeUnit.SECONDS), "the example ended");
    assertEquals("", Files.readString(err), "standard error");
    assertEquals(0, process.exitValue());
    List<String> lines = Files.readAllLines(out);
    assertEquals(CUSTOMERS + 1, lines.size(), () -> String.join("\n", lines));
    assertTrue(lines.get(CUSTOMERS).endsWith(" active"), lines.get(CUSTOMERS));
  }

  /** The "Without JUnit" example of docs/sandbox.md: a sandbox of its own with 1,000 customers, listed, both closed. */
  @Test
  void theExampleWithoutJUnitListsItsOwnSandboxAndClosesBoth() throws Exception {
    PrintStream before = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      WithoutJUnit.main(new String[0]);
    } finally {
      System.setOut(before);
    }
    assertEquals("1000 customers\n", bytes.toString(StandardCharsets.UTF_8));
  }

  /** What Maven resolved for this application is exactly what the client's own build tests it with. */
  @Test
  void theApplicationResolvesExactlyTheDependenciesTheClientIsTestedWith() throws Exception {
    Set<String> here = artifacts(Path.of("target", "runtime-dependencies.txt"));
    Set<String> tested = artifacts(Path.of(System.getProperty("tested.dependencies")));

    assertTrue(here.removeIf(a -> a.startsWith("io.passport:passport-customers:jar:")), here.toString());
    assertEquals(new TreeSet<>(tested), new TreeSet<>(here));
    assertTrue(tested.contains("com.squareup.okhttp3:okhttp-jvm:jar:" + System.getProperty("expected.okhttp") + ":compile"),
        tested.toString());
    assertEquals(System.getProperty("expected.okhttp"), okhttp3.OkHttp.class.getField("VERSION").get(null));
  }

  /**
   * maven-dependency-plugin 3.8.1 writes its output file in the colours of Maven's console: ANSI escapes
   * (CSI sequences such as {@code ESC[36m}) after each artifact unless Maven runs with {@code -B}
   * (MDEP-974). They are dropped, so the comparison does not depend on how either build was started.
   */
  @Test
  void aDependencyListWrittenInColourReadsAsThePlainOne() throws Exception {
    Path coloured = Files.writeString(Files.createTempFile("coloured", ".txt"),
        "\nThe following files have been resolved:\n"
            + "   com.squareup.okio:okio-jvm:jar:3.16.0:compile\u001B[36m -- module okio\u001B[0;1m [auto]\u001B[m\n");
    Path plain = Files.writeString(Files.createTempFile("plain", ".txt"),
        "\nThe following files have been resolved:\n   com.squareup.okio:okio-jvm:jar:3.16.0:compile -- module okio [auto]\n");

    assertEquals(Set.of("com.squareup.okio:okio-jvm:jar:3.16.0:compile"), artifacts(coloured));
    assertEquals(artifacts(plain), artifacts(coloured));
  }

  /** The group:artifact:type:version:scope lines of a {@code dependency:list} output file, colours dropped. */
  private static Set<String> artifacts(Path list) throws Exception {
    Set<String> artifacts = new HashSet<>();
    for (String line : Files.readAllLines(list)) {
      String artifact = ANSI_ESCAPE.matcher(line).replaceAll("").strip().split(" ")[0];
      if (artifact.chars().filter(c -> c == ':').count() == 4) {
        artifacts.add(artifact);
      }
    }
    assertFalse(artifacts.isEmpty(), "no artifacts in " + list);
    return artifacts;
  }
}
