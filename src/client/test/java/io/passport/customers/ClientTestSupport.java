package io.passport.customers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import javax.net.ServerSocketFactory;
import mockwebserver3.MockWebServer;

/** MockWebServers and clients pointed at them, with retries fast enough for tests. */
final class ClientTestSupport {
  static final RetryPolicy FAST_RETRIES =
      RetryPolicy.builder().maxAttempts(4).initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build();

  private ClientTestSupport() {}

  /**
   * A MockWebServer whose sockets send at once (TCP_NODELAY). Without it, Nagle's algorithm and the
   * client's delayed ACK stall every response by about 40 ms on loopback here, which makes tests
   * that page through hundreds of pages needlessly slow.
   */
  static MockWebServer newServer() {
    MockWebServer server = new MockWebServer();
    server.setServerSocketFactory(new NoDelayServerSocketFactory());
    return server;
  }

  static PassportCustomersClient.Builder clientFor(MockWebServer server) {
    return PassportCustomersClient.builder()
        .baseUrl(server.url("/").toString())
        .accessToken("test-token")
        .retryPolicy(FAST_RETRIES);
  }

  private static final class NoDelayServerSocketFactory extends ServerSocketFactory {
    private static ServerSocket unbound() throws IOException {
      return new ServerSocket() {
        @Override
        public Socket accept() throws IOException {
          Socket socket = super.accept();
          socket.setTcpNoDelay(true);
          return socket;
        }
      };
    }

    @Override
    public ServerSocket createServerSocket() throws IOException {
      return unbound();
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
      return createServerSocket(port, 50, null);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
      return createServerSocket(port, backlog, null);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
      ServerSocket socket = unbound();
      socket.bind(new InetSocketAddress(address, port), backlog);
      return socket;
    }
  }
}
