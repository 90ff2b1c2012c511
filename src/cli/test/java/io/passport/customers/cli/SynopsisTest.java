package io.passport.customers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The README's synopsis of the tool (the block under "The command-line tool") names exactly the options
 * each command's {@code --help} lists, apart from {@code --help} and {@code --version}, which every
 * command has and the README says once; and {@code -V} of every command prints the version.
 */
class SynopsisTest {
  private static final Path README = Path.of(System.getProperty("user.dir")).resolve("../../README.md").normalize();
  private static final String PREFIX = "java -jar target/passport-customers-cli.jar ";
  private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--?[a-zA-Z][\\w-]*");

  @ParameterizedTest
  @ValueSource(strings = {"list", "get", "sandbox"})
  void theReadmesSynopsisNamesEveryOptionOfTheCommandAndNoOther(String command) throws IOException {
    CommandLine cli = new CommandLine(new PassportCustomersCli(Map.of(), new PassportCustomersCli.Io(System.out, false, false)))
        .getSubcommands().get(command);
    Set<String> help = new TreeSet<>();
    for (OptionSpec option : cli.getCommandSpec().options()) {
      if (!option.usageHelp() && !option.versionHelp()) {
        help.add(option.longestName());
      }
    }
    String usage = cli.getUsageMessage(CommandLine.Help.Ansi.OFF);

    Set<String> synopsis = new TreeSet<>(options(synopsis(command)));
    assertThat(synopsis).as("README.md's synopsis of " + command + " against its --help:\n" + usage).isEqualTo(help);
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

  /** The lines of README.md's synopsis block that describe {@code command}: its line and the indented ones after it. */
  private static String synopsis(String command) throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    int section = readme.indexOf("## The command-line tool");
    assertThat(section).as("README.md has the section").isPositive();
    int start = readme.indexOf("```sh\n", section) + "```sh\n".length();
    String block = readme.substring(start, readme.indexOf("\n```\n", start));
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
    assertThat(lines).as("README.md's synopsis of " + command).isNotEmpty();
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
