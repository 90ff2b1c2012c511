package io.passport.customers.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * The documentation's Java examples are whole files of the consumer builds under {@code src/tests/consumers}
 * (separate Maven projects that use the artifacts by their coordinates), which Maven compiles and runs:
 * each block after a {@code <!-- src/tests/consumers/...  -->} line, on whichever page of {@link #PAGES} it
 * stands, is exactly the file, the {@code pom.xml} block being the project's {@code <dependencies>} with its
 * versions filled in. So a reader who pastes them into a new Maven project has what the build compiled, and
 * the two cannot drift; a block moved to another page is still found, and a page set that shows none fails.
 */
class ReadmeExamplesTest {
  private static final Path EXAMPLE = Path.of("src", "tests", "consumers", "readme-example");
  /** Where the blocks may stand: the README, CONTRIBUTING.md and every page under docs/. */
  static final List<Path> PAGES = pages(Path.of(""));
  /** A file's name in an HTML comment on the line before a fenced block, and the block's language and text. */
  private static final Pattern SHOWN_FILE =
      Pattern.compile("(?m)^<!-- (src/tests/consumers/[^ ]+) -->\n```(\\w+)\n(.*?)^```$", Pattern.DOTALL);

  @Test
  void everyJavaFileOfTheExampleProjectStandsInTheDocsWhole() throws IOException {
    Map<String, String> shown = shownFiles(PAGES);
    Set<String> javaFiles;
    try (Stream<Path> files = Files.walk(EXAMPLE)) {
      javaFiles = files.filter(f -> f.toString().endsWith(".java"))
          .filter(f -> !f.getFileName().toString().equals("ListCustomersTest.java"))   // the harness, not an example
          .map(f -> f.toString().replace('\\', '/')).collect(Collectors.toCollection(TreeSet::new));
    }

    assertThat(javaFiles).as("the example project's files").hasSizeGreaterThanOrEqualTo(4);
    assertThat(shown.keySet()).as("the files the pages show").containsAll(javaFiles);
    for (String file : javaFiles) {
      assertThat(shown.get(file)).as("the block for " + file + " on " + pageShowing(file))
          .isEqualTo(Files.readString(Path.of(file), StandardCharsets.UTF_8));
    }
  }

  @Test
  void everyJavaFileTheDocsShowFromAnyConsumerBuildIsThatFileWhole() throws IOException {
    Map<String, String> shown = shownFiles(PAGES);
    List<String> javaFiles = shown.keySet().stream().filter(f -> f.endsWith(".java")).toList();

    assertThat(javaFiles).as("the pages show the Reactor example of consumers/observability-app")
        .contains("src/tests/consumers/observability-app/src/main/java/com/example/observed/ReactiveListing.java");
    for (String file : javaFiles) {
      assertThat(Path.of(file)).as("the file the pages show").isRegularFile();
      assertThat(shown.get(file)).as("the block for " + file + " on " + pageShowing(file))
          .isEqualTo(Files.readString(Path.of(file), StandardCharsets.UTF_8));
    }
  }

  @Test
  void theDocsDependenciesAreTheExampleProjectsWithTheBuildsVersions() throws IOException {
    Map<String, String> shown = shownFiles(PAGES);
    String pom = Files.readString(EXAMPLE.resolve("pom.xml"), StandardCharsets.UTF_8)
        .replace("@project.version@", System.getProperty("project.version"))
        .replace("@junit.version@", System.getProperty("junit.version"));

    String block = shown.get(EXAMPLE.resolve("pom.xml").toString().replace('\\', '/'));
    assertThat(block).as("the pages show the example's pom.xml dependencies").isNotNull();
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

  @Test
  void theBlocksAreFoundOnEveryPageAndAFileShownOnTwoPagesFails(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("docs"));
    Files.writeString(dir.resolve("README.md"), "<!-- src/tests/consumers/a/A.java -->\n```java\na\n```\n");
    Files.writeString(dir.resolve("docs").resolve("z.md"), "<!-- src/tests/consumers/a/B.java -->\n```java\nb\n```\n");
    assertThat(shownFiles(pages(dir))).containsOnlyKeys("src/tests/consumers/a/A.java", "src/tests/consumers/a/B.java");

    Files.writeString(dir.resolve("CONTRIBUTING.md"), "<!-- src/tests/consumers/a/B.java -->\n```java\nb\n```\n");
    assertThatIllegalStateException().isThrownBy(() -> shownFiles(pages(dir)))
        .withMessageContaining("src/tests/consumers/a/B.java").withMessageContaining("twice");

    Files.writeString(dir.resolve("README.md"), "no blocks\n");
    Files.writeString(dir.resolve("CONTRIBUTING.md"), "none\n");
    Files.writeString(dir.resolve("docs").resolve("z.md"), "none here either\n");
    assertThatIllegalStateException().isThrownBy(() -> shownFiles(pages(dir))).withMessageContaining("no block");
  }

  /** {@return the page of {@link #PAGES} that shows {@code file}, for a failure's message} */
  private static String pageShowing(String file) throws IOException {
    for (Path page : PAGES) {
      if (Files.readString(page, StandardCharsets.UTF_8).contains("<!-- " + file + " -->")) {
        return page.toString();
      }
    }
    return "no page";
  }

  /** README.md, CONTRIBUTING.md and docs/*.md under {@code root}, those that exist, in that order. */
  static List<Path> pages(Path root) {
    List<Path> pages = new ArrayList<>();
    for (String top : List.of("README.md", "CONTRIBUTING.md")) {
      if (Files.isRegularFile(root.resolve(top))) {
        pages.add(root.resolve(top));
      }
    }
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(f -> f.toString().endsWith(".md")).sorted().forEach(pages::add);
    } catch (NoSuchFileException none) {
      // no docs/ folder: the top pages alone
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pages;
  }

  /** The files every page shows, from all of {@code pages}; a file shown twice, or no file at all, fails. */
  static Map<String, String> shownFiles(List<Path> pages) throws IOException {
    Map<String, String> shown = new LinkedHashMap<>();
    Map<String, Path> where = new LinkedHashMap<>();
    for (Path page : pages) {
      for (Map.Entry<String, String> file : shownFiles(Files.readString(page, StandardCharsets.UTF_8)).entrySet()) {
        Path before = where.put(file.getKey(), page);
        if (before != null) {
          throw new IllegalStateException(file.getKey() + " is shown twice: in " + before + " and in " + page);
        }
        shown.put(file.getKey(), file.getValue());
      }
    }
    if (shown.isEmpty()) {
      throw new IllegalStateException("no block <!-- src/tests/consumers/... --> on any of " + pages);
    }
    return shown;
  }

  static Map<String, String> shownFiles(String page) {
    Map<String, String> shown = new LinkedHashMap<>();
    Matcher m = SHOWN_FILE.matcher(page);
    while (m.find()) {
      if (shown.put(m.group(1), m.group(3)) != null) {
        throw new IllegalStateException("a page shows " + m.group(1) + " twice");
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
