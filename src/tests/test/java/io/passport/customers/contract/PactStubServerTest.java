package io.passport.customers.contract;

import static io.passport.customers.contract.ContractBodies.CLIENT_ID;
import static io.passport.customers.contract.ContractBodies.CLIENT_SECRET;
import static io.passport.customers.contract.ContractBodies.CUSTOMER_ID;
import static io.passport.customers.contract.ContractBodies.EXPIRED_TOKEN;
import static io.passport.customers.contract.ContractBodies.MISSING_CUSTOMER_ID;
import static io.passport.customers.contract.ContractBodies.TOKEN;
import static io.passport.customers.contract.ContractBodies.TOKEN_OF_EMPTY_ENTITY;
import static io.passport.customers.contract.ContractBodies.TOKEN_WITHOUT_LIST_SCOPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.passport.customers.CustomerQuery;
import io.passport.customers.PassportCustomersClient;
import io.passport.customers.PassportException;
import io.passport.customers.RetryPolicy;
import io.passport.customers.model.Customer;
import io.passport.customers.model.ListCustomersResponse;
import io.passport.customers.model.OrderDirection;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract as a stub for other consumers: {@code pact-stub-server} (shipped in
 * {@code @pact-foundation/pact-cli}, installed by {@code npm ci}) serves {@code contracts/}, and the
 * Java client runs against it as another team's client would: one page, a full listing pinned to one
 * snapshot at a page size the contract never named, every error kind. Then every interaction's own
 * example request is sent and must get that interaction's own answer: no two are confused.
 *
 * <p>Needs {@code node_modules} (after {@code npm ci}); without it the test is skipped with that
 * reason. CI runs {@code npm ci} before {@code ./mvnw verify}, so there it always runs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PactStubServerTest {
  private static final Path STUB = Path.of("node_modules", ".bin", "pact-stub-server");
  private static final Pattern STARTED = Pattern.compile("Server started on port (\\d+)");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OkHttpClient HTTP = new OkHttpClient();
  private static Process stub;
  private static String baseUrl;

  @BeforeAll
  static void startStub() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(STUB), STUB + " is missing: run npm ci first");
    List<String> command = new ArrayList<>(List.of(STUB.toString(), "--port", "0", "--loglevel", "info"));
    for (Path pact : pacts()) {
      command.addAll(List.of("--file", pact.toString()));
    }
    stub = new ProcessBuilder(command).redirectErrorStream(true).start();
    BufferedReader log = new BufferedReader(new InputStreamReader(stub.getInputStream(), StandardCharsets.UTF_8));
    String port = CompletableFuture.supplyAsync(() -> {
      try {
        for (String line = log.readLine(); line != null; line = log.readLine()) {
          Matcher m = STARTED.matcher(line);
          if (m.find()) {
            return m.group(1);
          }
        }
        return null;
      } catch (IOException e) {
        return null;
      }
    }).get(20, TimeUnit.SECONDS);
    assertThat(port).as("the port pact-stub-server reports").isNotNull();
    baseUrl = "http://127.0.0.1:" + port + "/";
    Thread drain = new Thread(() -> log.lines().forEach(line -> { }), "pact-stub-server-log");
    drain.setDaemon(true);
    drain.start();
  }

  @AfterAll
  static void stopStub() throws InterruptedException {
    if (stub != null) {
      // node_modules/.bin/pact-stub-server is a launcher: the server is its child, which outlives it.
      List<ProcessHandle> server = stub.descendants().toList();
      server.forEach(ProcessHandle::destroy);
      stub.destroy();
      if (!stub.waitFor(5, TimeUnit.SECONDS)) {
        stub.destroyForcibly();
      }
      for (ProcessHandle child : server) {
        child.onExit().completeOnTimeout(child, 5, TimeUnit.SECONDS).join();
        child.destroyForcibly(); // nothing to do for one that has ended
      }
    }
  }

  private static List<Path> pacts() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("contracts"))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }

  private static PassportCustomersClient client(String token) {
    return PassportCustomersClient.builder().baseUrl(baseUrl).accessToken(token).retryPolicy(RetryPolicy.none()).build();
  }

  @Test
  void onePageWithTheServersDefaults() {
    try (PassportCustomersClient client = client(TOKEN)) {
      ListCustomersResponse page = client.list(CustomerQuery.all());

      assertThat(page.getCustomers()).extracting(Customer::getId).singleElement().isNotNull();
      assertThat(page.getPaginationInfo().getCurrentPage()).isEqualTo(1);
    }
  }

  @Test
  void aFullListingPinnedToOneSnapshotAtAnyPageSize() {
    try (PassportCustomersClient client = client(TOKEN)) {
      for (int pageSize : new int[] {1, 37, 100}) {
        List<Customer> all = client.listAll(CustomerQuery.builder().pageSize(pageSize).build()).stream().toList();

        assertThat(all).as("page size " + pageSize).extracting(Customer::getId)
            .containsExactly("9a3e6d10-2b4c-4d8e-a1f3-5c7b9d0e2f41", "e2c4a6b8-3d5f-4a7c-8e9b-0f1a2b3c4d52");
      }
    }
  }

  @Test
  void filtersOrderingAndRetrievalWithTheExampleValues() {
    try (PassportCustomersClient client = client(TOKEN)) {
      assertThat(client.listAll(CustomerQuery.builder().customerId(CUSTOMER_ID).build()))
          .extracting(Customer::getId).containsExactly(CUSTOMER_ID);
      assertThat(client.listAll(CustomerQuery.builder().identificationNumber(ContractBodies.IDENTIFICATION_NUMBER).build()))
          .hasSize(1);
      assertThat(client.listAll(CustomerQuery.builder().identificationType(ContractBodies.IDENTIFICATION_TYPE).build()))
          .hasSize(1);
      assertThat(client.list(CustomerQuery.builder().orderKey("business_name").orderDirection(OrderDirection.DESC).build())
          .getCustomers()).hasSize(1);
      assertThat(client.get(CUSTOMER_ID).getId()).isEqualTo(CUSTOMER_ID);
    }
  }

  @Test
  void clientCredentialsGetATokenThatTheStubAccepts() {
    try (PassportCustomersClient client = PassportCustomersClient.builder().baseUrl(baseUrl)
        .clientCredentials(CLIENT_ID, CLIENT_SECRET).retryPolicy(RetryPolicy.none()).build()) {
      assertThat(client.get(ContractBodies.CUSTOMER_ID_WITH_ISSUED_TOKEN).getId())
          .isEqualTo(ContractBodies.CUSTOMER_ID_WITH_ISSUED_TOKEN);
    }
  }

  @Test
  void everyErrorKindTheContractHolds() {
    try (PassportCustomersClient client = client(TOKEN);
        PassportCustomersClient expired = client(EXPIRED_TOKEN);
        PassportCustomersClient unscoped = client(TOKEN_WITHOUT_LIST_SCOPE);
        PassportCustomersClient emptyEntity = client(TOKEN_OF_EMPTY_ENTITY)) {
      assertThat(kind(() -> client.list(CustomerQuery.builder().orderKey("favourite_colour").build())))
          .isEqualTo(PassportException.Kind.BAD_REQUEST);
      assertThat(kind(() -> expired.list(CustomerQuery.all()))).isEqualTo(PassportException.Kind.UNAUTHORIZED);
      assertThat(kind(() -> unscoped.list(CustomerQuery.all()))).isEqualTo(PassportException.Kind.FORBIDDEN);
      assertThat(kind(() -> client.get(MISSING_CUSTOMER_ID))).isEqualTo(PassportException.Kind.NOT_FOUND);
      assertThat(emptyEntity.listAll(CustomerQuery.all())).as("the entity without customers").isEmpty();
    }
  }

  private static PassportException.Kind kind(Runnable call) {
    return catchThrowableOfType(PassportException.class, call::run).kind();
  }

  static List<JsonNode> interactions() throws IOException {
    List<JsonNode> all = new ArrayList<>();
    for (Path pact : pacts()) {
      JSON.readTree(pact.toFile()).get("interactions").forEach(all::add);
    }
    return all;
  }

  static Stream<Arguments> examples() throws IOException {
    return interactions().stream().map(i -> Arguments.of(i.get("description").asText(), i));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void eachInteractionsExampleRequestGetsItsOwnAnswer(String description, JsonNode interaction) throws IOException {
    JsonNode request = interaction.get("request");
    HttpUrl.Builder url = HttpUrl.get(baseUrl).newBuilder().encodedPath(request.get("path").asText());
    request.path("query").fields().forEachRemaining(q ->
        q.getValue().forEach(v -> url.addEncodedQueryParameter(encode(q.getKey()), encode(v.asText()))));
    Request.Builder http = new Request.Builder().url(url.build());
    request.path("headers").fields().forEachRemaining(h -> h.getValue().forEach(v -> http.addHeader(h.getKey(), v.asText())));
    JsonNode body = request.path("body").get("content");
    http.method(request.get("method").asText(), body == null ? null
        : RequestBody.create(body.toString(), MediaType.get("application/json; charset=UTF-8")));
    JsonNode expected = interaction.get("response");

    try (Response response = HTTP.newCall(http.build()).execute()) {
      assertThat(response.code()).isEqualTo(expected.get("status").asInt());
      JsonNode expectedBody = expected.path("body").get("content");
      String actual = response.body().string();
      if (expectedBody == null) {
        assertThat(actual).isEmpty();
      } else {
        assertThat(JSON.readTree(actual)).isEqualTo(expectedBody);
      }
    }
  }

  @Test
  void noTwoInteractionsShareAnExampleAnswer() throws IOException {
    List<String> answers = interactions().stream()
        .map(i -> i.get("response").get("status").asInt() + " " + i.get("response").path("body").path("content"))
        .toList();
    List<String> requests = interactions().stream()
        .map(i -> i.get("request").get("method").asText() + " " + i.get("request").get("path").asText() + " "
            + i.get("request").path("query") + " " + i.get("request").path("headers").path("Authorization"))
        .toList();

    assertThat(requests).as("example requests").doesNotHaveDuplicates();
    assertThat(answers.stream().filter(a -> a.startsWith("2"))).as("example answers of 2xx interactions").doesNotHaveDuplicates();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
