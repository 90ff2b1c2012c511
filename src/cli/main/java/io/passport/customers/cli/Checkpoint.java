package io.passport.customers.cli;

import io.passport.customers.model.Customer;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * Where an interrupted {@code list --all --output FILE} export stands, kept beside FILE as {@code
 * FILE.checkpoint}: what was asked (query, format, CSV mode, where it talks), the snapshot the pages
 * are pinned to, the last page written, how many customers and bytes of {@code FILE.part} that is, and
 * what a resume checks the provider's listing against: its totals, and a digest of the last page's
 * customer ids (a resume fetches that page again, and refuses when anything differs: {@link #changes}).
 * Written after the part's bytes are fsync'd, to a temporary file that is fsync'd and renamed into
 * place (then the folder fsync'd), so a checkpoint on disk never promises bytes that are not there.
 * Immutable.
 *
 * @param query what was asked (the query with its page size), as one line
 * @param format the output format, and the CSV mode
 * @param target where the tool talks: the base URL, or the embedded sandbox
 * @param snapshotSeconds {@code first_request_timestamp.seconds} of page 1
 * @param snapshotNanos {@code first_request_timestamp.nanos} of page 1
 * @param lastPage the last page whose customers are all in the part file
 * @param customers how many customers the part file holds
 * @param bytes how many bytes of the part file are good
 * @param totalPages {@code total_pages} as the listing counted it; -1 when it did not say
 * @param totalElements {@code total_elements} as the listing counted it; -1 when it did not say
 * @param lastPageIds {@link #idsDigest} of the last page's customers
 */
record Checkpoint(String query, String format, String target, long snapshotSeconds, int snapshotNanos, int lastPage,
    long customers, long bytes, int totalPages, long totalElements, String lastPageIds) {
  private static final String VERSION = "2";
  private static final HexFormat HEX = HexFormat.of();

  /**
   * {@return a digest of a page's customer ids in order: their count, and the SHA-256 of the ids each
   * followed by a newline (an id left out counts as empty)}
   */
  static String idsDigest(List<Customer> customers) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    for (Customer customer : customers) {
      String id = customer.getId() == null ? "" : customer.getId();
      sha256.update((id + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return customers.size() + ":" + HEX.formatHex(sha256.digest());
  }

  /**
   * What differs between the listing this checkpoint recorded and the one a resume finds, from its
   * look again at the last page written: empty when nothing does.
   *
   * @param pages {@code total_pages} now, or null when not said
   * @param elements {@code total_elements} now, or null when not said
   * @param ids {@link #idsDigest} of the last page written, as it is now
   */
  List<String> changes(@Nullable Integer pages, @Nullable Long elements, String ids) {
    List<String> changes = new ArrayList<>();
    if (totalElements >= 0 && elements != null && elements != totalElements) {
      changes.add("it counted " + totalElements + " customers and now counts " + elements);
    }
    if (totalPages >= 0 && pages != null && pages != totalPages) {
      changes.add("it had " + totalPages + " pages and now has " + pages);
    }
    if (!lastPageIds.equals(ids)) {
      changes.add("page " + lastPage + ", the last one written, now holds other customers than it did");
    }
    return changes;
  }

  static Path pathFor(Path file) {
    return file.resolveSibling(file.getFileName() + ".checkpoint");
  }

  static Path partFor(Path file) {
    return file.resolveSibling(file.getFileName() + ".part");
  }

  /** {@return the temporary file {@link #save} writes before renaming it to {@code path}} */
  static Path temporaryFor(Path path) {
    return path.resolveSibling(path.getFileName() + ".tmp");
  }

  Instant snapshot() {
    return Instant.ofEpochSecond(snapshotSeconds, snapshotNanos);
  }

  /** Writes this checkpoint durably to {@code path} (temporary file, fsync, rename, folder fsync). */
  void save(Path path) throws IOException {
    Properties p = new Properties();
    p.setProperty("version", VERSION);
    p.setProperty("query", query);
    p.setProperty("format", format);
    p.setProperty("target", target);
    p.setProperty("snapshot.seconds", Long.toString(snapshotSeconds));
    p.setProperty("snapshot.nanos", Integer.toString(snapshotNanos));
    p.setProperty("last_page", Integer.toString(lastPage));
    p.setProperty("customers", Long.toString(customers));
    p.setProperty("bytes", Long.toString(bytes));
    p.setProperty("total_pages", Integer.toString(totalPages));
    p.setProperty("total_elements", Long.toString(totalElements));
    p.setProperty("last_page.ids", lastPageIds);
    StringWriter text = new StringWriter();
    p.store(text, "passport-customers export checkpoint: list --all --output ... --resume continues it");
    Path tmp = temporaryFor(path);
    try (FileChannel channel = WorkFiles.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) { // never through a link planted at the temporary name
      ByteBuffer buffer = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.ISO_8859_1));
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    Sink.move(tmp, path);
  }

  /**
   * Reads a checkpoint.
   *
   * @throws IOException if it cannot be read or is not a checkpoint this version wrote
   */
  static Checkpoint load(Path path) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(Files.readString(path, StandardCharsets.ISO_8859_1)));
    if (!VERSION.equals(p.getProperty("version"))) {
      throw new IOException("not a checkpoint of this version (version=" + p.getProperty("version") + ")");
    }
    try {
      Checkpoint c = new Checkpoint(required(p, "query"), required(p, "format"), required(p, "target"),
          Long.parseLong(required(p, "snapshot.seconds")),
          Integer.parseInt(required(p, "snapshot.nanos")), Integer.parseInt(required(p, "last_page")),
          Long.parseLong(required(p, "customers")), Long.parseLong(required(p, "bytes")),
          Integer.parseInt(required(p, "total_pages")), Long.parseLong(required(p, "total_elements")),
          required(p, "last_page.ids"));
      if (c.lastPage < 1 || c.customers < 1 || c.bytes < 1 || c.snapshotNanos < 0 || c.snapshotNanos > 999_999_999
          || c.totalPages < -1 || c.totalElements < -1 || !c.lastPageIds.matches("[0-9]+:[0-9a-f]{64}")) {
        throw new IOException("out-of-range values");
      }
      return c;
    } catch (NumberFormatException e) {
      throw new IOException("a value is not a number: " + e.getMessage(), e);
    }
  }

  private static String required(Properties p, String key) throws IOException {
    String value = p.getProperty(key);
    if (value == null) {
      throw new IOException("missing " + key);
    }
    return value;
  }
}
