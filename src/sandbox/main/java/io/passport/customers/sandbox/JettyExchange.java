package io.passport.customers.sandbox;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * One Jetty request seen as the JDK's {@link HttpExchange}, so that the sandbox's handlers (written for
 * the JDK's server) run unchanged on Jetty, with the JDK's meaning of each call the handlers rely on:
 * {@link #sendResponseHeaders} with a length sets {@code Content-Length} (0: no length; -1: no body);
 * closing the exchange completes the answer, and an exchange closed before any response header drops the
 * connection (an injected {@code DROPPED_CONNECTION}), as does one closed short of its {@code
 * Content-Length} (a truncated body). The request body was read whole before the exchange was made.
 *
 * <p>Jetty's own {@code jetty-http-spi} does the same bridging, but answers 200 to an exchange closed
 * unanswered and treats a length of 0 and -1 alike; this class is the few calls the sandbox needs, with
 * the JDK's meaning. Not thread-safe: one handler thread owns it from creation to {@link #close()}.
 */
final class JettyExchange extends HttpExchange {
  private final Request request;
  private final Response response;
  private final Callback callback;
  private final URI uri;
  private final Headers requestHeaders = new Headers();
  private final Headers responseHeaders = new Headers();
  private InputStream body;
  private OutputStream out;
  private int status = -1;
  private boolean closed;

  JettyExchange(Request request, Response response, Callback callback, URI uri, byte[] body) {
    this.request = request;
    this.response = response;
    this.callback = callback;
    this.uri = uri;
    this.body = new ByteArrayInputStream(body);
    this.out = Content.Sink.asOutputStream(response);
    for (HttpField field : request.getHeaders()) {
      requestHeaders.add(field.getName(), field.getValue() == null ? "" : field.getValue());
    }
  }

  @Override
  public Headers getRequestHeaders() {
    return requestHeaders;
  }

  @Override
  public Headers getResponseHeaders() {
    return responseHeaders;
  }

  @Override
  public URI getRequestURI() {
    return uri;
  }

  @Override
  public String getRequestMethod() {
    return request.getMethod();
  }

  /** {@return null: the sandbox has one context, and its handlers do not ask for it} */
  @Override
  public @Nullable HttpContext getHttpContext() {
    return null;
  }

  @Override
  public InputStream getRequestBody() {
    return body;
  }

  @Override
  public OutputStream getResponseBody() {
    return out;
  }

  @Override
  public void sendResponseHeaders(int code, long responseLength) throws IOException {
    if (status != -1) {
      throw new IOException("headers already sent");
    }
    status = code;
    for (Map.Entry<String, List<String>> header : responseHeaders.entrySet()) {
      for (String value : header.getValue()) {
        response.getHeaders().add(header.getKey(), value);
      }
    }
    response.setStatus(code);
    if (responseLength > 0) {
      response.getHeaders().put("Content-Length", Long.toString(responseLength));
    } else if (responseLength == -1) {
      response.getHeaders().put("Content-Length", "0");
    }
  }

  /**
   * Completes the answer. Unanswered, the connection is closed without a response; an answer shorter
   * than its {@code Content-Length} fails, and Jetty closes the connection.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (status == -1) {
      request.getConnectionMetaData().getConnection().getEndPoint().close();
      callback.failed(new EofException("dropped unanswered"));
      return;
    }
    try {
      out.close();
      callback.succeeded();
    } catch (IOException | RuntimeException e) {
      callback.failed(e);
    }
  }

  @Override
  public @Nullable InetSocketAddress getRemoteAddress() {
    return inet(request.getConnectionMetaData().getRemoteSocketAddress());
  }

  @Override
  public int getResponseCode() {
    return status;
  }

  @Override
  public @Nullable InetSocketAddress getLocalAddress() {
    return inet(request.getConnectionMetaData().getLocalSocketAddress());
  }

  @Override
  public String getProtocol() {
    return request.getConnectionMetaData().getProtocol();
  }

  @Override
  public @Nullable Object getAttribute(String name) {
    return request.getAttribute(name);
  }

  @Override
  public void setAttribute(String name, @Nullable Object value) {
    if (value == null) {
      request.removeAttribute(name);
    } else {
      request.setAttribute(name, value);
    }
  }

  @Override
  public void setStreams(@Nullable InputStream in, @Nullable OutputStream out) {
    if (in != null) {
      this.body = in;
    }
    if (out != null) {
      this.out = out;
    }
  }

  /** {@return null: the sandbox checks bearer tokens itself, not through an authenticator} */
  @Override
  public @Nullable HttpPrincipal getPrincipal() {
    return null;
  }

  private static @Nullable InetSocketAddress inet(@Nullable SocketAddress address) {
    return address instanceof InetSocketAddress inet ? inet : null;
  }
}
