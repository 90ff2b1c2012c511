package io.passport.customers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code sh} block of the command-line pages ({@link #CLI_PAGES}: docs/cli.md and docs/sandbox.md),
 * and every block marked as a CLI block on any other page (README.md, docs/*.md), is either run here, as
 * written, by {@code bash -c} in an empty folder that holds only {@code target/passport-customers-cli.jar}
 * (the packaged jar), and its documented outcome checked, or marked as not run with the reason. The marker
 * is the HTML comment on the line before the block: {@code <!-- readme-cli: run: ID -->} or {@code <!--
 * readme-cli: not run: REASON -->}. A block of a CLI page without a marker, a run block this test does not
 * know, a known block gone from every page, or no blocks at all fails. The blocks get no credentials: the
 * {@code PASSPORT_*} variables are removed from their environment.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReadmeCliBlocksIT {
  private static final Path ROOT = Path.of("").toAbsolutePath();
  /** The pages every sh block of which is about the tool, so needs a marker. */
  static final List<String> CLI_PAGES = List.of("docs/cli.md", "docs/sandbox.md");
  private static final Pattern BLOCK = Pattern.compile("(?m)^( *)```sh\\n(.*?)^\\1```$", Pattern.DOTALL);
  private static final Pattern MARKER = Pattern.compile("<!-- readme-cli: (run: (\\S+)|not run: (.*\\S)) -->");

  /** A documentation block and what its marker says: the id of a run block, or null and the reason it is not run. */
  record Block(String text, String id, String reason) {}

  record Run(int exitCode, String out, String err) {}

  @Test
  void everyShBlockOfTheCliPagesIsRunHereOrSaysWhyNot() throws IOException {
    List<Block> blocks = cliBlocks();

    assertThat(blocks).as("sh blocks of " + CLI_PAGES + " and marked blocks of README.md and docs/*.md")
        .hasSizeGreaterThanOrEqualTo(3);
    assertThat(blocks).allSatisfy(b -> assertThat(b.id() != null || !b.reason().isBlank())
        .as("a marker, <!-- readme-cli: run: ID --> or <!-- readme-cli: not run: REASON -->, before\n" + b.text()).isTrue());
    assertThat(blocks.stream().filter(b -> b.id() != null).map(Block::id).toList())
        .as("the run blocks are the ones this test checks, each once").containsExactly("sandbox-then-list");
  }

  @Test
  void theSandboxThenListBlockListsTheFirstPageOfTheSandboxAndStopsIt(@TempDir Path dir) throws Exception {
    Run run = run(dir, block("sandbox-then-list"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    String baseUrl = Files.readAllLines(dir.resolve("sandbox.out"), StandardCharsets.UTF_8).get(0);
    assertThat(baseUrl).as("the sandbox's first line, its base URL without a trailing slash")
        .matches("http://127\\.0\\.0\\.1:\\d+");
    assertThat(run.err()).contains(
        "passport-customers: talking to " + baseUrl + "/ (--base-url) with an access token",
        "page 1 of 25 (250 customers in all); this is not the whole listing: --all lists every page");
    assertThat(run.out().lines().filter(l -> l.contains("cus_") || l.matches(".*[0-9a-f]{8}-.*")).count())
        .as("the first page's ten customers in a table:\n" + run.out()).isEqualTo(10);
    assertThat(stopsListening(URI.create(baseUrl))).as("kill $! stopped the sandbox").isTrue();
  }

  @Test
  void blocksAreReadWithTheirIndentationAndMarkers() {
    List<Block> blocks = blocks("text\n<!-- readme-cli: not run: needs a token -->\n```sh\necho a\n```\n\n"
        + "- item\n\n  <!-- readme-cli: run: two -->\n  ```sh\n  echo b\n    echo c\n  ```\n\n```sh\necho d\n```\n");

    assertThat(blocks).containsExactly(new Block("echo a\n", null, "needs a token"),
        new Block("echo b\n  echo c\n", "two", null), new Block("echo d\n", null, ""));
  }

  @Test
  void theBlocksOfTheCliPagesAndTheMarkedOnesOfOtherPagesAreFound(@TempDir Path root) throws IOException {
    Files.createDirectories(root.resolve("docs"));
    Files.writeString(root.resolve("README.md"), "```sh\necho unmarked, not about the tool\n```\n"
        + "<!-- readme-cli: not run: a synopsis -->\n```sh\necho a\n```\n");
    Files.writeString(root.resolve("docs").resolve("cli.md"), "<!-- readme-cli: run: b -->\n```sh\necho b\n```\n"
        + "```sh\necho c\n```\n");
    Files.writeString(root.resolve("docs").resolve("other.md"), "```sh\necho d\n```\n");
    Files.writeString(root.resolve("docs").resolve("sandbox.md"), "no blocks\n");

    assertThat(cliBlocks(root)).containsExactly(new Block("echo a\n", null, "a synopsis"),
        new Block("echo b\n", "b", null), new Block("echo c\n", null, ""));
  }

  private static List<Block> cliBlocks() throws IOException {
    return cliBlocks(ROOT);
  }

  /** The blocks of {@link #CLI_PAGES} under {@code root}, and the marked ones of README.md and the other docs/*.md. */
  static List<Block> cliBlocks(Path root) throws IOException {
    List<Path> pages = new ArrayList<>();
    pages.add(root.resolve("README.md"));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(f -> f.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    List<Block> blocks = new ArrayList<>();
    for (Path page : pages) {
      if (!Files.isRegularFile(page)) {
        continue;
      }
      boolean cliPage = CLI_PAGES.stream().anyMatch(p -> root.resolve(p).equals(page));
      for (Block block : blocks(Files.readString(page, StandardCharsets.UTF_8))) {
        if (cliPage || block.id() != null || !block.reason().isEmpty()) {
          blocks.add(block);
        }
      }
    }
    for (String page : CLI_PAGES) {
      assertThat(root.resolve(page)).as("a command-line page").isRegularFile();
    }
    return blocks;
  }

  private static String block(String id) throws IOException {
    return cliBlocks().stream().filter(b -> id.equals(b.id())).map(Block::text).findFirst()
        .orElseThrow(() -> new AssertionError("no page has a block marked <!-- readme-cli: run: " + id + " -->"));
  }

  /** The sh blocks of {@code markdown}, each without the fence's indentation, with its marker (reason "" if none). */
  static List<Block> blocks(String markdown) {
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(markdown);
    while (m.find()) {
      String indent = m.group(1);
      StringBuilder text = new StringBuilder();
      for (String line : m.group(2).split("\n")) {
        text.append(line.startsWith(indent) ? line.substring(indent.length()) : line).append('\n');
      }
      String before = markdown.substring(0, m.start()).stripTrailing();
      String lastLine = before.substring(before.lastIndexOf('\n') + 1).strip();
      Matcher marker = MARKER.matcher(lastLine);
      if (marker.matches()) {
        blocks.add(new Block(text.toString(), marker.group(2), marker.group(3)));
      } else {
        blocks.add(new Block(text.toString(), null, ""));
      }
    }
    return blocks;
  }

  /**
   * Runs {@code script} with {@code bash -c} in {@code dir}, which gets {@code target/passport-customers-cli.jar}
   * (a link to the packaged jar), in a session of its own whose processes are all stopped afterwards.
   */
  private static Run run(Path dir, String script) throws IOException, InterruptedException {
    Files.createDirectories(dir.resolve("target"));
    Path jar = Files.createSymbolicLink(dir.resolve("target").resolve(Jar.JAR.getFileName()), Jar.JAR);
    Path out = Files.createTempFile(dir, "stdout", ".txt");
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    ProcessBuilder builder = new ProcessBuilder("setsid", "bash", "-c", script).directory(dir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("PASSPORT_"));
    builder.environment().put("PATH", Path.of(Jar.JAVA).getParent() + File.pathSeparator + System.getenv("PATH"));
    Process process = builder.start();
    try {
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        throw new AssertionError("the block did not finish in 90 s:\n" + script);
      }
      return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      // Whatever the block left running in its session (a sandbox it started and did not stop).
      new ProcessBuilder("kill", "-KILL", "--", "-" + process.pid()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
      Files.delete(jar);
    }
  }

  private static boolean stopsListening(URI baseUrl) throws InterruptedException, IOException {
    for (int i = 0; i < 50; i++) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(baseUrl.getHost(), baseUrl.getPort()), 1000);
      } catch (ConnectException refused) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }
}
