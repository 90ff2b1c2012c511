package io.passport.customers.sandbox;

import io.passport.customers.OrderKey;
import io.passport.customers.model.Customer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The sandbox's customers, kept in order of creation, with sorted views cached per order key and
 * direction until the next change. Thread-safe: every method holds the store's lock.
 */
final class CustomerStore {
  /** The order keys the sandbox accepts ({@link OrderKey#KNOWN}), and what each sorts by. */
  static final Map<String, Function<Customer, Comparable<?>>> ORDER_KEYS = Map.of(
      OrderKey.CREATED_AT.value(), Customer::getCreatedAt,
      OrderKey.UPDATED_AT.value(), Customer::getUpdatedAt,
      OrderKey.BUSINESS_NAME.value(),
      c -> c.getBusinessName() == null ? null : c.getBusinessName().toLowerCase(java.util.Locale.ROOT),
      OrderKey.IDENTIFICATION_NUMBER.value(), Customer::getIdentificationNumber);

  private final List<Customer> byCreation = new ArrayList<>();
  private final Map<String, Customer> byId = new HashMap<>();
  private final Map<String, List<Customer>> views = new HashMap<>();

  /** One page cut from the store, and how many customers the whole (filtered) listing has. */
  record Page(List<Customer> customers, long totalElements) {}

  synchronized void add(Customer customer) {
    int at = byCreation.size();
    while (at > 0 && createdAt(byCreation.get(at - 1)).isAfter(createdAt(customer))) {
      at--;
    }
    byCreation.add(at, customer);
    byId.put(customer.getId(), customer);
    views.clear();
  }

  synchronized void clear() {
    byCreation.clear();
    byId.clear();
    views.clear();
  }

  synchronized int size() {
    return byCreation.size();
  }

  synchronized Customer get(String id) {
    return byId.get(id);
  }

  synchronized Instant latestCreatedAt() {
    return byCreation.isEmpty() ? null : createdAt(byCreation.get(byCreation.size() - 1));
  }

  /**
   * Page {@code number} (from 1) of {@code size} customers matching {@code filter}, leaving out
   * customers created after {@code snapshot} (when not null), sorted by {@code orderKey}.
   */
  synchronized Page page(Predicate<Customer> filter, boolean filtered, Instant snapshot, String orderKey,
      boolean descending, int number, int size) {
    List<Customer> view = view(orderKey, descending);
    Instant latest = latestCreatedAt();
    boolean snapshotTakesAll = snapshot == null || latest == null || !latest.isAfter(snapshot);
    List<Customer> matching = view;
    if (filtered || !snapshotTakesAll) {
      Predicate<Customer> inSnapshot = snapshotTakesAll ? c -> true : c -> !createdAt(c).isAfter(snapshot);
      matching = view.stream().filter(filter.and(inSnapshot)).toList();
    }
    long from = (long) (number - 1) * size;
    if (from >= matching.size()) {
      return new Page(List.of(), matching.size());
    }
    int to = (int) Math.min(matching.size(), from + size);
    return new Page(List.copyOf(matching.subList((int) from, to)), matching.size());
  }

  private List<Customer> view(String orderKey, boolean descending) {
    String cacheKey = orderKey + (descending ? ":desc" : ":asc");
    return views.computeIfAbsent(cacheKey, k -> {
      Comparator<Customer> order = Comparator.comparing(
          customer -> comparable(ORDER_KEYS.get(orderKey).apply(customer)),
          Comparator.nullsFirst(Comparator.<Comparable<Object>>naturalOrder()));
      if (descending) {
        order = order.reversed();
      }
      List<Customer> sorted = new ArrayList<>(byCreation);
      sorted.sort(order.thenComparing(Customer::getId));
      return sorted;
    });
  }

  @SuppressWarnings("unchecked")
  private static Comparable<Object> comparable(Comparable<?> value) {
    return (Comparable<Object>) value;
  }

  private static Instant createdAt(Customer customer) {
    OffsetDateTime created = customer.getCreatedAt();
    return created == null ? Instant.EPOCH : created.toInstant();
  }
}
