package io.passport.customers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A MockWebServer dispatcher that serves a listing of {@code count} customers ({@code c-1}, {@code
 * c-2}, ...) the way the API pages it (echoing the snapshot a request is pinned to), and lets a test put other answers in front of given pages.
 */
class FakeListing extends Dispatcher {
  static final String FIRST_REQUEST_TIMESTAMP = "2025-10-09T17:35:17.123456789Z";

  private final int count;
  private final Map<Integer, Queue<MockResponse>> overrides = new ConcurrentHashMap<>();
  final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

  FakeListing(int count) {
    this.count = count;
  }

  /** Answers the next request for {@code page} with {@code response} instead of the page. */
  FakeListing override(int page, MockResponse response) {
    overrides.computeIfAbsent(page, p -> new ConcurrentLinkedQueue<>()).add(response);
    return this;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    requests.add(request);
    if (request.getUrl().encodedPath().equals("/v1/iam/oauth/tokens")) {
      return new MockResponse.Builder()
          .body("{\"access_token\":\"fake-token\",\"token_type\":\"Bearer\",\"expires_in\":3600}").build();
    }
    String size = request.getUrl().queryParameter("page_params.page_size");
    String number = request.getUrl().queryParameter("page_params.page_number");
    int pageSize = size == null ? 10 : Integer.parseInt(size);
    int page = number == null ? 1 : Integer.parseInt(number);
    MockResponse override = overrides.getOrDefault(page, new ConcurrentLinkedQueue<>()).poll();
    if (override != null) {
      return override;
    }
    if (count == 0) {
      return new MockResponse.Builder().code(404)
          .body("{\"message\":\"no customers found\",\"code\":\"NOT_FOUND\",\"http_code\":404}").build();
    }
    String seconds = request.getUrl().queryParameter("page_params.first_request_timestamp.seconds");
    String nanos = request.getUrl().queryParameter("page_params.first_request_timestamp.nanos");
    String echo = seconds == null ? FIRST_REQUEST_TIMESTAMP
        : java.time.Instant.ofEpochSecond(Long.parseLong(seconds), nanos == null ? 0 : Long.parseLong(nanos)).toString();
    return new MockResponse.Builder().body(page(page, pageSize, echo)).build();
  }

  String page(int page, int pageSize) {
    return page(page, pageSize, FIRST_REQUEST_TIMESTAMP);
  }

  /** Page {@code page} of the listing, echoing {@code snapshot} as its first_request_timestamp, as the API does. */
  String page(int page, int pageSize, String snapshot) {
    int totalPages = (count + pageSize - 1) / pageSize;
    List<String> customers = new ArrayList<>();
    for (int i = (page - 1) * pageSize + 1; i <= Math.min(count, page * pageSize); i++) {
      customers.add("{\"id\":\"c-" + i + "\",\"business_name\":\"Empresa " + i + "\",\"status\":\"ACTIVE\"}");
    }
    return "{\"customers\":[" + String.join(",", customers) + "],\"pagination_info\":{"
        + "\"first_request_timestamp\":\"" + snapshot + "\",\"current_page\":" + page
        + ",\"total_pages\":" + totalPages + ",\"total_elements\":" + count + "}}";
  }

  /** Requests whose path is the list endpoint, in the order they arrived. */
  List<RecordedRequest> listRequests() {
    return requests.stream().filter(r -> r.getUrl().encodedPath().equals("/v1/customers")).toList();
  }
}
