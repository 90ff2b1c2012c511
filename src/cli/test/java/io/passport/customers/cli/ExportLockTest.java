package io.passport.customers.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The export lock and the no-follow opening of work files, in process (CliSharedFolderIT runs them as processes). */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ExportLockTest {
  @Test
  void aHeldLockRefusesASecondExportNamingTheHolderAndIsFreeAgainOnceClosed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("out.csv");
    try (ExportLock held = ExportLock.acquire(file, "csv of everything")) {
      assertThat(Files.readString(ExportLock.pathFor(file), StandardCharsets.UTF_8))
          .startsWith("pid " + ProcessHandle.current().pid() + ", started ").contains("exporting csv of everything");

      assertThatThrownBy(() -> ExportLock.acquire(file, "ndjson"))
          .isInstanceOf(UnsafeWorkFileException.class)
          .hasMessageContaining("another export to " + file + " is running")
          .hasMessageContaining("pid " + ProcessHandle.current().pid())
          .hasMessageContaining("exporting csv of everything");
    }
    assertThat(ExportLock.pathFor(file)).isEmptyFile();
    ExportLock.acquire(file, "again").close();
  }

  @Test
  void aLinkAtTheLockFileIsRefusedAndItsTargetIsUntouched(@TempDir Path dir) throws Exception {
    Path victim = Files.writeString(dir.resolve("victim.txt"), "secret");
    Path file = dir.resolve("out.csv");
    Files.createSymbolicLink(ExportLock.pathFor(file), victim);

    assertThatThrownBy(() -> ExportLock.acquire(file, "csv"))
        .isInstanceOf(UnsafeWorkFileException.class)
        .hasMessageStartingWith(ExportLock.pathFor(file) + " is a symbolic link");
    assertThat(victim).hasContent("secret");
  }

  @Test
  void aDanglingLinkIsNotCreatedThrough(@TempDir Path dir) throws Exception {
    Path part = dir.resolve("out.csv.part");
    Path nowhere = dir.resolve("created-through-the-link");
    Files.createSymbolicLink(part, nowhere);

    assertThatThrownBy(() -> WorkFiles.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE))
        .isInstanceOf(UnsafeWorkFileException.class).hasMessageContaining(part + " is a symbolic link");
    assertThat(nowhere).doesNotExist();
  }

  @Test
  void aFolderWhereAWorkFileGoesIsRefused(@TempDir Path dir) throws Exception {
    Path part = Files.createDirectory(dir.resolve("out.csv.part"));

    assertThatThrownBy(() -> WorkFiles.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE))
        .isInstanceOf(UnsafeWorkFileException.class).hasMessageContaining(part + " is not a regular file");
  }
}
