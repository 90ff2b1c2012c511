package io.passport.customers.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A List Customers provider whose customers a test changes between runs: it pages its list of ids as
 * the API does, echoes the snapshot a request is pinned to (or, with {@link #ignorePin}, stamps each
 * page afresh), and answers 400 to every page past {@link #refuseAfter}, so that an export stops there
 * with a checkpoint. Thread-safe.
 */
final class FakeProvider extends Dispatcher {
  private static final String SNAPSHOT = "2025-10-09T17:35:17.123456789Z";

  private volatile List<String> ids;
  private volatile int refuseAfter = Integer.MAX_VALUE;
  private volatile boolean ignorePin;
  private final AtomicLong stamps = new AtomicLong(1_760_000_000L);

  FakeProvider(List<String> ids) {
    this.ids = List.copyOf(ids);
  }

  /** {@code count} customers {@code prefix-1}, {@code prefix-2}, ... */
  static List<String> ids(String prefix, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      ids.add(prefix + "-" + i);
    }
    return ids;
  }

  void customers(List<String> ids) {
    this.ids = List.copyOf(ids);
  }

  List<String> customers() {
    return ids;
  }

  void refuseAfter(int page) {
    this.refuseAfter = page;
  }

  void ignorePin(boolean ignore) {
    this.ignorePin = ignore;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String size = request.getUrl().queryParameter("page_params.page_size");
    String number = request.getUrl().queryParameter("page_params.page_number");
    String seconds = request.getUrl().queryParameter("page_params.first_request_timestamp.seconds");
    String nanos = request.getUrl().queryParameter("page_params.first_request_timestamp.nanos");
    int pageSize = size == null ? 10 : Integer.parseInt(size);
    int page = number == null ? 1 : Integer.parseInt(number);
    if (page > refuseAfter) {
      return new MockResponse.Builder().code(400)
          .body("{\"message\":\"refused for the test\",\"code\":\"INVALID_ARGUMENT\",\"http_code\":400}").build();
    }
    String echo = ignorePin ? Instant.ofEpochSecond(stamps.incrementAndGet(), 1).toString()
        : seconds == null ? SNAPSHOT
        : Instant.ofEpochSecond(Long.parseLong(seconds), nanos == null ? 0 : Long.parseLong(nanos)).toString();
    List<String> all = ids;
    int totalPages = (all.size() + pageSize - 1) / pageSize;
    List<String> customers = new ArrayList<>();
    for (int i = (page - 1) * pageSize; i < Math.min(all.size(), page * pageSize); i++) {
      customers.add("{\"id\":\"" + all.get(i) + "\",\"business_name\":\"Empresa " + all.get(i) + "\"}");
    }
    return new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .body("{\"customers\":[" + String.join(",", customers) + "],\"pagination_info\":{\"first_request_timestamp\":\""
            + echo + "\",\"current_page\":" + page + ",\"total_pages\":" + totalPages + ",\"total_elements\":"
            + all.size() + "}}")
        .build();
  }
}
