package io.passport.customers.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the packaged tool, {@code target/passport-customers-cli.jar}, as a real process. */
final class Jar {
  static final Path JAR = Path.of("target", "passport-customers-cli.jar").toAbsolutePath();
  static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  record Run(int exitCode, byte[] out, String err) {
    String outText() {
      return new String(out, StandardCharsets.UTF_8);
    }

    List<String> errLines() {
      return err.lines().toList();
    }
  }

  private Jar() {}

  static List<String> command(String... args) {
    List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
    command.addAll(List.of(args));
    return command;
  }

  /** Runs the tool to the end (at most 90 s) with standard output and error in files under {@code dir}. */
  static Run run(Path dir, String... args) throws IOException, InterruptedException {
    return run(dir, null, args);
  }

  /** The same, with standard output sent to {@code stdout} instead (e.g. /dev/full). */
  static Run run(Path dir, File stdout, String... args) throws IOException, InterruptedException {
    return run(dir, stdout, command(args), args);
  }

  /** Runs the tool to the end, as {@link #run(Path, String...)}, in a JVM given {@code jvmOptions} (e.g. -Xmx64m). */
  static Run runInJvm(Path dir, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(JAVA));
    command.addAll(jvmOptions);
    command.addAll(command(args).subList(1, command(args).size()));
    return run(dir, null, command, args);
  }

  private static Run run(Path dir, File stdout, List<String> command, String... args)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "stdout", ".bin");
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    Process process = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(stdout != null ? stdout : out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the tool did not finish in 90 s: " + String.join(" ", args));
    }
    return new Run(process.exitValue(), Files.readAllBytes(out), Files.readString(err, StandardCharsets.UTF_8));
  }

  /**
   * Starts the tool with standard output and error in files; the caller waits for it or kills it. The
   * tool starts with SIGINT at its default action, as from a terminal: a shell without job control (CI
   * starting a build in the background) hands its children SIGINT ignored, and a JVM that inherits an
   * ignored SIGINT runs no shutdown hook on Ctrl-C.
   */
  static Process start(Path stdout, Path stderr, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT"));
    command.addAll(command(args));
    return new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
  }
}
