package com.example.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The tool fetched by its Maven coordinates runs with {@code java -jar}, nothing else on its class path. */
class ExecutableJarTest {
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private static final String JAR = System.getProperty("cli.jar");

  @Test
  void listsEveryCustomerOfItsEmbeddedSandbox() throws Exception {
    Path out = Files.createTempFile("list", ".ndjson");
    Path err = Files.createTempFile("list", ".err");
    Process list = new ProcessBuilder(JAVA, "-jar", JAR, "list", "--all", "--format", "ndjson")
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    list.getOutputStream().close();

    assertTrue(list.waitFor(40, TimeUnit.SECONDS), "the tool ended");
    assertEquals(0, list.exitValue(), Files.readString(err));
    List<String> customers = Files.readAllLines(out);
    assertEquals(250, customers.size());
    assertTrue(customers.stream().allMatch(line -> line.startsWith("{") && line.contains("\"id\":")), customers.get(0));
    assertTrue(Files.readString(err).startsWith("passport-customers: talking to an embedded sandbox"), Files.readString(err));
  }

  @Test
  void itsSandboxCommandPrintsABaseUrlFirst() throws Exception {
    Process sandbox = new ProcessBuilder(JAVA, "-jar", JAR, "sandbox", "--port", "0").redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(sandbox.getInputStream(), StandardCharsets.UTF_8))) {
      String baseUrl = out.readLine();
      assertTrue(baseUrl != null && baseUrl.matches("http://127\\.0\\.0\\.1:\\d+"), baseUrl);
    } finally {
      sandbox.destroy();
      sandbox.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
