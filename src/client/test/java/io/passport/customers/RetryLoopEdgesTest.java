package io.passport.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import io.passport.customers.internal.BearerTokens;
import io.passport.customers.internal.BodyLimits;
import io.passport.customers.internal.CallScope;
import io.passport.customers.internal.InFlightLimit;
import io.passport.customers.internal.RetryLoop;
import io.passport.customers.model.Customer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * The retry loop at its edges: the deadline reached exactly, an interrupt during a backoff, a body the
 * model rejects, what a retry logs, and what a scope holds once a call is over. The time is a {@link
 * SimClock}; the server records the fake time at which each request reached it, and may move it
 * (an answer that takes that long).
 */
@Timeout(10)
class RetryLoopEdgesTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private final MockWebServer server = ClientTestSupport.newServer();
  private final SimClock time = new SimClock();
  private final List<Long> arrivals = new CopyOnWriteArrayList<>();
  /** The server's next answers, in order; then 200 with a customer. */
  private final Queue<MockResponse> answers = new ConcurrentLinkedQueue<>();
  /** How far the fake time moves while the server answers a request. */
  private volatile Duration answerTakes = Duration.ZERO;
  /** Run by the server as it answers each request. */
  private volatile Runnable answering = () -> { };
  private OkHttpClient http;

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        arrivals.add(time.nanoTime());
        time.advance(answerTakes);
        answering.run();
        MockResponse next = answers.poll();
        return next != null ? next : new MockResponse.Builder().body("{\"id\":\"c-1\"}").build();
      }
    });
    server.start();
    http = new OkHttpClient();
  }

  @AfterEach
  void stop() {
    server.close();
    http.dispatcher().executorService().shutdownNow();
    http.connectionPool().evictAll();
  }

  private RetryLoop executor(RetryPolicy policy, BearerTokens tokens) {
    return new RetryLoop(http, policy, tokens, new BodyLimits(BodyLimits.DEFAULT_MAX_BODY_BYTES, BodyLimits.DEFAULT_MAX_STRING_CHARS), time, null);
  }

  private static RetryPolicy policy(int maxAttempts) {
    return RetryPolicy.builder().maxAttempts(maxAttempts).initialBackoff(Duration.ofMillis(1))
        .maxBackoff(Duration.ofMillis(1)).deadline(DEADLINE).build();
  }

  private Request request() {
    return new Request.Builder().url(server.url("/v1/customers/c-1")).build();
  }

  private static JsonAdapter<Customer> customers() {
    return new BodyLimits(BodyLimits.DEFAULT_MAX_BODY_BYTES, BodyLimits.DEFAULT_MAX_STRING_CHARS).moshi().adapter(Customer.class);
  }

  /** The server's next answer, read whole as a listing's page call reads it. */
  private RetryLoop.WholeBody readWhole() {
    return executor(policy(4), null).execute(request(), RetryLoop.WHOLE_BODY, CallScope.root(), InFlightLimit.unlimited());
  }

  /** An adapter whose model refuses every body, as a model's own range check would. */
  private static JsonAdapter<Customer> rejecting() {
    return new JsonAdapter<>() {
      @Override
      public Customer fromJson(JsonReader reader) {
        throw new IllegalArgumentException("created_at is out of range");
      }

      @Override
      public void toJson(JsonWriter writer, Customer value) {
        throw new UnsupportedOperationException();
      }
    };
  }

  private static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).body("{\"message\":\"status " + code + "\",\"http_code\":" + code + "}")
        .build();
  }

  @Test
  void anAttemptWithNoTimeLeftSendsNothingAndReportsTheDeadline() {
    RetryLoop.Outcome<Customer> outcome =
        executor(policy(4), null).attempt(request(), customers(), CallScope.root(), time.nanoTime());

    assertThat(outcome.value()).isNull();
    assertThat(outcome.failure().kind()).isEqualTo(PassportException.Kind.TRANSPORT);
    assertThat(outcome.failure().getMessage()).contains("no answer within the call's deadline of PT30S");
    assertThat(arrivals).isEmpty();
  }

  @Test
  void anAnswerStillOutstandingWhenTheDeadlineEndsTheAttemptIsReportedAsTheDeadline() {
    answers.add(new MockResponse.Builder().body("{\"id\":\"c-1\"}").headersDelay(5, TimeUnit.SECONDS).build());
    long oneMillisecondLeft = time.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);

    RetryLoop.Outcome<Customer> outcome =
        executor(policy(4), null).attempt(request(), customers(), CallScope.root(), oneMillisecondLeft);

    assertThat(outcome.failure().kind()).isEqualTo(PassportException.Kind.TRANSPORT);
    assertThat(outcome.failure().getMessage()).contains("no answer within the call's deadline");
  }

  @Test
  void a401AnsweredAtTheDeadlineIsThrownAsThe401WithoutRenewingOrRetrying() {
    AtomicInteger tokensGiven = new AtomicInteger();
    BearerTokens tokens = new BearerTokens() {
      @Override
      public String token(CallScope scope, long deadlineNanos) {
        return "token-" + tokensGiven.incrementAndGet();
      }

      @Override
      public boolean invalidate(String rejectedToken) {
        return true;
      }
    };
    answers.add(status(401));
    answerTakes = DEADLINE;

    PassportException e = catchThrowableOfType(PassportException.class,
        () -> executor(policy(4), tokens).execute(request(), customers(), CallScope.root()));

    assertThat(e.kind()).isEqualTo(PassportException.Kind.UNAUTHORIZED);
    assertThat(e.httpStatus()).isEqualTo(401);
    assertThat(arrivals).hasSize(1);
    assertThat(tokensGiven.get()).as("no token asked for after the deadline").isEqualTo(1);
  }

  @Test
  void anInterruptDuringTheBackoffEndsTheCallAsCancelledKeepingTheFlag() {
    answers.add(status(503));
    time.duringSleep = (n, scope) -> Thread.currentThread().interrupt();
    try {
      PassportException e = catchThrowableOfType(PassportException.class,
          () -> executor(policy(4), null).execute(request(), customers(), CallScope.root()));

      assertThat(e.kind()).isEqualTo(PassportException.Kind.CANCELLED);
      assertThat(e.getMessage()).contains("interrupted while waiting to retry");
      assertThat(Thread.currentThread().isInterrupted()).as("the interrupt flag is kept").isTrue();
      assertThat(arrivals).hasSize(1);
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void aBodyReadWholeIsDecodedLaterAsTheAttemptWouldHaveDecodedIt() {
    answers.add(new MockResponse.Builder().code(203).body("\ufeff{\"id\":\"c-7\"}").build());
    answers.add(new MockResponse.Builder().code(203).body("{\"id\":").build());
    answers.add(new MockResponse.Builder().body("null").build());

    RetryLoop.WholeBody good = readWhole();
    RetryLoop.WholeBody cut = readWhole();
    RetryLoop.WholeBody none = readWhole();

    assertThat(good.status()).isEqualTo(203);
    assertThat(RetryLoop.decode(good, customers()).getId()).as("the byte order mark is dropped").isEqualTo("c-7");
    PassportException truncated =
        catchThrowableOfType(PassportException.class, () -> RetryLoop.decode(cut, customers()));
    assertThat(truncated.kind()).isEqualTo(PassportException.Kind.INVALID_RESPONSE);
    assertThat(truncated.httpStatus()).isEqualTo(203);
    assertThat(truncated.getMessage()).contains("the body could not be read: End of input");
    PassportException empty =
        catchThrowableOfType(PassportException.class, () -> RetryLoop.decode(none, customers()));
    assertThat(empty.kind()).isEqualTo(PassportException.Kind.INVALID_RESPONSE);
    assertThat(empty.getMessage()).contains("the body is empty or null");
    assertThat(arrivals).as("a body read whole is never sent for again").hasSize(3);
  }

  @Test
  void aBodyReadWholeThatTheModelRejectsIsAnInvalidResponseNamingWhy() {
    RetryLoop.WholeBody body = readWhole();

    PassportException e = catchThrowableOfType(PassportException.class, () -> RetryLoop.decode(body, rejecting()));

    assertThat(e.kind()).isEqualTo(PassportException.Kind.INVALID_RESPONSE);
    assertThat(e.httpStatus()).isEqualTo(200);
    assertThat(e.getMessage()).contains("the body could not be read: IllegalArgumentException: created_at is out of range");
  }

  @Test
  void aBodyTheModelRejectsIsAnInvalidResponseNamingWhy() {
    JsonAdapter<Customer> rejecting = rejecting();

    PassportException e = catchThrowableOfType(PassportException.class,
        () -> executor(policy(4), null).execute(request(), rejecting, CallScope.root()));

    assertThat(e.kind()).isEqualTo(PassportException.Kind.INVALID_RESPONSE);
    assertThat(e.httpStatus()).isEqualTo(200);
    assertThat(e.getMessage()).contains("the body could not be read: IllegalArgumentException: created_at is out of range");
  }

  @Test
  void eachRetryIsLoggedWithItsNumberOfTheRetriesAllowed() {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger clientLogger = (Logger) LoggerFactory.getLogger("io.passport.customers");
    Level before = clientLogger.getLevel();
    logs.start();
    clientLogger.addAppender(logs);
    clientLogger.setLevel(Level.DEBUG);
    answers.add(status(503));
    answers.add(status(503));
    try {
      assertThat(executor(policy(4), null).execute(request(), customers(), CallScope.root()).getId()).isEqualTo("c-1");
    } finally {
      clientLogger.detachAppender(logs);
      clientLogger.setLevel(before);
    }

    List<String> retries = logs.list.stream().map(ILoggingEvent::getFormattedMessage)
        .filter(m -> m.contains("; retry ")).toList();
    assertThat(retries).hasSize(2);
    assertThat(retries.get(0)).startsWith("GET /v1/customers/c-1 failed (").contains("); retry 1 of 3 in ");
    assertThat(retries.get(1)).contains("); retry 2 of 3 in ");
  }

  @Test
  void aFinishedAttemptIsNoLongerHeldByItsScope() {
    CallScope scope = CallScope.root();
    List<Integer> heldWhileAnswered = new CopyOnWriteArrayList<>();
    answering = () -> heldWhileAnswered.add(scope.callsInFlight());

    executor(policy(4), null).attempt(request(), customers(), scope, time.nanoTime() + DEADLINE.toNanos());
    answers.add(status(500));
    executor(policy(4), null).attempt(request(), customers(), scope, time.nanoTime() + DEADLINE.toNanos());

    assertThat(heldWhileAnswered).as("held while in flight").containsExactly(1, 1);
    assertThat(scope.callsInFlight()).as("held once over").isZero();
  }
}
