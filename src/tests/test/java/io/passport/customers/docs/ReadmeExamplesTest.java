package io.passport.customers.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's Java examples are whole files of the consumer build {@code src/tests/consumers/readme-example}
 * (a separate Maven project that uses the artifacts by their coordinates), which Maven compiles and runs:
 * each block after a {@code <!-- src/tests/consumers/...  -->} line stands in README.md exactly as the file
 * is, the {@code pom.xml} block being the project's {@code <dependencies>} with its versions filled in. So a
 * reader who pastes them into a new Maven project has what the build compiled, and the two cannot drift.
 */
class ReadmeExamplesTest {
  private static final Path EXAMPLE = Path.of("src", "tests", "consumers", "readme-example");
  /** A file's name in an HTML comment on the line before a fenced block, and the block's language and text. */
  private static final Pattern SHOWN_FILE =
      Pattern.compile("(?m)^<!-- (src/tests/consumers/[^ ]+) -->\n```(\\w+)\n(.*?)^```$", Pattern.DOTALL);

  @Test
  void everyJavaFileOfTheExampleProjectStandsInTheReadmeWhole() throws IOException {
    Map<String, String> shown = shownFiles(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8));
    Set<String> javaFiles;
    try (Stream<Path> files = Files.walk(EXAMPLE)) {
      javaFiles = files.filter(f -> f.toString().endsWith(".java"))
          .filter(f -> !f.getFileName().toString().equals("ListCustomersTest.java"))   // the harness, not an example
          .map(f -> f.toString().replace('\\', '/')).collect(Collectors.toCollection(TreeSet::new));
    }

    assertThat(javaFiles).as("the example project's files").hasSizeGreaterThanOrEqualTo(4);
    assertThat(shown.keySet()).as("the files README.md shows").containsAll(javaFiles);
    for (String file : javaFiles) {
      assertThat(shown.get(file)).as("README.md's block for " + file)
          .isEqualTo(Files.readString(Path.of(file), StandardCharsets.UTF_8));
    }
  }

  @Test
  void everyJavaFileTheReadmeShowsFromAnyConsumerBuildIsThatFileWhole() throws IOException {
    Map<String, String> shown = shownFiles(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8));
    List<String> javaFiles = shown.keySet().stream().filter(f -> f.endsWith(".java")).toList();

    assertThat(javaFiles).as("README.md shows the Reactor example of consumers/observability-app")
        .contains("src/tests/consumers/observability-app/src/main/java/com/example/observed/ReactiveListing.java");
    for (String file : javaFiles) {
      assertThat(Path.of(file)).as("the file README.md shows").isRegularFile();
      assertThat(shown.get(file)).as("README.md's block for " + file)
          .isEqualTo(Files.readString(Path.of(file), StandardCharsets.UTF_8));
    }
  }

  @Test
  void theReadmesDependenciesAreTheExampleProjectsWithTheBuildsVersions() throws IOException {
    Map<String, String> shown = shownFiles(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8));
    String pom = Files.readString(EXAMPLE.resolve("pom.xml"), StandardCharsets.UTF_8)
        .replace("@project.version@", System.getProperty("project.version"))
        .replace("@junit.version@", System.getProperty("junit.version"));

    String block = shown.get(EXAMPLE.resolve("pom.xml").toString().replace('\\', '/'));
    assertThat(block).as("README.md shows the example's pom.xml dependencies").isNotNull();
    assertThat(block).contains("<version>" + System.getProperty("project.version") + "</version>")
        .contains("<version>" + System.getProperty("junit.version") + "</version>");
    assertThat(block).isEqualTo(dependencies(pom));
  }

  @Test
  void aShownFileIsTheBlockAfterItsNameAndADependenciesBlockLosesItsIndentation() {
    Map<String, String> shown = shownFiles("text\n<!-- src/tests/consumers/a/B.java -->\n```java\nclass B {\n}\n```\n"
        + "```java\nnot shown\n```\n");
    assertThat(shown).containsExactly(Map.entry("src/tests/consumers/a/B.java", "class B {\n}\n"));

    assertThat(dependencies("<project>\n  <dependencies>\n    <dependency/>\n  </dependencies>\n</project>\n"))
        .isEqualTo("<dependencies>\n  <dependency/>\n</dependencies>\n");
    assertThatIllegalStateException().isThrownBy(() -> shownFiles(
        "<!-- src/tests/consumers/a/B.java -->\n```java\nx\n```\n<!-- src/tests/consumers/a/B.java -->\n```java\ny\n```\n"))
        .withMessageContaining("twice");
  }

  static Map<String, String> shownFiles(String readme) {
    Map<String, String> shown = new LinkedHashMap<>();
    Matcher m = SHOWN_FILE.matcher(readme);
    while (m.find()) {
      if (shown.put(m.group(1), m.group(3)) != null) {
        throw new IllegalStateException("README.md shows " + m.group(1) + " twice");
      }
    }
    return shown;
  }

  /** The {@code <dependencies>} element of a POM, as its own text, less the indentation of its first line. */
  static String dependencies(String pom) {
    List<String> lines = pom.lines().toList();
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals("<dependencies>") && start < 0) {
        start = i;
      } else if (lines.get(i).strip().equals("</dependencies>") && start >= 0) {
        int indent = lines.get(start).indexOf('<');
        StringBuilder text = new StringBuilder();
        for (String line : lines.subList(start, i + 1)) {
          text.append(line.length() >= indent && line.substring(0, indent).isBlank() ? line.substring(indent) : line)
              .append('\n');
        }
        return text.toString();
      }
    }
    throw new IllegalStateException("no <dependencies> element");
  }
}
