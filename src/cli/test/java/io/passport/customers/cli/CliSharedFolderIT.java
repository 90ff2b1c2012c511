package io.passport.customers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.passport.customers.sandbox.Faults;
import io.passport.customers.sandbox.PassportSandbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code list --all --output FILE} on the packaged jar, in a folder shared with other runs and other
 * users: two exports to one file at once, links planted where the work files go, a symlinked FILE, and
 * a checkpoint whose part file is gone. Real processes, real files.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class CliSharedFolderIT {
  private static final int CUSTOMERS = 600;
  private static final int PAGE_SIZE = 10;

  private PassportSandbox sandbox;

  @AfterEach
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private void start(Duration latency) throws IOException {
    sandbox = PassportSandbox.builder().customers(CUSTOMERS).seed(5)
        .faults(Faults.builder().latency(latency).build()).start();
  }

  private String[] export(Path file, String format, String... more) {
    List<String> args = new ArrayList<>(List.of("list", "--all", "--page-size", String.valueOf(PAGE_SIZE),
        "--format", format, "--base-url", sandbox.baseUrl(), "--token", PassportSandbox.STATIC_TOKEN,
        "--output", file.toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void aSecondExportToTheSameFileExits2NamingTheRunningExportAndTouchesNothing(@TempDir Path dir) throws Exception {
    start(Duration.ofMillis(250)); // 60 pages: about 15 s, time for two more JVMs to start on a busy machine
    Path file = dir.resolve("out.dat");
    Process first = Jar.start(dir.resolve("first.out"), dir.resolve("first.err"), export(file, "ndjson"));
    waitUntil(() -> Files.exists(Checkpoint.pathFor(file)), "the first export's first checkpoint");

    // An ndjson and a csv export of the same file used to be spliced together; the same command twice
    // used to leave a checkpoint without its part file.
    CompletableFuture<Jar.Run> otherFormat = CompletableFuture.supplyAsync(() -> run(dir, export(file, "csv")));
    CompletableFuture<Jar.Run> sameCommand = CompletableFuture.supplyAsync(() -> run(dir, export(file, "ndjson")));
    Jar.Run second = otherFormat.join();
    Jar.Run again = sameCommand.join();
    assertThat(first.isAlive()).as("the first export still runs").isTrue();

    assertThat(first.waitFor(90, TimeUnit.SECONDS)).isTrue();
    String firstErr = Files.readString(dir.resolve("first.err"), StandardCharsets.UTF_8);
    assertThat(first.exitValue()).as(firstErr).isZero();
    assertThat(second.exitCode()).as(second.err()).isEqualTo(2);
    assertThat(second.err()).contains("another export to " + file + " is running", "pid " + first.pid(),
        "ndjson", ExportLock.pathFor(file).toString()).doesNotContain("\tat ");
    assertThat(again.exitCode()).as(again.err()).isEqualTo(2);
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(CUSTOMERS).allMatch(line -> line.startsWith("{") && line.endsWith("}"));
    assertThat(Checkpoint.pathFor(file)).doesNotExist();
    assertThat(Checkpoint.partFor(file)).doesNotExist();

    // The lock is released with the export: the next run goes ahead.
    Jar.Run next = Jar.run(dir, export(file, "csv"));
    assertThat(next.exitCode()).as(next.err()).isZero();
    assertThat(Files.readString(file, StandardCharsets.UTF_8).split("\r\n")).hasSize(1 + CUSTOMERS);
  }

  @ParameterizedTest
  @ValueSource(strings = {".part", ".checkpoint", ".checkpoint.tmp", ".lock"})
  void aLinkPlantedWhereAWorkFileGoesIsRefusedAndWhatItPointsToIsUntouched(String suffix, @TempDir Path dir)
      throws Exception {
    start(Duration.ZERO);
    Path shared = Files.createDirectory(dir.resolve("shared"));
    Path victim = Files.createDirectory(dir.resolve("victim")).resolve("secret.txt");
    Files.writeString(victim, "the victim's secret\n");
    Path file = shared.resolve("export.ndjson");
    Path link = shared.resolve("export.ndjson" + suffix);
    Files.createSymbolicLink(link, victim);

    Jar.Run run = Jar.run(dir, export(file, "ndjson"));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains(link + " is a symbolic link").doesNotContain("\tat ");
    assertThat(Files.readString(victim)).isEqualTo("the victim's secret\n");
    assertThat(file).doesNotExist();
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(sandbox.requestCount()).as("refused before any request").isZero();
  }

  @Test
  void aSymlinkedOutputIsReplacedByTheExportAndWhatItPointedToIsUntouched(@TempDir Path dir) throws Exception {
    start(Duration.ZERO);
    Path victim = dir.resolve("elsewhere.txt");
    Files.writeString(victim, "not the export\n");
    Path file = dir.resolve("export.ndjson");
    Files.createSymbolicLink(file, victim);

    Jar.Run run = Jar.run(dir, export(file, "ndjson"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Files.isSymbolicLink(file)).isFalse();
    assertThat(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)).isTrue();
    assertThat(Files.readAllLines(file)).hasSize(CUSTOMERS);
    assertThat(Files.readString(victim)).isEqualTo("not the export\n");
  }

  @Test
  void aCheckpointWhosePartFileIsGoneIsExplainedAndDoesNotTurnCheckpointingOff(@TempDir Path dir) throws Exception {
    start(Duration.ofMillis(40));
    Path file = dir.resolve("customers.csv");
    Process killed = Jar.start(dir.resolve("k.out"), dir.resolve("k.err"), export(file, "csv"));
    waitUntil(() -> Files.exists(Checkpoint.pathFor(file)), "a checkpoint");
    killed.destroyForcibly();
    assertThat(killed.waitFor(20, TimeUnit.SECONDS)).isTrue();
    Files.delete(Checkpoint.partFor(file)); // as the loser of a race used to leave it
    Path checkpoint = Checkpoint.pathFor(file);

    Jar.Run resume = Jar.run(dir, export(file, "csv", "--resume"));

    assertThat(resume.exitCode()).as(resume.err()).isEqualTo(2);
    assertThat(resume.err()).contains(checkpoint + " cannot be resumed", "its part file " + Checkpoint.partFor(file)
        + " is gone", "rm -- '" + checkpoint + "'");

    // A plain run removes the stale checkpoint and keeps its own: interrupted, it can be resumed.
    Process plain = Jar.start(dir.resolve("p.out"), dir.resolve("p.err"), export(file, "csv"));
    waitUntil(() -> lastPageAtLeast(checkpoint, 2), "the plain run's own checkpoint");
    plain.destroyForcibly();
    assertThat(plain.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(dir.resolve("p.err"), StandardCharsets.UTF_8))
        .contains(checkpoint + " was left by an interrupted export that cannot be resumed", "keeps its own checkpoint");
    assertThat(Checkpoint.partFor(file)).exists();

    Jar.Run resumed = Jar.run(dir, export(file, "csv", "--resume"));
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(Files.readString(file, StandardCharsets.UTF_8).split("\r\n")).hasSize(1 + CUSTOMERS);
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("customers")))
          .as("the work files are gone; the lock file stays, empty").containsExactlyInAnyOrder("customers.csv",
              "customers.csv.lock");
    }
    assertThat(ExportLock.pathFor(file)).isEmptyFile();
  }

  private static Jar.Run run(Path dir, String... args) {
    try {
      return Jar.run(dir, args);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean lastPageAtLeast(Path checkpoint, int page) {
    try {
      java.util.Properties p = new java.util.Properties();
      p.load(new java.io.StringReader(Files.readString(checkpoint, StandardCharsets.ISO_8859_1)));
      return Integer.parseInt(p.getProperty("last_page", "0")) >= page;
    } catch (IOException | NumberFormatException e) {
      return false;
    }
  }

  private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited 60 s for " + what);
      }
      Thread.sleep(5);
    }
  }
}
