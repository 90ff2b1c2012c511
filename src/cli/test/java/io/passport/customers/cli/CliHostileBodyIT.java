package io.passport.customers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool gets every body through the client's own limits, whichever format it writes: a 96 MiB page
 * (sent whole or in chunks) and a gzip bomb, in a JVM of 64 MiB, end with one line naming the client's
 * cap and exit 1, never an OutOfMemoryError or a stack trace. And raw control characters or bytes that
 * are not UTF-8 inside a customer's strings never split or spoil an ndjson line.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CliHostileBodyIT {
  private static final List<String> SMALL_HEAP = List.of("-Xmx64m", "-XX:+ExitOnOutOfMemoryError");
  private static final String CAP = "the body is larger than the client's cap of 4194304 bytes (maxBodyBytes)";

  private final MockWebServer server = new MockWebServer();

  @AfterEach
  void stop() {
    server.close();
  }

  private String serve(Dispatcher dispatcher) throws IOException {
    server.setDispatcher(dispatcher);
    server.start(InetAddress.getLoopbackAddress(), 0);
    return server.url("/").toString();
  }

  /** A page of one customer whose name is {@code nameBytes} bytes long. */
  private static Buffer hugePage(long nameBytes) {
    Buffer body = new Buffer().writeUtf8("{\"customers\":[{\"id\":\"c-1\",\"business_name\":\"");
    byte[] chunk = new byte[1 << 20];
    java.util.Arrays.fill(chunk, (byte) 'a');
    for (long written = 0; written < nameBytes; written += chunk.length) {
      body.write(chunk);
    }
    return body.writeUtf8("\"}],\"pagination_info\":{\"current_page\":1,\"total_pages\":1,\"total_elements\":1}}");
  }

  private static Buffer gzip(Buffer plain) throws IOException {
    Buffer compressed = new Buffer();
    try (GZIPOutputStream out = new GZIPOutputStream(compressed.outputStream(), 1 << 16)) {
      plain.writeTo(out);
    }
    return compressed;
  }

  private static void assertRefusedAtTheCap(Jar.Run run) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.err()).contains("INVALID_RESPONSE", CAP)
        .doesNotContain("OutOfMemoryError", "\tat ", "Terminating due to java.lang.OutOfMemoryError");
    assertThat(run.err().lines().filter(l -> l.startsWith("passport-customers: HTTP"))).hasSize(1);
  }

  @Test
  void a96MiBPageEndsWithTheClientsCapNotOutOfMemoryInEveryFormat(@TempDir Path dir) throws Exception {
    Buffer page = hugePage(96L << 20);
    String url = serve(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        boolean chunked = "chunked".equals(request.getUrl().queryParameter("customer_id"));
        MockResponse.Builder answer = new MockResponse.Builder().addHeader("Content-Type", "application/json");
        return (chunked ? answer.chunkedBody(page.clone(), 1 << 16) : answer.body(page.clone())).build();
      }
    });

    assertRefusedAtTheCap(Jar.runInJvm(dir, SMALL_HEAP, "list", "--all", "--format", "ndjson", "--base-url", url,
        "--token", "t"));
    assertRefusedAtTheCap(Jar.runInJvm(dir, SMALL_HEAP, "list", "--format", "json", "--customer-id", "chunked",
        "--base-url", url, "--token", "t"));
  }

  @Test
  void aGzipBombEndsWithTheClientsCapNotOutOfMemory(@TempDir Path dir) throws Exception {
    Buffer bomb = gzip(hugePage(256L << 20));
    assertThat(bomb.size()).as("a bomb: small on the wire").isLessThan(2L << 20);
    String url = serve(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().addHeader("Content-Type", "application/json")
            .addHeader("Content-Encoding", "gzip").body(bomb.clone()).build();
      }
    });

    assertRefusedAtTheCap(Jar.runInJvm(dir, SMALL_HEAP, "list", "--all", "--format", "ndjson", "--base-url", url,
        "--token", "t"));
    assertRefusedAtTheCap(Jar.runInJvm(dir, SMALL_HEAP, "get", "c-1", "--format", "json", "--base-url", url,
        "--token", "t"));
  }

  @Test
  void rawControlCharactersAndBadUtf8InStringsNeverSplitOrSpoilAnNdjsonLine(@TempDir Path dir) throws Exception {
    // Seven customers; five carry bytes JSON or UTF-8 does not allow inside their strings.
    Map<String, byte[]> names = new java.util.LinkedHashMap<>();
    names.put("c-1", "line\nbreak".getBytes(StandardCharsets.UTF_8));
    names.put("c-2", "carriage\rreturn\ttab".getBytes(StandardCharsets.UTF_8));
    names.put("c-3", "nul\u0000and\u001besc".getBytes(StandardCharsets.UTF_8));
    names.put("c-4", new byte[] {'b', 'a', 'd', (byte) 0xC3, '(', 'x'});
    names.put("c-5", new byte[] {'b', 'a', 'd', (byte) 0xFF, (byte) 0xFE, 'y'});
    names.put("c-6", "Caf\\u00e9 \\\"\u00d1\\\" \\n".getBytes(StandardCharsets.UTF_8)); // valid: kept as sent
    names.put("c-7", "plain".getBytes(StandardCharsets.UTF_8));
    Buffer body = new Buffer().writeUtf8("{\"customers\":[");
    for (Map.Entry<String, byte[]> e : names.entrySet()) {
      body.writeUtf8((e.getKey().equals("c-1") ? "" : ",") + "{\"id\":\"" + e.getKey() + "\",\"business_name\":\"")
          .write(e.getValue()).writeUtf8("\"}");
    }
    body.writeUtf8("],\"pagination_info\":{\"current_page\":1,\"total_pages\":1,\"total_elements\":7}}");
    String url = serve(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body.clone()).build();
      }
    });

    Jar.Run ndjson = Jar.run(dir, "list", "--all", "--format", "ndjson", "--base-url", url, "--token", "t");
    Jar.Run json = Jar.run(dir, "list", "--format", "json", "--base-url", url, "--token", "t");

    assertThat(ndjson.exitCode()).as(ndjson.err()).isZero();
    List<byte[]> lines = lines(ndjson.out());
    assertThat(lines).as(ndjson.outText()).hasSize(7);
    List<String> read = new ArrayList<>();
    for (byte[] line : lines) {
      read.add(strictlyReadName(line));
    }
    assertThat(read).containsExactly("line\nbreak", "carriage\rreturn\ttab", "nul\u0000and\u001besc", "bad\uFFFD(x",
        "bad\uFFFD\uFFFDy", "Caf\u00e9 \"\u00d1\" \n", "plain");
    assertThat(new String(lines.get(0), StandardCharsets.UTF_8))
        .isEqualTo("{\"id\":\"c-1\",\"business_name\":\"line\\u000abreak\"}");
    assertThat(new String(lines.get(5), StandardCharsets.UTF_8)).as("a valid string keeps its bytes")
        .isEqualTo("{\"id\":\"c-6\",\"business_name\":\"Caf\\u00e9 \\\"\u00d1\\\" \\n\"}");
    assertThat(json.exitCode()).as(json.err()).isZero();
    assertThat(json.out()).isEqualTo(("[\n  " + String.join(",\n  ", lines.stream()
        .map(l -> new String(l, StandardCharsets.UTF_8)).toList()) + "\n]\n").getBytes(StandardCharsets.UTF_8));
  }

  private static List<byte[]> lines(byte[] out) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < out.length; i++) {
      if (out[i] == '\n') {
        lines.add(java.util.Arrays.copyOfRange(out, start, i));
        start = i + 1;
      }
    }
    assertThat(start).as("the output ends with a newline").isEqualTo(out.length);
    return lines;
  }

  /** The business_name of one ndjson line, which must be strict JSON: UTF-8, no raw control character, one value. */
  private static String strictlyReadName(byte[] line) throws IOException {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line));
    } catch (CharacterCodingException e) {
      throw new AssertionError("not UTF-8: " + new String(line, StandardCharsets.ISO_8859_1), e);
    }
    for (byte b : line) {
      assertThat(b & 0xff).as("a raw control character in " + new String(line, StandardCharsets.UTF_8))
          .isGreaterThanOrEqualTo(0x20);
    }
    try (JsonReader reader = JsonReader.of(new Buffer().write(line))) {
      Object value = reader.readJsonValue();
      assertThat(reader.peek()).isEqualTo(JsonReader.Token.END_DOCUMENT);
      return (String) ((Map<?, ?>) value).get("business_name");
    }
  }
}
