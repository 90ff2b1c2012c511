package io.passport.customers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Item 5 of issue 11 where it hurts: a client in a separate JVM with {@code -Xmx64m} lists from a
 * server (in this JVM) that sends a 96 MiB string in a 200, and 1 MiB gzip bodies that hold 1 GiB of
 * whitespace each, four pages at once. Before the caps, both ended in OutOfMemoryError.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MemoryCapTest {
  private static final long GIB = 1024L * 1024 * 1024;
  private static Buffer bomb;

  private final MockWebServer server = ClientTestSupport.newServer();

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** {@code {"customers": [} followed by {@code whitespace} spaces, gzipped. */
  static Buffer gzippedWhitespace(long whitespace) throws IOException {
    Buffer gzipped = new Buffer();
    byte[] spaces = new byte[1024 * 1024];
    java.util.Arrays.fill(spaces, (byte) ' ');
    try (OutputStream out = new GZIPOutputStream(gzipped.outputStream(), 64 * 1024)) {
      out.write("{\"customers\": [".getBytes(StandardCharsets.US_ASCII));
      for (long written = 0; written < whitespace; written += spaces.length) {
        out.write(spaces);
      }
      out.write("]}".getBytes(StandardCharsets.US_ASCII));
    }
    return gzipped;
  }

  private static synchronized Buffer gibibyteBomb() throws IOException {
    if (bomb == null) {
      bomb = gzippedWhitespace(GIB);
    }
    return bomb;
  }

  @Test
  void hostileBodiesEndAsInvalidResponsesInAClientWithA64MebibyteHeap() throws Exception {
    Buffer gzipped = gibibyteBomb();
    assertThat(gzipped.size()).as("compressed size").isLessThan(2L * 1024 * 1024);
    byte[] hugeString = ("{\"customers\":[{\"id\":\"c-1\",\"business_name\":\""
        + "x".repeat(96 * 1024 * 1024) + "\"}]}").getBytes(StandardCharsets.US_ASCII);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String type = request.getUrl().queryParameter("identification_type");
        String page = request.getUrl().queryParameter("page_params.page_number");
        if ("STRING".equals(type)) {
          return new MockResponse.Builder().body(new Buffer().write(hugeString)).build();
        }
        if (page == null || page.equals("1")) {
          return new MockResponse.Builder().body(HostileServerTest.PAGE_1.replace(
              "\"total_pages\":1,\"total_elements\":3", "\"total_pages\":8,\"total_elements\":24")).build();
        }
        return new MockResponse.Builder().setHeader("Content-Encoding", "gzip").body(gzipped.copy()).build();
      }
    });

    List<String> lines = runProbe(server.url("/").toString());

    assertThat(lines).containsExactly("string: INVALID_RESPONSE", "gzip: INVALID_RESPONSE");
  }

  private static List<String> runProbe(String url) throws Exception {
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    Path out = Files.createTempFile("cap-probe", ".txt");
    try {
      Process probe = new ProcessBuilder(java.toString(), "-Xmx64m", "-XX:+ExitOnOutOfMemoryError",
          "-cp", System.getProperty("java.class.path"), CapProbe.class.getName(), url)
          .redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!probe.waitFor(90, TimeUnit.SECONDS)) {
        probe.destroyForcibly();
        throw new AssertionError("the probe did not end within 90 s");
      }
      List<String> lines = Files.readAllLines(out).stream().filter(l -> l.startsWith("string:") || l.startsWith("gzip:"))
          .toList();
      assertThat(probe.exitValue()).as("probe exit; output: %s", Files.readString(out)).isZero();
      return lines;
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** The client side, run with -Xmx64m: prints one line per case with the kind it got. */
  public static final class CapProbe {
    public static void main(String[] args) {
      try (PassportCustomersClient client = PassportCustomersClient.builder().baseUrl(args[0]).accessToken("t")
          .parallelism(4).retryPolicy(RetryPolicy.none()).build()) {
        System.out.println("string: " + kindOf(() -> client.list(
            CustomerQuery.builder().identificationType("STRING").build())));
        System.out.println("gzip: " + kindOf(() -> client.listAll(CustomerQuery.all()).stream().count()));
      }
    }

    private static String kindOf(Runnable call) {
      try {
        call.run();
        return "no failure";
      } catch (PassportException e) {
        return e.kind().name();
      }
    }
  }
}
