package io.passport.customers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged tool, run the way the README's first command runs it: {@code java -jar ... list --all}. */
class CliJarIT {
  private static final Path JAR = Path.of("target", "passport-customers-cli.jar");

  @Test
  void theExecutableJarListsEveryCustomerOfTheEmbeddedSandbox(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out.ndjson");
    Path err = dir.resolve("err.txt");
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar", JAR.toString(), "list", "--all", "--format", "ndjson")
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(read(err)).isZero();
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(ConnectionOptions.EMBEDDED_CUSTOMERS).allSatisfy(l -> assertThat(l).startsWith("{").contains("\"id\":\"", "\"business_name\":\""));
    assertThat(read(err)).contains("embedded sandbox").doesNotContain("SLF4J");
  }

  @Test
  void theExecutableJarExitsWithTwoOnABadOption() throws Exception {
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar", JAR.toString(), "list", "--page-size", "0").redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(output).contains("--page-size", "between 1 and 100");
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
