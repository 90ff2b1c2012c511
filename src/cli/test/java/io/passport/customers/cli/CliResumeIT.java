package io.passport.customers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.passport.customers.sandbox.Faults;
import io.passport.customers.sandbox.PassportSandbox;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code list --all --output FILE} on the packaged jar, interrupted by kill -9 and by a failing server,
 * then finished with {@code --resume}: the file is byte for byte what an uninterrupted run writes, a
 * failed run never touches the previous FILE, and a checkpoint is only resumed by the same export.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class CliResumeIT {
  private static final int CUSTOMERS = 600;
  private static final int PAGE_SIZE = 10;
  private static final int PAGES = CUSTOMERS / PAGE_SIZE;

  private PassportSandbox sandbox;

  private PassportSandbox start(Faults faults) throws IOException {
    sandbox = PassportSandbox.builder().customers(CUSTOMERS).seed(23).faults(faults).start();
    return sandbox;
  }

  @AfterEach
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private String[] export(Path file, String format, String... more) {
    List<String> args = new ArrayList<>(List.of("list", "--all", "--page-size", String.valueOf(PAGE_SIZE),
        "--format", format, "--base-url", sandbox.baseUrl(), "--token", PassportSandbox.STATIC_TOKEN,
        "--output", file.toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void anExportKilledAtRandomPointsAndResumedIsByteIdenticalToAnUninterruptedRun(@TempDir Path dir) throws Exception {
    // Latency and a few retried faults (500, 503, 429 with Retry-After 0) keep every kill mid-export.
    start(Faults.builder().latency(Duration.ofMillis(15)).failureRate(0.05).seed(3).retryAfterSeconds(0)
        .kinds(Set.of(Faults.Kind.SERVER_ERROR, Faults.Kind.UNAVAILABLE, Faults.Kind.RATE_LIMITED)).build());
    Path reference = dir.resolve("reference.json");
    Process uninterrupted = Jar.start(dir.resolve("reference.out"), dir.resolve("reference.err"), export(reference, "json"));

    Path file = dir.resolve("customers.json");
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    List<String> killedAt = new ArrayList<>();
    for (int kill = 0; kill < 3; kill++) {
      int before = lastPage(file);
      Process process = Jar.start(dir.resolve("out" + kill), dir.resolve("err" + kill),
          kill == 0 ? export(file, "json") : export(file, "json", "--resume"));
      waitUntil(() -> lastPage(file) > before, "a new checkpoint after page " + before);
      Thread.sleep(random.nextInt(500));
      assertThat(process.isAlive()).as("still exporting when killed (seed " + seed + ")").isTrue();
      process.destroyForcibly();
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isEqualTo(128 + 9);
      int checkpointed = lastPage(file);
      killedAt.add("page " + checkpointed + ", part " + Files.size(Checkpoint.partFor(file)) + " bytes");
      assertThat(checkpointed).as("killed mid-export (seed " + seed + ")").isBetween(1, PAGES - 1);
      assertThat(file).as("no FILE until the export is complete").doesNotExist();
    }

    Jar.Run resumed = Jar.run(dir, export(file, "json", "--resume"));
    assertThat(uninterrupted.waitFor(90, TimeUnit.SECONDS)).isTrue();

    assertThat(uninterrupted.exitValue()).as(Files.readString(dir.resolve("reference.err"))).isZero();
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(Files.readAllBytes(file)).as("kills at " + killedAt + " (seed " + seed + ")")
        .isEqualTo(Files.readAllBytes(reference));
    assertThat(Checkpoint.partFor(file)).doesNotExist();
    assertThat(Checkpoint.pathFor(file)).doesNotExist();
  }

  @Test
  void aServerFailureMidExportLeavesThePreviousFileAndAResumableCheckpoint(@TempDir Path dir) throws Exception {
    start(Faults.builder().latency(Duration.ofMillis(10)).build());
    Path file = dir.resolve("customers.csv");
    Jar.Run good = Jar.run(dir, export(file, "csv"));
    assertThat(good.exitCode()).as(good.err()).isZero();
    byte[] previous = Files.readAllBytes(file);
    assertThat(new String(previous, StandardCharsets.UTF_8).split("\r\n")).hasSize(1 + CUSTOMERS);

    // Every request fails with a 500 once page 3 is on disk.
    Process failing = Jar.start(dir.resolve("out"), dir.resolve("err"), export(file, "csv"));
    waitUntil(() -> lastPage(file) >= 3, "page 3 checkpointed");
    sandbox.faults(Faults.builder().failureRate(1.0).kinds(Set.of(Faults.Kind.SERVER_ERROR)).build());
    assertThat(failing.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String err = Files.readString(dir.resolve("err"), StandardCharsets.UTF_8);

    assertThat(failing.exitValue()).as(err).isEqualTo(1);
    assertThat(err).contains("HTTP 500", "run the same command with --resume").doesNotContain("\tat ");
    assertThat(Files.readAllBytes(file)).as("the previous file is untouched").isEqualTo(previous);
    assertThat(Checkpoint.partFor(file)).exists();
    int stoppedAfter = lastPage(file);
    assertThat(stoppedAfter).isBetween(3, PAGES - 1);

    // A different query, format or server is refused; the checkpoint stays as it was.
    byte[] checkpoint = Files.readAllBytes(Checkpoint.pathFor(file));
    sandbox.faults(Faults.none());
    PassportSandbox other = PassportSandbox.builder().customers(CUSTOMERS).seed(23).start();
    List<Jar.Run> refusals = new ArrayList<>();
    try (other) {
      // One after the other: runs at once on one file would be refused for its lock (CliSharedFolderIT).
      for (String[] args : List.of(
              export(file, "ndjson", "--resume"),
              export(file, "csv", "--resume", "--order-key", "business_name"),
              export(file, "csv", "--resume", "--csv-raw"),
              new String[] {"list", "--all", "--page-size", String.valueOf(PAGE_SIZE), "--format", "csv", "--base-url",
                  other.baseUrl(), "--token", PassportSandbox.STATIC_TOKEN, "--output", file.toString(), "--resume"})) {
        refusals.add(Jar.run(dir, args));
      }
      assertThat(other.requestCount()).as("refused before any request").isZero();
    }
    Jar.Run otherFormat = refusals.get(0);
    Jar.Run otherQuery = refusals.get(1);
    Jar.Run csvRaw = refusals.get(2);
    Jar.Run otherServer = refusals.get(3);
    assertThat(otherServer.exitCode()).isEqualTo(2);
    assertThat(otherServer.err()).contains("--resume", "where it talks (was " + sandbox.baseUrl() + ")");
    assertThat(otherFormat.exitCode()).isEqualTo(2);
    assertThat(otherFormat.err()).contains("--resume", "the format (was csv (neutralised))");
    assertThat(otherQuery.exitCode()).isEqualTo(2);
    assertThat(otherQuery.err()).contains("--resume", "the query (was CustomerQuery{pageSize=10})");
    assertThat(csvRaw.exitCode()).isEqualTo(2);
    assertThat(csvRaw.err()).contains("the format");
    assertThat(Files.readAllBytes(Checkpoint.pathFor(file))).isEqualTo(checkpoint);
    assertThat(Files.readAllBytes(file)).isEqualTo(previous);

    // Without --resume the checkpoint is mentioned and left alone.
    Path elsewhere = dir.resolve("again.csv");
    Files.copy(Checkpoint.pathFor(file), Checkpoint.pathFor(elsewhere));
    Files.copy(Checkpoint.partFor(file), Checkpoint.partFor(elsewhere));
    Jar.Run fresh = Jar.run(dir, export(elsewhere, "csv"));
    assertThat(fresh.exitCode()).as(fresh.err()).isZero();
    assertThat(fresh.err()).contains(Checkpoint.pathFor(elsewhere) + " holds the checkpoint of an interrupted export",
        "leaves it", "--resume");
    assertThat(Files.readAllBytes(Checkpoint.pathFor(elsewhere))).isEqualTo(checkpoint);
    assertThat(Files.readAllBytes(elsewhere)).isEqualTo(previous);

    Jar.Run resumed = Jar.run(dir, export(file, "csv", "--resume"));
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(Files.readAllBytes(file)).isEqualTo(previous);
    assertThat(Checkpoint.pathFor(file)).doesNotExist();
    assertThat(Checkpoint.partFor(file)).doesNotExist();
  }

  @Test
  void aRefusedTokenLeavesThePreviousFileAndNoStrayFiles(@TempDir Path dir) throws Exception {
    start(Faults.none());
    Path file = dir.resolve("customers.csv");
    Files.writeString(file, "the previous export\n");

    Jar.Run refused = Jar.run(dir, "list", "--all", "--format", "csv", "--base-url", sandbox.baseUrl(),
        "--token", "revoked-token", "--output", file.toString());
    Jar.Run onePage = Jar.run(dir, "list", "--format", "csv", "--base-url", sandbox.baseUrl(),
        "--token", "revoked-token", "--output", file.toString());

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("HTTP 401").doesNotContain("revoked-token");
    assertThat(onePage.exitCode()).isEqualTo(1);
    assertThat(Files.readString(file)).isEqualTo("the previous export\n");
    try (Stream<Path> left = Files.list(dir)) {
      // The --all run's lock file stays, empty (ExportLock); no work file does.
      assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("customers") || n.startsWith(".customers")))
          .containsExactlyInAnyOrder("customers.csv", "customers.csv.lock");
    }
  }

  @Test
  void ctrlCBeforeTheRunEndsLeavesThePreviousFileAndNoTemporaryFile(@TempDir Path dir) throws Exception {
    start(Faults.builder().latency(Duration.ofSeconds(5)).build());
    Path file = dir.resolve("customers.json");
    Files.writeString(file, "the previous export\n");

    Process process = Jar.start(dir.resolve("out"), dir.resolve("err"), "list", "--format", "json", "--base-url",
        sandbox.baseUrl(), "--token", PassportSandbox.STATIC_TOKEN, "--output", file.toString());
    waitUntil(() -> temporaryFiles(dir) == 1, "the temporary file beside " + file);
    process.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the JVM runs its shutdown hooks
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).isEqualTo(128 + 15);
    assertThat(Files.readString(file)).isEqualTo("the previous export\n");
    assertThat(temporaryFiles(dir)).isZero();
  }

  @Test
  void ctrlCMidExportNamesThePageItStoppedAfterAndResumeSaysItResumes(@TempDir Path dir) throws Exception {
    start(Faults.builder().latency(Duration.ofMillis(20)).build());
    Path file = dir.resolve("customers.csv");
    Process process = Jar.start(dir.resolve("out"), dir.resolve("err"), export(file, "csv"));
    waitUntil(() -> lastPage(file) >= 2, "page 2 checkpointed");
    interrupt(process);
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    String err = Files.readString(dir.resolve("err"), StandardCharsets.UTF_8);
    int stoppedAfter = lastPage(file);

    assertThat(process.exitValue()).as(err).isEqualTo(128 + 2);
    assertThat(err).contains("passport-customers: interrupted after page " + stoppedAfter + " (" + stoppedAfter * PAGE_SIZE
        + " customers); " + file + " is unchanged; run the same command with --resume to continue");
    assertThat(file).doesNotExist();
    assertThat(Files.size(Checkpoint.partFor(file))).isPositive();

    Jar.Run resumed = Jar.run(dir, export(file, "csv", "--resume"));
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.err()).contains("passport-customers: resuming the export to " + file + " after page " + stoppedAfter
        + " (" + stoppedAfter * PAGE_SIZE + " customers), pinned to the snapshot of ");
    List<String> rows = Files.readAllLines(file);
    assertThat(rows).hasSize(1 + CUSTOMERS);
    assertThat(rows.stream().skip(1).map(row -> row.substring(0, row.indexOf(','))).distinct()).hasSize(CUSTOMERS);
  }

  @Test
  void ctrlCBeforeTheFirstPageLeavesNoPartFileAndSaysSo(@TempDir Path dir) throws Exception {
    start(Faults.builder().latency(Duration.ofSeconds(5)).build());
    Path file = dir.resolve("customers.csv");
    Files.writeString(file, "the previous export\n");
    Process process = Jar.start(dir.resolve("out"), dir.resolve("err"), export(file, "csv"));
    waitUntil(() -> Files.exists(Checkpoint.partFor(file)), "the part file");
    interrupt(process);
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    String err = Files.readString(dir.resolve("err"), StandardCharsets.UTF_8);

    assertThat(process.exitValue()).as(err).isEqualTo(128 + 2);
    assertThat(err).contains("passport-customers: interrupted before the first page was written; " + file + " is unchanged")
        .doesNotContain("--resume");
    assertThat(Checkpoint.partFor(file)).doesNotExist();
    assertThat(Checkpoint.pathFor(file)).doesNotExist();
    assertThat(Files.readString(file)).isEqualTo("the previous export\n");
  }

  /** Sends SIGINT, what Ctrl-C sends to the foreground process. */
  private static void interrupt(Process process) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }

  private static long temporaryFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().matches("\\.customers\\.json\\.[0-9a-f]+\\.tmp")).count();
    } catch (IOException e) {
      return -1;
    }
  }

  /** The last page the checkpoint beside {@code file} records, 0 when there is none. */
  private static int lastPage(Path file) {
    Path checkpoint = Checkpoint.pathFor(file);
    try {
      Properties p = new Properties();
      p.load(new StringReader(Files.readString(checkpoint, StandardCharsets.ISO_8859_1)));
      return Integer.parseInt(p.getProperty("last_page", "0"));
    } catch (IOException | NumberFormatException e) {
      return 0;
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
