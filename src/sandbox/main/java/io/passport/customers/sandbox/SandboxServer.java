package io.passport.customers.sandbox;

import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The sandbox's HTTP server: Jetty on a loopback port, with the limits that keep one slow or stuck client
 * from wedging everyone else's requests, handing each request to the {@link SandboxRouter} as an {@link
 * JettyExchange}.
 *
 * <ul>
 *   <li>Jetty reads requests without blocking, so a client that connects and sends nothing, or half its
 *       headers, holds a connection but no thread; so does one that sends a short body, because the body
 *       is read whole ({@value #MAX_BODY} bytes at most, else 413) before a thread is given to the
 *       request.
 *   <li>A connection on which nothing arrives or leaves for {@link Limits#idleTimeout} (waiting for
 *       headers, for a body, or for the next request) is closed; a body not complete within {@link
 *       Limits#readTimeout} of its headers is answered 408 and the connection closed; headers that keep
 *       trickling in for about as long get the connection closed ({@link HeaderDeadline}).
 *   <li>At most {@link Limits#maxConnections} connections are open at once; more wait in the accept
 *       queue until one closes. Request headers are at most 8 KiB (else 431).
 *   <li>{@code threads} requests are handled at once (the handler threads); a slow answer (injected
 *       latency) holds one of them while it lasts, and a client that stops reading the answer holds it
 *       for one idle timeout at most.
 * </ul>
 *
 * <p>Thread-safe. Owns its threads and port until {@link #close()}.
 */
final class SandboxServer implements AutoCloseable {
  /** The largest request body read; the token and provider-state bodies are a few hundred bytes. */
  static final int MAX_BODY = SandboxJson.MAX_REQUEST_BODY;

  /**
   * The server's limits.
   *
   * @param idleTimeout how long a connection may send and receive nothing before it is closed
   * @param readTimeout how long a request body may take to arrive, from the end of its headers; and
   *     about how long headers may keep trickling in ({@link HeaderDeadline})
   * @param maxConnections how many connections may be open at once
   */
  record Limits(Duration idleTimeout, Duration readTimeout, int maxConnections) {
    static final Limits DEFAULT = new Limits(Duration.ofSeconds(10), Duration.ofSeconds(10), 256);
  }

  private final Server server;
  private final ServerConnector connector;
  private final ErrorBodies errors;
  private final HttpHandler router;
  private final HeaderDeadline headers;
  private final Limits limits;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final int port;

  /**
   * Starts serving.
   *
   * @param port the loopback port, 0 for any free one
   * @param threads how many requests are handled at once
   * @throws IOException if the port cannot be bound
   */
  SandboxServer(int port, int threads, Limits limits, HttpHandler router, ErrorBodies errors) throws IOException {
    this.router = router;
    this.errors = errors;
    this.limits = limits;
    // One acceptor and one selector are leased from the pool; the rest handle requests. The queue is an
    // unbounded one, as Jetty's own default is, but the JDK's: Jetty's BlockingArrayQueue sizes itself by
    // asking the platform MBean server about compressed references, which starts JMX (about 200 classes, the
    // largest part of the server's start).
    QueuedThreadPool pool = new QueuedThreadPool(threads + 2, Math.min(4, threads + 2), new LinkedBlockingQueue<>());
    pool.setName("passport-sandbox");
    pool.setDaemon(true);
    pool.setReservedThreads(0);
    ScheduledExecutorScheduler timer = new ScheduledExecutorScheduler("passport-sandbox-timer", true);
    this.server = new Server(pool, timer, null);
    this.headers = new HeaderDeadline(timer, limits.readTimeout());
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setRequestHeaderSize(8 * 1024);
    // The JDK's server passed every path on as sent (%2F, %25, "..") and the handlers decide; so does this.
    http.setUriCompliance(UriCompliance.UNSAFE);
    this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
    connector.setPort(port);
    connector.setIdleTimeout(limits.idleTimeout().toMillis());
    connector.setAcceptQueueSize(128);
    connector.addEventListener(headers);
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
    server.setHandler(new Bridge());
    server.setErrorHandler(this::jettyError);
    server.setStopTimeout(0);
    try {
      server.start();
    } catch (IOException e) {
      close();
      throw e;
    } catch (Exception e) {
      close();
      throw new IOException("the sandbox's server did not start: " + e.getMessage(), e);
    }
    this.port = connector.getLocalPort();
  }

  /** {@return the address it listens on, 127.0.0.1} */
  String host() {
    return connector.getHost();
  }

  /** {@return the port it listens on (or listened on, once closed)} */
  int port() {
    return port;
  }

  /** Stops serving and releases the port and threads. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      server.stop();
    } catch (Exception e) {
      // Stopping anyway: the connector, the pool and the timer are stopped whatever failed.
    }
  }

  /**
   * Answers the errors Jetty finds before a request reaches the router (a malformed request line or
   * header, headers over 8 KiB) with the provider-style JSON body every other error has.
   */
  private boolean jettyError(Request request, Response response, Callback callback) {
    int status = request.getAttribute(ErrorHandler.ERROR_STATUS) instanceof Integer code ? code : 500;
    String message = request.getAttribute(ErrorHandler.ERROR_MESSAGE) instanceof String text && !text.isBlank()
        ? text : HttpStatus.getMessage(status);
    String code = status == 408 ? "DEADLINE_EXCEEDED" : status >= 500 ? "INTERNAL" : "INVALID_ARGUMENT";
    String path = request.getHttpURI() == null || request.getHttpURI().getPath() == null ? "/" : request.getHttpURI().getPath();
    String json = SandboxJson.ERROR.toJson(errors.body(status, code, message, null, path));
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }

  /**
   * Reads each request's body whole without holding a thread (with a deadline), then hands the request
   * to the router on a handler thread.
   */
  private static final Pattern LEADING_SLASHES = Pattern.compile("^/{2,}");

  private final class Bridge extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback whenDone) {
      Callback callback = headers.started(request.getConnectionMetaData().getConnection(), whenDone);
      if (request.getLength() > MAX_BODY) {
        route(request, response, callback, CompletableFuture.failedFuture(new BodyTooLarge()));
        return true;
      }
      Scheduler.Task deadline = request.getComponents().getScheduler().schedule(
          () -> request.fail(new TimeoutException("request body not received in time")),
          limits.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
      CompletableFuture<byte[]> body = Content.Source.asByteArrayAsync(request, MAX_BODY);
      if (body.isDone()) {
        deadline.cancel();
        route(request, response, callback, body);
      } else {
        body.whenComplete((bytes, failure) -> {
          deadline.cancel();
          request.getComponents().getThreadPool().execute(() -> route(request, response, callback, body));
        });
      }
      return true;
    }

    /** Runs on a handler thread: answers a body that did not arrive whole, or hands the request on. */
    private void route(Request request, Response response, Callback callback, CompletableFuture<byte[]> body) {
      URI uri;
      try {
        // A client given a base URL with a trailing slash asks for //v1/customers: the same resource, routed
        // as /v1/customers (new URI("//v1/customers") would read "v1" as a host).
        uri = new URI(LEADING_SLASHES.matcher(request.getHttpURI().getPathQuery()).replaceFirst("/"));
      } catch (URISyntaxException e) {
        uri = null;
      }
      Throwable failure = body.handle((bytes, t) -> t).join();
      while (failure instanceof CompletionException && failure.getCause() != null) {
        failure = failure.getCause();
      }
      JettyExchange exchange = new JettyExchange(request, response, callback, uri != null ? uri : URI.create("/"),
          failure == null ? body.join() : new byte[0]);
      try {
        if (failure != null) {
          exchange.getResponseHeaders().set("Connection", "close");
          if (failure instanceof TimeoutException) {
            errors.send(exchange, 408, "DEADLINE_EXCEEDED",
                "the request body did not arrive within " + limits.readTimeout().toSeconds() + " s", null);
          } else if (failure instanceof BodyTooLarge || failure instanceof IllegalArgumentException) {
            errors.send(exchange, 413, "INVALID_ARGUMENT", "the request body is larger than " + MAX_BODY + " bytes",
                null);
          }
          // Any other failure (the client went away, a malformed chunk): closed unanswered.
        } else if (uri == null) {
          errors.badRequest(exchange, "the request target is not a valid URI", null);
        } else {
          router.handle(exchange);
        }
      } catch (IOException | RuntimeException e) {
        // Answered as far as it got: closing below completes the answer, or drops the connection.
      } finally {
        exchange.close();
      }
    }
  }

  /** A body longer than {@link #MAX_BODY}, by its {@code Content-Length}. */
  private static final class BodyTooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLarge() {
      super("request body larger than " + MAX_BODY + " bytes");
    }
  }
}
