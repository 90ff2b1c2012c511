package io.passport.customers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * The simulation's customers as the API keeps them, with the API's real snapshot semantics (see
 * api-facts.md and the README's "What the snapshot covers"): page 1 without a pin sets the pin to the
 * request's (virtual) instant and echoes it; pinned pages show only customers created at or before the
 * pin, but deletions show at once, and an update moves its customer while ordering by {@code
 * updated_at}. Between pages it changes the data (creations, deletions, updates) and, as a hostile
 * provider, it may break the listing's contract: ignore the pin (fresh {@code first_request_timestamp}
 * on every page, every current customer shown), repeat the page before, change the totals, or send a
 * malformed body (truncated JSON, wrong types, a null entry) or one with fields left out.
 *
 * <p>It remembers, per listing (a caller thread: the simulation runs a listing's calls on its caller's
 * thread), what a correct listing must return (the customers its pin covered when its first page was
 * served) and what the provider did to it, so the test can judge its end: {@link #listing}. Runs on
 * the actor threads one at a time (the {@link SimClock} hands the turn); not otherwise thread-safe.
 */
final class SimCustomers implements SimProvider.PageSource {
  /** The contract faults and data changes of a scenario, in percent per page after the first. */
  record Faults(boolean ignoresPin, int changePercent, boolean creates, boolean deletes, boolean updates,
      int repeatPercent, int totalsPercent, int malformedPercent, int omitPercent, boolean byUpdatedAt,
      boolean descending) {
    static final Faults NONE = new Faults(false, 0, false, false, false, 0, 0, 0, 0, false, false);
  }

  /** What happened to one listing, and what it must return when it ends normally. */
  static final class Listing {
    final Instant pin;
    final List<String> expected;
    /** The provider broke the contract on a page it served (the client must notice). */
    boolean broke;
    /** The data the pin covers changed while it ran (a deletion, or an update that moves a customer). */
    boolean changed;
    /** An update moved a customer while the pin was kept: the documented undetectable case. */
    boolean undetectable;
    /**
     * Another data set took this one's place while it ran (a kill-and-resume scenario's change, seen by
     * another listing): nothing a listing can check tells it apart when the counts agree.
     */
    boolean replaced;
    /** A page cut from other data than the pin's left out the fields that would have told the client. */
    boolean unseen;
    final List<String> faults = new ArrayList<>();

    Listing(Instant pin, List<String> expected) {
      this.pin = pin;
      this.expected = expected;
    }
  }

  private static final class Customer {
    final String id;
    final long seq;
    final Instant created;
    Instant updated;

    Customer(String id, long seq, Instant created) {
      this.id = id;
      this.seq = seq;
      this.created = created;
      this.updated = created;
    }
  }

  private final SimClock clock;
  private final Faults faults;
  private final List<Customer> customers = new ArrayList<>();
  private final Map<String, Listing> listings = new HashMap<>();
  private long nextSeq;

  SimCustomers(SimClock clock, int count, Faults faults) {
    this.clock = clock;
    this.faults = faults;
    Instant start = clock.instant();
    for (int i = 1; i <= count; i++) {
      customers.add(new Customer("c-" + i, nextSeq++, start.minusSeconds(count - i + 1)));
    }
  }

  /** {@return the listing the calling thread runs (or last ran), or null before its first page} */
  Listing listing() {
    return listings.get(Thread.currentThread().getName());
  }

  /** The calling thread's next listing is a new one, whatever pin it asks for (a resume after a kill). */
  void forget() {
    listings.remove(Thread.currentThread().getName());
  }

  /** {@return the ids a listing pinned to {@code pin} in this scenario's order returns now} */
  List<String> visible(Instant pin) {
    List<String> ids = new ArrayList<>();
    for (Customer c : ordered(pin)) {
      ids.add(c.id);
    }
    return ids;
  }

  /** Between a kill and a resume: the provider's data changes so. */
  enum Change { NONE, CREATE, DELETE, FEWER, REPLACE }

  void change(Change change, Random random) {
    if (change != Change.NONE && change != Change.CREATE) {
      listings.values().forEach(l -> l.changed = true); // other listings running meanwhile see it too
    }
    if (change == Change.REPLACE) {
      listings.values().forEach(l -> l.replaced = true);
    }
    switch (change) {
      case NONE -> { }
      case CREATE -> {
        for (int i = random.nextInt(5) + 1; i > 0; i--) {
          create();
        }
      }
      case DELETE -> {
        for (int i = random.nextInt(5) + 1; i > 0 && !customers.isEmpty(); i--) {
          customers.remove(random.nextInt(customers.size()));
        }
      }
      case FEWER -> customers.subList(customers.size() / 2, customers.size()).clear();
      case REPLACE -> { // another data set at the same URL: as many customers, other ids, all old
        int n = customers.size();
        Instant start = Instant.parse("2020-01-01T00:00:00Z");
        customers.clear();
        for (int i = 1; i <= n; i++) {
          customers.add(new Customer("other-" + i, nextSeq++, start.plusSeconds(i)));
        }
      }
    }
  }

  @Override
  public String page(HttpUrl url, int page, int size, Random random) {
    String thread = Thread.currentThread().getName();
    Instant now = clock.instant();
    String seconds = url.queryParameter("page_params.first_request_timestamp.seconds");
    Instant asked = seconds == null ? null : Instant.ofEpochSecond(Long.parseLong(seconds),
        Long.parseLong(nullToZero(url.queryParameter("page_params.first_request_timestamp.nanos"))));
    Listing listing = listings.get(thread);
    if (asked == null && page == 1 || listing == null || asked != null && !asked.equals(listing.pin)) {
      Instant pin = asked != null ? asked : now;
      listing = new Listing(pin, visible(pin));
      listings.put(thread, listing);
    } else if (page > 1 && random.nextInt(100) < faults.changePercent()) {
      changeData(random);
    }
    // A provider that ignores the pin cuts every page from the current data and stamps it afresh.
    Instant cut = faults.ignoresPin() ? now : listing.pin;
    List<Customer> all = ordered(cut);
    if (all.isEmpty()) {
      return null; // the API's 404: no customers
    }
    int totalPages = (all.size() + size - 1) / size;
    long totalElements = all.size();
    int from = page;
    if (page > 1 && random.nextInt(100) < faults.repeatPercent()) {
      from = page - 1;
      listing.broke = true;
      listing.faults.add("page " + page + " repeats page " + from);
    }
    // Protobuf JSON may leave any field out: a page after the first without its pagination_info says
    // nothing of its snapshot or totals (page 1 keeps it: without its totals and echo nothing is pinned).
    boolean omitInfo = page > 1 && random.nextInt(100) < faults.omitPercent();
    if (!cut.equals(listing.pin)) {
      if (omitInfo) {
        listing.unseen = true; // cut from other data, and nothing on the page says so
      } else {
        listing.broke = true;
        listing.faults.add("page " + page + " echoes " + cut + ", not the pin " + listing.pin);
      }
    }
    if (!omitInfo && page > 1 && random.nextInt(100) < faults.totalsPercent()) {
      totalElements += 1 + random.nextInt(3);
      listing.broke = true;
      listing.faults.add("page " + page + " counts " + totalElements + " customers");
    }
    StringBuilder body = new StringBuilder("{\"customers\":[");
    long first = (long) (from - 1) * size;
    for (long i = first; i < Math.min(all.size(), (long) from * size); i++) {
      body.append(i == first ? "" : ",").append("{\"id\":\"").append(all.get((int) i).id).append("\"}");
    }
    body.append("]");
    boolean omit = page == 1 && random.nextInt(100) < faults.omitPercent();
    if (!omitInfo) {
      body.append(",\"pagination_info\":{");
      List<String> fields = new ArrayList<>();
      fields.add("\"first_request_timestamp\":\"" + cut + "\"");
      fields.add("\"current_page\":" + page);
      fields.add("\"total_pages\":" + totalPages);
      fields.add("\"total_elements\":" + totalElements);
      if (omit) {
        fields.remove(1); // page 1 without its page number (without its echo, nothing is pinned)
      }
      body.append(String.join(",", fields)).append("}");
    }
    String text = body.append("}").toString();
    if (random.nextInt(100) < faults.malformedPercent()) {
      listing.broke = true;
      switch (random.nextInt(4)) {
        case 0 -> {
          text = text.substring(0, text.length() / 2);
          listing.faults.add("page " + page + " is truncated JSON");
        }
        case 1 -> {
          text = text.replace("\"total_pages\":" + totalPages, "\"total_pages\":\"many\"");
          text = text.contains("\"many\"") ? text : "{\"customers\":{\"id\":\"c-1\"}}";
          listing.faults.add("page " + page + " has a field of the wrong type");
        }
        case 2 -> {
          text = text.replace("{\"customers\":[", "{\"customers\":[null,");
          listing.faults.add("page " + page + " has a null customer");
        }
        default -> {
          text = text.replace("\"current_page\":" + page, "\"current_page\":" + (page + 1));
          if (!text.contains("\"current_page\":" + (page + 1))) {
            text = "{\"customers\":[{\"id\":7}]"; // an id of the wrong type, cut short
          }
          listing.faults.add("page " + page + " says it is another page");
        }
      }
    }
    return text;
  }

  /** A creation, deletion or update between two pages; marks the listings it changes. */
  private void changeData(Random random) {
    List<String> kinds = new ArrayList<>();
    if (faults.creates()) {
      kinds.add("create");
    }
    if (faults.deletes() && !customers.isEmpty()) {
      kinds.add("delete");
    }
    if (faults.updates() && !customers.isEmpty()) {
      kinds.add("update");
    }
    if (kinds.isEmpty()) {
      return;
    }
    String kind = kinds.get(random.nextInt(kinds.size()));
    if (kind.equals("create")) {
      Customer c = create();
      for (Listing l : listings.values()) {
        if (faults.ignoresPin() || !c.created.isAfter(l.pin)) {
          l.changed = true; // a provider that ignores the pin shows it
        }
      }
      return;
    }
    Customer c = customers.get(random.nextInt(customers.size()));
    Set<Listing> seeing = new HashSet<>();
    for (Listing l : listings.values()) {
      if (faults.ignoresPin() || !c.created.isAfter(l.pin)) {
        seeing.add(l);
      }
    }
    if (kind.equals("delete")) {
      customers.remove(c);
      seeing.forEach(l -> l.changed = true);
    } else {
      c.updated = clock.instant().plusNanos(1);
      if (faults.byUpdatedAt()) {
        for (Listing l : seeing) {
          l.changed = true;
          if (!faults.ignoresPin()) {
            l.undetectable = true;
          }
        }
      }
    }
  }

  private Customer create() {
    long seq = nextSeq++;
    Customer c = new Customer("new-" + seq, seq, clock.instant().plusNanos(1));
    customers.add(c);
    return c;
  }

  private List<Customer> ordered(Instant pin) {
    List<Customer> shown = new ArrayList<>();
    for (Customer c : customers) {
      if (!c.created.isAfter(pin)) {
        shown.add(c);
      }
    }
    Comparator<Customer> order = faults.byUpdatedAt()
        ? Comparator.comparing((Customer c) -> c.updated).thenComparingLong(c -> c.seq)
        : Comparator.comparing((Customer c) -> c.created).thenComparingLong(c -> c.seq);
    shown.sort(faults.descending() ? order.reversed() : order);
    return shown;
  }

  private static String nullToZero(String s) {
    return s == null ? "0" : s;
  }
}
