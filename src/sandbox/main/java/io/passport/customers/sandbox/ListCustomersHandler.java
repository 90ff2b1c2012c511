package io.passport.customers.sandbox;

import com.sun.net.httpserver.HttpExchange;
import io.passport.customers.model.ListCustomersResponse;
import io.passport.customers.model.PaginationInfo;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Answers {@code GET /v1/customers} (List Customers) once the caller is authorized: checks the query
 * (400 naming the parameter), answers 404 for an entity without customers, and cuts the page from the
 * snapshot the request is pinned to or from a new one. Thread-safe: it keeps no state of its own.
 */
final class ListCustomersHandler {
  private static final String RESOURCE = "customers";

  private final CustomerStore store;
  private final SnapshotClock snapshots;
  private final ErrorBodies errors;

  private record Cut(Instant snapshot, CustomerStore.Page page) {}

  ListCustomersHandler(CustomerStore store, SnapshotClock snapshots, ErrorBodies errors) {
    this.store = store;
    this.snapshots = snapshots;
    this.errors = errors;
  }

  void handle(HttpExchange exchange, boolean truncate) throws IOException {
    Map<String, String> params = ListQuery.decode(exchange.getRequestURI().getRawQuery());
    ListQuery query;
    try {
      query = ListQuery.parse(params);
    } catch (IllegalArgumentException e) {
      errors.badRequest(exchange, e.getMessage(), RESOURCE);
      return;
    }
    if (store.size() == 0) {
      errors.send(exchange, 404, "NOT_FOUND", "no customers found for the entity", RESOURCE);
      return;
    }
    // A new snapshot and the page cut from it are one step against additions (see
    // PassportSandbox#addCustomer): an addition in between would be left off this page yet counted on
    // the pages pinned to it.
    Cut cut = query.snapshot() != null
        ? new Cut(query.snapshot(), page(query, query.snapshot()))
        : snapshots.atNewSnapshot(snapshot -> new Cut(snapshot, page(query, snapshot)));
    long total = cut.page().totalElements();
    ListCustomersResponse body = new ListCustomersResponse()
        .customers(cut.page().customers())
        .paginationInfo(new PaginationInfo()
            .firstRequestTimestamp(OffsetDateTime.ofInstant(cut.snapshot(), ZoneOffset.UTC))
            .currentPage(query.pageNumber())
            .totalPages(query.totalPages(total))
            .totalElements(total));
    SandboxJson.send(exchange, 200, SandboxJson.LIST, body, truncate);
  }

  private CustomerStore.Page page(ListQuery query, Instant snapshot) {
    return store.page(query.matches(), query.filtered(), snapshot, query.orderKey(), query.descending(),
        query.pageNumber(), query.pageSize());
  }
}
