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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code sh} block of the README's command-line sections ("The command-line tool" and its
 * subsections, "The sandbox") is either run here, as written, by {@code bash -c} in an empty folder that
 * holds only {@code target/passport-customers-cli.jar} (the packaged jar), and its documented outcome
 * checked, or marked as not run with the reason. The marker is the HTML comment on the line before the
 * block: {@code <!-- readme-cli: run: ID -->} or {@code <!-- readme-cli: not run: REASON -->}. A block
 * without a marker, a run block this test does not know, or a known block gone from the README fails.
 * The blocks get no credentials: the {@code PASSPORT_*} variables are removed from their environment.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReadmeCliBlocksIT {
  private static final Path README = Path.of("README.md").toAbsolutePath();
  private static final Pattern BLOCK = Pattern.compile("(?m)^( *)```sh\\n(.*?)^\\1```$", Pattern.DOTALL);
  private static final Pattern MARKER = Pattern.compile("<!-- readme-cli: (run: (\\S+)|not run: (.*\\S)) -->");

  /** A README block and what its marker says: the id of a run block, or null and the reason it is not run. */
  record Block(String text, String id, String reason) {}

  record Run(int exitCode, String out, String err) {}

  @Test
  void everyShBlockOfTheCliSectionsIsRunHereOrSaysWhyNot() throws IOException {
    List<Block> blocks = cliBlocks();

    assertThat(blocks).as("sh blocks of the README's CLI sections").hasSizeGreaterThanOrEqualTo(3);
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

  private static List<Block> cliBlocks() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    int start = readme.indexOf("\n## The command-line tool\n");
    int end = readme.indexOf("\n## Using the client\n");
    assertThat(start).as("README.md has the CLI section before Using the client").isPositive().isLessThan(end);
    return blocks(readme.substring(start, end));
  }

  private static String block(String id) throws IOException {
    return cliBlocks().stream().filter(b -> id.equals(b.id())).map(Block::text).findFirst()
        .orElseThrow(() -> new AssertionError("README.md has no block marked <!-- readme-cli: run: " + id + " -->"));
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
