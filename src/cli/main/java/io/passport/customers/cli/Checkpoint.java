package io.passport.customers.cli;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Properties;

/**
 * Where an interrupted {@code list --all --output FILE} export stands, kept beside FILE as {@code
 * FILE.checkpoint}: what was asked (query, format, CSV mode, where it talks), the snapshot the pages
 * are pinned to, the last page written, how many customers and bytes of {@code FILE.part} that is.
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
 */
record Checkpoint(String query, String format, String target, long snapshotSeconds, int snapshotNanos, int lastPage, long customers, long bytes) {
  private static final String VERSION = "1";

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
          Long.parseLong(required(p, "customers")), Long.parseLong(required(p, "bytes")));
      if (c.lastPage < 1 || c.customers < 1 || c.bytes < 1 || c.snapshotNanos < 0 || c.snapshotNanos > 999_999_999) {
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
