package io.passport.customers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code list --all --output FILE} on the packaged jar against a provider whose listing changes: an
 * export stops after page 3 (the provider refuses page 4), the provider changes, and {@code --resume}
 * must refuse with exit 3 saying what changed, leaving FILE, its part and its checkpoint as they were,
 * rather than finish a file that holds some customers twice and lacks others. A resume against the
 * unchanged provider finishes the same file as an uninterrupted run, and a provider that ignores the
 * snapshot pin is caught without any interruption.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CliListingChangedIT {
  private static final int CUSTOMERS = 100;
  private static final int PAGE_SIZE = 10;

  private final MockWebServer server = new MockWebServer();
  private final FakeProvider provider = new FakeProvider(FakeProvider.ids("c", CUSTOMERS));

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(provider);
    server.start(java.net.InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String[] export(Path file, String... more) {
    List<String> args = new ArrayList<>(List.of("list", "--all", "--page-size", String.valueOf(PAGE_SIZE),
        "--format", "ndjson", "--base-url", server.url("/").toString(), "--token", "t", "--output", file.toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /** Exports until the provider refuses page 4: FILE.part holds pages 1 to 3 and the checkpoint says so. */
  private void interruptedAfterPage3(Path dir, Path file) throws Exception {
    provider.refuseAfter(3);
    Jar.Run stopped = Jar.run(dir, export(file));
    assertThat(stopped.exitCode()).as(stopped.err()).isEqualTo(1);
    assertThat(stopped.err()).contains("the export stopped after page 3 (30 customers)");
    provider.refuseAfter(Integer.MAX_VALUE);
  }

  /** Resumes against the changed provider: exit 3 naming what changed, and nothing on disk touched. */
  private String refusedResume(Path dir, Path file) throws Exception {
    byte[] checkpoint = Files.readAllBytes(Checkpoint.pathFor(file));
    byte[] part = Files.readAllBytes(Checkpoint.partFor(file));

    Jar.Run resumed = Jar.run(dir, export(file, "--resume"));

    assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(PassportCustomersCli.EXIT_LISTING_CHANGED);
    assertThat(resumed.err()).contains("--resume refused: the provider's listing changed since the interrupted export",
        "delete " + Checkpoint.pathFor(file)).doesNotContain("\tat ", "customers written");
    assertThat(file).doesNotExist();
    assertThat(Files.readAllBytes(Checkpoint.pathFor(file))).as("the checkpoint is kept").isEqualTo(checkpoint);
    assertThat(Files.readAllBytes(Checkpoint.partFor(file))).as("the part is kept").isEqualTo(part);
    return resumed.err();
  }

  @Test
  void aResumeAfterTheProviderDeletedFiveCustomersIsRefusedSayingWhatChanged(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("customers.ndjson");
    interruptedAfterPage3(dir, file);
    List<String> fewer = new ArrayList<>(provider.customers());
    fewer.subList(4, 9).clear(); // c-5 .. c-9, all on page 1, already written

    provider.customers(fewer);

    assertThat(refusedResume(dir, file)).contains("it counted 100 customers and now counts 95",
        "page 3, the last one written, now holds other customers than it did");
  }

  @Test
  void aResumeAgainstAProviderWithFewerCustomersIsRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("customers.ndjson");
    interruptedAfterPage3(dir, file);

    provider.customers(FakeProvider.ids("c", 20));

    assertThat(refusedResume(dir, file)).contains("page 3, the last one written, is no longer there");
  }

  @Test
  void aResumeAgainstAnotherDataSetOfTheSameSizeAtTheSameUrlIsRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("customers.ndjson");
    interruptedAfterPage3(dir, file);

    provider.customers(FakeProvider.ids("other", CUSTOMERS));

    assertThat(refusedResume(dir, file)).contains("page 3, the last one written, now holds other customers")
        .doesNotContain("counts");
  }

  @Test
  void aResumeAgainstTheUnchangedProviderFinishesTheFileOfAnUninterruptedRun(@TempDir Path dir) throws Exception {
    Path reference = dir.resolve("reference.ndjson");
    Jar.Run whole = Jar.run(dir, export(reference));
    assertThat(whole.exitCode()).as(whole.err()).isZero();
    Path file = dir.resolve("customers.ndjson");
    interruptedAfterPage3(dir, file);

    Jar.Run resumed = Jar.run(dir, export(file, "--resume"));

    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.err()).contains("100 customers written");
    assertThat(Files.readAllBytes(file)).isEqualTo(Files.readAllBytes(reference));
    assertThat(Files.readString(file, StandardCharsets.UTF_8).lines()).hasSize(CUSTOMERS);
    assertThat(Checkpoint.pathFor(file)).doesNotExist();
  }

  @Test
  void aProviderThatStampsEveryPageAfreshIsCaughtWithoutAnyInterruption(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("customers.ndjson");
    provider.ignorePin(true);

    Jar.Run run = Jar.run(dir, export(file));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.err()).contains("INVALID_RESPONSE", "(snapshot): page 2 echoes first_request_timestamp")
        .doesNotContain("\tat ");
    assertThat(file).doesNotExist();
  }
}
