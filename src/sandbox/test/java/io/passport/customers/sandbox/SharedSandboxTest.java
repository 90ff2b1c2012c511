package io.passport.customers.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sandbox shared by strangers, over real sockets: clients that connect and go silent, or promise a
 * body they never send, do not keep anyone else's request waiting, and are cut off by the timeouts.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SharedSandboxTest {
  private static final int STALLED = 64;
  private static final String LIST = "GET /v1/customers?page_size=1 HTTP/1.1\r\nHost: sandbox\r\nAuthorization: Bearer "
      + PassportSandbox.STATIC_TOKEN + "\r\nConnection: close\r\n\r\n";

  private final List<Socket> sockets = new ArrayList<>();
  private PassportSandbox sandbox;

  @AfterEach
  void close() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), sandbox.port());
    sockets.add(socket);
    return socket;
  }

  private Socket send(String text) throws IOException {
    Socket socket = connect();
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return socket;
  }

  /** Sends {@code request} on a new connection and {@return the status line of the answer, read within 2 s} */
  private String answerWithin2Seconds(String request) throws IOException {
    Socket socket = send(request);
    socket.setSoTimeout(2000);
    long start = System.nanoTime();
    String status;
    try {
      status = readAll(socket.getInputStream()).lines().findFirst().orElse("");
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no answer within 2 s", e);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    return status;
  }

  private static String readAll(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void sixtyFourClientsSilentAfterTheRequestLineDoNotDelayAnotherClientsRequest() throws Exception {
    sandbox = PassportSandbox.builder().customers(10).start(); // 32 handler threads, the default
    for (int i = 0; i < STALLED; i++) {
      send("GET /v1/customers HTTP/1.1\r\n");
    }
    Thread.sleep(200); // every stalled request has reached the server

    assertThat(answerWithin2Seconds(LIST)).isEqualTo("HTTP/1.1 200 OK");
    assertThat(answerWithin2Seconds(LIST)).isEqualTo("HTTP/1.1 200 OK");
  }

  @Test
  void sixtyFourClientsThatSendLessBodyThanTheirContentLengthDoNotDelayAnotherClientsRequest() throws Exception {
    sandbox = PassportSandbox.builder().customers(10).start();
    for (int i = 0; i < STALLED; i++) {
      send("POST /v1/iam/oauth/tokens HTTP/1.1\r\nHost: sandbox\r\nContent-Type: application/json\r\n"
          + "Content-Length: 1000\r\n\r\n{\"client_id\":");
    }
    Thread.sleep(200);

    assertThat(answerWithin2Seconds(LIST)).isEqualTo("HTTP/1.1 200 OK");
    String token = "{\"client_id\":\"sandbox-client\",\"client_secret\":\"sandbox-secret\",\"grant_type\":\"client_credentials\"}";
    assertThat(answerWithin2Seconds("POST /v1/iam/oauth/tokens HTTP/1.1\r\nHost: sandbox\r\nContent-Type: application/json\r\n"
        + "Connection: close\r\nContent-Length: " + token.length() + "\r\n\r\n" + token)).isEqualTo("HTTP/1.1 200 OK");
  }

  @Test
  void oneHandlerThreadIsEnoughWhileOtherClientsStall() throws Exception {
    sandbox = PassportSandbox.builder().customers(10).threads(1).start();
    for (int i = 0; i < STALLED; i++) {
      send(i % 2 == 0 ? "GET /v1/customers HTTP/1.1\r\n"
          : "POST /_pact/provider-states HTTP/1.1\r\nHost: s\r\nContent-Length: 500\r\n\r\n{");
    }
    Thread.sleep(200);

    assertThat(answerWithin2Seconds(LIST)).isEqualTo("HTTP/1.1 200 OK");
  }

  @Test
  void aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() throws Exception {
    sandbox = PassportSandbox.builder().customers(10)
        .serverLimits(new SandboxServer.Limits(Duration.ofMillis(500), Duration.ofSeconds(30), 256)).start();
    Socket silent = send("GET /v1/customers HTTP/1.1\r\n");
    silent.setSoTimeout(5000);
    long start = System.nanoTime();

    String got = readAll(silent.getInputStream());

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(300), Duration.ofSeconds(4));
    assertThat(got).doesNotContain("200 OK");
  }

  @Test
  void aBodyTrickledSlowerThanTheBodyTimeoutIsAnswered408AndTheConnectionClosed() throws Exception {
    sandbox = PassportSandbox.builder().customers(10)
        .serverLimits(new SandboxServer.Limits(Duration.ofSeconds(30), Duration.ofSeconds(1), 256)).start();
    Socket slow = send("POST /v1/iam/oauth/tokens HTTP/1.1\r\nHost: sandbox\r\nContent-Type: application/json\r\n"
        + "Content-Length: 1000\r\n\r\n{");
    slow.setSoTimeout(5000);
    long start = System.nanoTime();
    // One byte every 200 ms: never idle, so only the deadline on the whole body can stop it.
    Thread trickle = new Thread(() -> {
      try {
        for (int i = 0; i < 40; i++) {
          Thread.sleep(200);
          slow.getOutputStream().write(' ');
          slow.getOutputStream().flush();
        }
      } catch (IOException | InterruptedException e) {
        // The server closed the connection: what the test waits for.
      }
    });
    trickle.setDaemon(true);
    trickle.start();

    String answer = readAll(slow.getInputStream());

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(800), Duration.ofSeconds(4));
    assertThat(answer).startsWith("HTTP/1.1 408 ").contains("\"code\":\"DEADLINE_EXCEEDED\"")
        .containsIgnoringCase("connection: close");
  }

  @Test
  void headersTrickledForLongerThanTheReadTimeoutGetTheConnectionClosed() throws Exception {
    sandbox = PassportSandbox.builder().customers(10)
        .serverLimits(new SandboxServer.Limits(Duration.ofSeconds(30), Duration.ofSeconds(1), 256)).start();
    Socket slow = send("GET /v1/customers HTTP/1.1\r\n");
    slow.setSoTimeout(8000);
    long start = System.nanoTime();
    // One header byte every 100 ms: never idle, and never a whole request.
    Thread trickle = new Thread(() -> {
      try {
        for (int i = 0; i < 100; i++) {
          Thread.sleep(100);
          slow.getOutputStream().write('x');
          slow.getOutputStream().flush();
        }
      } catch (IOException | InterruptedException e) {
        // The server closed the connection: what the test waits for.
      }
    });
    trickle.setDaemon(true);
    trickle.start();

    String got = readAll(slow.getInputStream());

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(400), Duration.ofSeconds(4));
    assertThat(got).doesNotContain("200 OK");
  }

  @Test
  void aRequestSlowerThanTheReadTimeoutToAnswerIsNotCutOff() throws Exception {
    sandbox = PassportSandbox.builder().customers(10).faults(Faults.builder().latency(Duration.ofMillis(2500)).build())
        .serverLimits(new SandboxServer.Limits(Duration.ofSeconds(30), Duration.ofSeconds(1), 256)).start();
    Socket socket = send(LIST);
    socket.setSoTimeout(10_000);

    assertThat(readAll(socket.getInputStream())).startsWith("HTTP/1.1 200 OK");
  }

  @Test
  void aBodyLargerThan64KibIsAnswered413WithoutReadingIt() throws Exception {
    sandbox = PassportSandbox.builder().customers(10).start();

    String status = answerWithin2Seconds("POST /_pact/provider-states HTTP/1.1\r\nHost: sandbox\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + (SandboxServer.MAX_BODY + 1) + "\r\n\r\n{");

    assertThat(status).startsWith("HTTP/1.1 413 ");
  }

  @Test
  void headersOver8KibAndMalformedRequestsGetTheProviderStyleJsonError() throws Exception {
    sandbox = PassportSandbox.builder().customers(10).start();

    Socket big = send("GET /v1/customers HTTP/1.1\r\nHost: sandbox\r\nX-Padding: " + "a".repeat(9000) + "\r\n\r\n");
    big.setSoTimeout(5000);
    String tooLarge = readAll(big.getInputStream());
    Socket bad = send("GET /v1/customers HTTP/1.1\r\nHost: sandbox\r\nno colon here\r\n\r\n");
    bad.setSoTimeout(5000);
    String malformed = readAll(bad.getInputStream());

    assertThat(tooLarge).startsWith("HTTP/1.1 431 ").contains("application/json", "\"code\":\"INVALID_ARGUMENT\"",
        "\"http_code\":431");
    assertThat(malformed).startsWith("HTTP/1.1 400 ").contains("application/json", "\"code\":\"INVALID_ARGUMENT\"",
        "\"trace_id\":\"sbx");
  }

  @Test
  void connectionsBeyondTheLimitWaitUntilOneCloses() throws Exception {
    sandbox = PassportSandbox.builder().customers(10)
        .serverLimits(new SandboxServer.Limits(Duration.ofSeconds(1), Duration.ofSeconds(1), 4)).start();
    List<Socket> held = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      held.add(send("GET /v1/customers HTTP/1.1\r\n"));
    }
    Thread.sleep(200);
    Socket waiting = send(LIST);
    waiting.setSoTimeout(400);
    try {
      int first = waiting.getInputStream().read();
      throw new AssertionError("answered past the connection limit (read " + first + ")");
    } catch (SocketTimeoutException expected) {
      // Not accepted yet: the four silent connections fill the limit until their idle timeout.
    }

    waiting.setSoTimeout(5000);
    assertThat(readAll(waiting.getInputStream())).startsWith("HTTP/1.1 200 OK");
    for (Socket socket : held) {
      socket.setSoTimeout(2000);
      assertThat(readAll(socket.getInputStream())).as("closed by the idle timeout").doesNotContain("200 OK");
    }
  }
}
