package io.passport.customers.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.passport.customers.model.Customer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint keeps what a resume checks the provider's listing against (its totals and a digest
 * of the last page's ids), reads back what it wrote, refuses a checkpoint of the version before, and
 * says what changed.
 */
class CheckpointTest {
  private static final List<Customer> PAGE = List.of(new Customer().id("c-21"), new Customer().id("c-22"));

  private static Checkpoint checkpoint(int totalPages, long totalElements, String ids) {
    return new Checkpoint("CustomerQuery{pageSize=10}", "ndjson", "http://127.0.0.1:1/", 1_760_000_000L, 123_456_789,
        3, 30, 900, totalPages, totalElements, ids);
  }

  @Test
  void itReadsBackEverythingItWrote(@TempDir Path dir) throws IOException {
    Checkpoint written = checkpoint(10, 100, Checkpoint.idsDigest(PAGE));
    Path path = dir.resolve("x.checkpoint");
    written.save(path);

    assertThat(Checkpoint.load(path)).isEqualTo(written);
    assertThat(Files.readString(path, StandardCharsets.ISO_8859_1)).contains("version=2", "total_pages=10",
        "total_elements=100", "last_page.ids=2\\:");
  }

  @Test
  void theDigestIsTheCountAndTheSha256OfTheIdsInOrder() {
    assertThat(Checkpoint.idsDigest(PAGE))
        .isEqualTo("2:" + java.util.HexFormat.of().formatHex(sha256("c-21\nc-22\n")));
    assertThat(Checkpoint.idsDigest(List.of(PAGE.get(1), PAGE.get(0)))).isNotEqualTo(Checkpoint.idsDigest(PAGE));
    assertThat(Checkpoint.idsDigest(List.of(new Customer()))).isEqualTo("1:" + java.util.HexFormat.of().formatHex(sha256("\n")));
  }

  private static byte[] sha256(String text) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aCheckpointOfTheVersionBeforeOrWithABadDigestIsNotRead(@TempDir Path dir) throws IOException {
    Path path = dir.resolve("x.checkpoint");
    checkpoint(10, 100, Checkpoint.idsDigest(PAGE)).save(path);
    String text = Files.readString(path, StandardCharsets.ISO_8859_1);

    Files.writeString(path, text.replace("version=2", "version=1"), StandardCharsets.ISO_8859_1);
    assertThat(catchThrowableOfType(IOException.class, () -> Checkpoint.load(path)).getMessage())
        .contains("not a checkpoint of this version (version=1)");
    Files.writeString(path, text.replaceAll("last_page.ids=.*", "last_page.ids=2\\\\:abc"), StandardCharsets.ISO_8859_1);
    assertThat(catchThrowableOfType(IOException.class, () -> Checkpoint.load(path)).getMessage())
        .contains("out-of-range");
    Files.writeString(path, text.replace("total_pages=10", "total_pages=-2"), StandardCharsets.ISO_8859_1);
    assertThat(catchThrowableOfType(IOException.class, () -> Checkpoint.load(path))).isNotNull();
    Files.writeString(path, text.replace("total_elements=100\n", ""), StandardCharsets.ISO_8859_1);
    assertThat(catchThrowableOfType(IOException.class, () -> Checkpoint.load(path)).getMessage())
        .contains("missing total_elements");
  }

  @Test
  void itSaysWhatChangedAndNothingWhenNothingDid() {
    String ids = Checkpoint.idsDigest(PAGE);
    Checkpoint c = checkpoint(10, 100, ids);

    assertThat(c.changes(10, 100L, ids)).isEmpty();
    assertThat(c.changes(null, null, ids)).as("counts the provider leaves out say nothing").isEmpty();
    assertThat(c.changes(10, 95L, ids)).containsExactly("it counted 100 customers and now counts 95");
    assertThat(c.changes(9, 100L, ids)).containsExactly("it had 10 pages and now has 9");
    assertThat(c.changes(10, 100L, Checkpoint.idsDigest(List.of(new Customer().id("other")))))
        .containsExactly("page 3, the last one written, now holds other customers than it did");
    assertThat(checkpoint(-1, -1, ids).changes(9, 95L, ids)).as("counts the checkpoint lacks are not compared").isEmpty();
  }
}
