package io.passport.customers.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's code examples are the consumer builds' sources (src/tests/consumers), which Maven compiles
 * and runs as separate applications: every region between {@code // README:begin} and {@code // README:end}
 * there stands in README.md, to the character (less its common indentation), so the two cannot drift.
 */
class ReadmeExamplesTest {
  private static final Path CONSUMERS = Path.of("src", "tests", "consumers");

  @Test
  void everyMarkedRegionOfTheConsumerSourcesStandsInTheReadme() throws IOException {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    List<String> regions = new ArrayList<>();
    try (Stream<Path> files = Files.walk(CONSUMERS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        regions.addAll(regions(Files.readAllLines(file, StandardCharsets.UTF_8)));
      }
    }

    assertThat(regions).as("marked regions under " + CONSUMERS).isNotEmpty();
    for (String region : regions) {
      assertThat(readme).as("README.md holds this example verbatim").contains("```java\n" + region + "```\n");
    }
  }

  @Test
  void aRegionIsCutAtItsMarkersAndLosesOnlyItsCommonIndentation() {
    List<String> regions = regions(List.of("class A {", "  // README:begin", "  try (x) {", "    y();", "  }",
        "  // README:end", "}"));

    assertThat(regions).containsExactly("try (x) {\n  y();\n}\n");
  }

  static List<String> regions(List<String> lines) {
    List<String> regions = new ArrayList<>();
    List<String> current = null;
    for (String line : lines) {
      if (line.strip().equals("// README:begin")) {
        current = new ArrayList<>();
      } else if (line.strip().equals("// README:end") && current != null) {
        int indent = current.stream().filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder region = new StringBuilder();
        for (String l : current) {
          region.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        }
        regions.add(region.toString());
        current = null;
      } else if (current != null) {
        current.add(line);
      }
    }
    return regions;
  }
}
