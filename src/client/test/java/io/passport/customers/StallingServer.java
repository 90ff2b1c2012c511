package io.passport.customers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small HTTP/1.1 server on loopback that can hold a request without answering until the client
 * goes away, and counts at its end what is open: connections, and requests received but neither
 * answered nor abandoned by the client (a held request ends when the client closes its socket, which
 * is what {@code Call.cancel()} does). MockWebServer cannot tell when a client hangs up on a delayed
 * answer, hence this. Every thread is a daemon; {@link #close()} ends them all.
 */
final class StallingServer implements AutoCloseable {
  /** What to do with one request: answer it, or hold it until the client hangs up. */
  record Reply(int status, String body, boolean held) {
    static Reply json(String body) {
      return new Reply(200, body, false);
    }

    static Reply status(int status, String body) {
      return new Reply(status, body, false);
    }

    static Reply stall() {
      return new Reply(0, null, true);
    }
  }

  private final ServerSocket socket;
  private final Function<String, Reply> handler;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final AtomicInteger held = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile boolean closed;

  /** @param handler from the request line ("GET /v1/customers?... HTTP/1.1") to the reply */
  StallingServer(Function<String, Reply> handler) throws IOException {
    this.handler = handler;
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "stalling-server-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String url() {
    return "http://127.0.0.1:" + socket.getLocalPort() + "/";
  }

  /** {@return requests held right now: received, not answered, and the client still connected} */
  int heldRequests() {
    return held.get();
  }

  /** {@return connections the client still holds open} */
  int openConnections() {
    return connections.size();
  }

  /** {@return every request received so far} */
  int requestCount() {
    return requests.get();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = socket.accept();
        client.setTcpNoDelay(true);
        connections.add(client);
        Thread thread = new Thread(() -> serve(client), "stalling-server-conn");
        thread.setDaemon(true);
        thread.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      while (!closed) {
        String head = readHead(in);
        if (head == null) {
          return; // the client closed the connection
        }
        requests.incrementAndGet();
        String requestLine = head.substring(0, head.indexOf("\r\n"));
        int length = contentLength(head);
        in.readNBytes(length);
        Reply reply = handler.apply(requestLine);
        if (reply.held()) {
          held.incrementAndGet();
          try {
            waitForHangUp(client, in);
          } finally {
            held.decrementAndGet();
          }
          return;
        }
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        String headers = "HTTP/1.1 " + reply.status() + " X\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length + "\r\n\r\n";
        out.write(headers.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
      }
    } catch (IOException e) {
      // the client went away
    } finally {
      connections.remove(client);
    }
  }

  private void waitForHangUp(Socket client, InputStream in) throws IOException {
    client.setSoTimeout(20);
    while (!closed) {
      try {
        if (in.read() < 0) {
          return;
        }
      } catch (SocketTimeoutException e) {
        // still there
      }
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (head.size() < 64 * 1024) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == 4) {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
    }
    throw new IOException("request head too long");
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
        return Integer.parseInt(line.substring(colon + 1).trim());
      }
    }
    return 0;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    socket.close();
    for (Socket client : connections) {
      client.close();
    }
  }
}
