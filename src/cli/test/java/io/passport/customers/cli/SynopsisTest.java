package io.passport.customers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every synopsis of the tool in the documentation (README.md and docs/*.md: each {@code sh} block after a
 * {@code <!-- readme-cli: not run: a synopsis ... -->} marker, wherever it stands) names exactly the options
 * each command's {@code --help} lists, apart from {@code --help} and {@code --version}, which every
 * command has and the page says once; and {@code -V} of every command prints the version. No synopsis
 * found fails, so moving one cannot switch this check off.
 */
class SynopsisTest {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("../..").normalize();
  private static final String MARKER = "<!-- readme-cli: not run: a synopsis";
  private static final String PREFIX = "java -jar target/passport-customers-cli.jar ";
  private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--?[a-zA-Z][\\w-]*");

  @ParameterizedTest
  @ValueSource(strings = {"list", "get", "sandbox"})
  void everySynopsisInTheDocsNamesEveryOptionOfTheCommandAndNoOther(String command) throws IOException {
    CommandLine cli = new CommandLine(new PassportCustomersCli(Map.of(), new PassportCustomersCli.Io(System.out, false, false)))
        .getSubcommands().get(command);
    Set<String> help = new TreeSet<>();
    for (OptionSpec option : cli.getCommandSpec().options()) {
      if (!option.usageHelp() && !option.versionHelp()) {
        help.add(option.longestName());
      }
    }
    String usage = cli.getUsageMessage(CommandLine.Help.Ansi.OFF);

    Map<Path, String> blocks = synopsisBlocks(pages(ROOT));
    assertThat(blocks).as("synopsis blocks (" + MARKER + ") in README.md and docs/*.md").isNotEmpty();
    for (Map.Entry<Path, String> block : blocks.entrySet()) {
      Set<String> synopsis = new TreeSet<>(options(synopsis(block.getValue(), command)));
      assertThat(synopsis).as(block.getKey() + ": the synopsis of " + command + " against its --help:\n" + usage)
          .isEqualTo(help);
    }
    assertThat(help).allSatisfy(option -> assertThat(usage).contains(option));
  }

  @ParameterizedTest
  @ValueSource(strings = {"list", "get", "sandbox"})
  void dashVOfEveryCommandPrintsTheVersion(String command) {
    CliTest.Result result = CliTest.run(command, "-V");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out().strip()).isEqualTo(CliTest.run("--version").out().strip()).startsWith("passport-customers-java ");
  }

  @org.junit.jupiter.api.Test
  void optionsAreReadFromASynopsisAsWritten() {
    assertThat(options("list [--page N] [--all [--resume]] [--base-url URL | --environment SANDBOX|PRODUCTION] [-q]"))
        .containsExactly("--page", "--all", "--resume", "--base-url", "--environment", "-q");
  }

  @org.junit.jupiter.api.Test
  void everyMarkedSynopsisOnEveryPageIsFoundAndNoneFoundIsEmpty(@TempDir Path root) throws IOException {
    Files.createDirectories(root.resolve("docs"));
    Files.writeString(root.resolve("README.md"), MARKER + ", not a command -->\n```sh\n" + PREFIX + "get ID [--a]\n```\n"
        + "```sh\n" + PREFIX + "get ID [--not-a-synopsis]\n```\n");
    Files.writeString(root.resolve("docs").resolve("cli.md"), "text\n" + MARKER + " -->\n```sh\n" + PREFIX + "get ID [--b]\n```\n");

    Map<Path, String> blocks = synopsisBlocks(pages(root));

    assertThat(blocks.values()).containsExactly(PREFIX + "get ID [--a]", PREFIX + "get ID [--b]");
    assertThat(options(synopsis(blocks.get(root.resolve("docs").resolve("cli.md")), "get"))).containsExactly("--b");
    Files.writeString(root.resolve("README.md"), "no synopsis\n");
    Files.writeString(root.resolve("docs").resolve("cli.md"), "```sh\n" + PREFIX + "get ID [--b]\n```\n");
    assertThat(synopsisBlocks(pages(root))).isEmpty();
  }

  /** README.md and docs/*.md under {@code root}, those that exist. */
  static List<Path> pages(Path root) throws IOException {
    List<Path> pages = new ArrayList<>();
    if (Files.isRegularFile(root.resolve("README.md"))) {
      pages.add(root.resolve("README.md"));
    }
    if (Files.isDirectory(root.resolve("docs"))) {
      try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
        docs.filter(f -> f.toString().endsWith(".md")).sorted().forEach(pages::add);
      }
    }
    return pages;
  }

  /** The text of each {@code sh} block right after a synopsis marker, by page (in order; one page, one block). */
  static Map<Path, String> synopsisBlocks(List<Path> pages) throws IOException {
    Map<Path, String> blocks = new LinkedHashMap<>();
    for (Path page : pages) {
      String text = Files.readString(page, StandardCharsets.UTF_8);
      int marker = text.indexOf(MARKER);
      if (marker < 0) {
        continue;
      }
      assertThat(text.indexOf(MARKER, marker + 1)).as(page + " has one synopsis").isNegative();
      int start = text.indexOf("\n", marker) + 1;
      assertThat(text.startsWith("```sh\n", start)).as(page + ": an sh block right after " + MARKER).isTrue();
      start += "```sh\n".length();
      blocks.put(page, text.substring(start, text.indexOf("\n```", start)));
    }
    return blocks;
  }

  /** The lines of a synopsis block that describe {@code command}: its line and the indented ones after it. */
  private static String synopsis(String block, String command) {
    StringBuilder lines = new StringBuilder();
    boolean inside = false;
    for (String line : block.split("\n")) {
      if (line.startsWith(PREFIX)) {
        inside = line.startsWith(PREFIX + command + " ");
      }
      if (inside) {
        lines.append(line.startsWith(PREFIX) ? line.substring(PREFIX.length() + command.length()) : line).append('\n');
      }
    }
    assertThat(lines).as("the synopsis of " + command + " in\n" + block).isNotEmpty();
    return lines.toString();
  }

  static List<String> options(String synopsis) {
    List<String> options = new ArrayList<>();
    Matcher m = OPTION.matcher(synopsis);
    while (m.find()) {
      options.add(m.group());
    }
    return options;
  }
}
