package io.passport.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A customer id has one rule wherever the client takes one (Retrieve Customer's path, the {@code
 * customer_id} filter, {@link Limits#isWellFormedId}): 1 to 64 characters, not blank, no control
 * characters; a bad one fails before any network call with a message naming the parameter.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CustomerIdRuleTest {
  private final MockWebServer server = ClientTestSupport.newServer();
  private PassportCustomersClient client;

  @BeforeEach
  void start() throws IOException {
    server.start();
    client = ClientTestSupport.clientFor(server).build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @ParameterizedTest(name = "U+{0}")
  @ValueSource(ints = {0x00, 0x07, 0x0a, 0x0d, 0x1b, 0x7f, 0x85, 0x9f})
  void aControlCharacterInAnIdIsRejectedBeforeAnyRequestWithAMessageNamingTheParameter(int control) {
    String id = "db7e89e7-59d8" + (char) control + "4ab1";

    assertThatIllegalArgumentException().isThrownBy(() -> client.get(id))
        .withMessage("customerId (customer_id) must not contain control characters");
    assertThatIllegalArgumentException().isThrownBy(() -> CustomerQuery.builder().customerId(id))
        .withMessage("customerId (customer_id) must not contain control characters");
    assertThat(Limits.isWellFormedId(id)).isFalse();
    assertThat(server.getRequestCount()).isZero();
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", " ", "\t"})
  void aBlankIdIsRejectedBeforeAnyRequestByGetAndTheFilterAlike(String id) {
    assertThatIllegalArgumentException().isThrownBy(() -> client.get(id))
        .withMessage("customerId (customer_id) must be 1 to 64 characters and not blank, but was blank");
    assertThatIllegalArgumentException().isThrownBy(() -> CustomerQuery.builder().customerId(id))
        .withMessage("customerId (customer_id) must be 1 to 64 characters and not blank, but was blank");
    assertThat(Limits.isWellFormedId(id)).isFalse();
    assertThat(server.getRequestCount()).isZero();
  }

  @ParameterizedTest(name = "{0} characters")
  @ValueSource(ints = {65, 1000})
  void anIdPastSixtyFourCharactersIsRejectedBeforeAnyRequest(int length) {
    String id = "c".repeat(length);

    assertThatIllegalArgumentException().isThrownBy(() -> client.get(id))
        .withMessage("customerId (customer_id) must be 1 to 64 characters and not blank, but was " + length
            + " characters long");
    assertThat(Limits.isWellFormedId(id)).isFalse();
    assertThat(server.getRequestCount()).isZero();
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"db7e89e7-59d8-4ab1-b675-a2ae52c3339e", "c", "Ñandú & Cía/50% ?#",
      "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"})
  void anIdTheRuleAcceptsIsAcceptedByEachAndSent(String id) throws Exception {
    server.enqueue(new mockwebserver3.MockResponse.Builder().body("{\"id\":\"x\"}").build());

    assertThat(client.get(id).getId()).isEqualTo("x");
    assertThat(CustomerQuery.builder().customerId(id).build().customerId()).isEqualTo(id);
    assertThat(Limits.isWellFormedId(id)).isTrue();
    assertThat(server.takeRequest().getUrl().pathSegments()).containsExactly("v1", "customers", id);
  }
}
