package io.passport.customers.cli;

import io.passport.customers.CustomerPaginator;
import io.passport.customers.CustomerQuery;
import io.passport.customers.FlowStatus;
import io.passport.customers.Limits;
import io.passport.customers.OrderKey;
import io.passport.customers.PassportException;
import io.passport.customers.internal.ListParameters;
import io.passport.customers.model.Customer;
import io.passport.customers.model.ListCustomersResponse;
import io.passport.customers.model.OrderDirection;
import io.passport.customers.model.PaginationInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code list}: one page of customers, or every page with {@code --all}. An {@code --all} export to a
 * regular file is checkpointed after every page ({@link Checkpoint}) so that {@code --resume} can finish
 * it after a crash; the file appears only when the export is complete. A resume fetches the last page
 * written again and refuses, with exit {@value PassportCustomersCli#EXIT_LISTING_CHANGED}, when the
 * provider's listing is no longer the one the checkpoint recorded.
 */
@Command(name = "list", mixinStandardHelpOptions = true, versionProvider = PassportCustomersCli.Version.class,
    sortOptions = false,
    description = "Lists customers: one page, or every page with --all.")
final class ListCommand implements Callable<Integer> {
  /** The order directions offered: the API's unspecified value is its default, not a choice. */
  enum Direction {
    ASC, DESC
  }

  /** The known order keys, for help and completion. */
  static final class KnownOrderKeys extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    KnownOrderKeys() {
      OrderKey.KNOWN.forEach(k -> add(k.value()));
    }
  }

  @ParentCommand
  PassportCustomersCli parent;

  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Option(names = "--page-size", paramLabel = "N",
      description = "Customers per page, " + Limits.MIN_PAGE_SIZE + " to " + Limits.MAX_PAGE_SIZE + " (default: "
          + Limits.DEFAULT_PAGE_SIZE + "; " + Limits.MAX_PAGE_SIZE + " with --all).")
  Integer pageSize;

  @Option(names = "--page", paramLabel = "N", description = "Page to list, from 1 (with --all: the page to start from).")
  Integer page;

  @Option(names = "--order-key", paramLabel = "KEY", completionCandidates = KnownOrderKeys.class,
      description = "Sort by ${COMPLETION-CANDIDATES} (default: created_at).")
  String orderKey;

  @Option(names = "--order-direction", paramLabel = "DIR", description = "${COMPLETION-CANDIDATES} (default: ASC).")
  Direction orderDirection;

  @Option(names = "--identification-type", paramLabel = "TYPE", description = "Only this identification type, e.g. NIT or CC.")
  String identificationType;

  @Option(names = "--identification-number", paramLabel = "NUMBER", description = "Only this identification number.")
  String identificationNumber;

  @Option(names = "--customer-id", paramLabel = "ID", description = "Only this customer.")
  String customerId;

  @Option(names = "--all", description = "List every page, streaming, pinned to one snapshot.")
  boolean all;

  @Option(names = "--parallelism", paramLabel = "K",
      description = "With --all: pages fetched at once, " + Limits.MIN_PARALLELISM + " to " + Limits.MAX_PARALLELISM
          + " (default: 1).")
  Integer parallelism;

  @Option(names = "--resume",
      description = "With --all --output FILE: continue the interrupted export checkpointed in FILE.checkpoint; the"
          + " finished FILE is byte for byte what an uninterrupted run writes. Refused (exit 3) when the provider's"
          + " listing changed since.")
  boolean resume;

  @Mixin
  OutputOptions outputOptions;

  @Override
  public Integer call() {
    CustomerQuery query = query();
    if (parallelism != null && !all) {
      throw usage("--parallelism goes with --all only");
    }
    if (parallelism != null) {
      OptionValues.check(spec, "--parallelism", () -> ListParameters.checkParallelism(parallelism));
    }
    if (resume && !all) {
      throw usage("--resume goes with --all only (and --output FILE)");
    }
    if (resume && outputOptions.output == null) {
      throw usage("--resume needs --output FILE: only an export to a file can be resumed");
    }
    outputOptions.validate(spec);
    if (resume && Sink.isSpecial(outputOptions.output)) {
      throw usage("--resume needs --output to name a regular file, not " + outputOptions.output);
    }
    connection.validate(parent.env);
    try {
      return all ? export(query) : onePage(query);
    } catch (UnsafeWorkFileException e) {
      err().println("passport-customers: " + e.getMessage());
      err().flush();
      return picocli.CommandLine.ExitCode.USAGE;
    } catch (OutputException e) {
      return PassportCustomersCli.writeFailed(e, err());
    }
  }

  /**
   * The flow part of the progress bar: the window when pages go in parallel, and the rate limit's
   * pause, pace and 429s when there are any.
   */
  static String flow(FlowStatus status) {
    return status.ceiling() > 1 || !status.pause().isZero() || status.throttledAnswers() > 0 ? status.toString() : "";
  }

  /**
   * Redraws the progress bar four times a second while pages are awaited, so that a pause for the
   * server's rate limit shows while it lasts; only when rows do not go to the same terminal.
   */
  private static final class Ticker implements AutoCloseable {
    private final @Nullable ScheduledExecutorService timer;

    Ticker(@Nullable ProgressBar progress) {
      if (progress == null) {
        timer = null;
        return;
      }
      timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "passport-customers-progress");
        thread.setDaemon(true);
        return thread;
      });
      timer.scheduleAtFixedRate(progress::tick, 250, 250, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
      if (timer != null) {
        timer.shutdownNow();
      }
    }
  }

  private int onePage(CustomerQuery query) throws OutputException {
    try (Sink sink = open();
        ConnectionOptions.Connection c = connection.connect(parent.env, 1, err(), outputOptions.quiet)) {
      ListCustomersResponse response = c.client().list(query);
      List<Customer> customers = response.getCustomers() == null ? List.of() : response.getCustomers();
      int number = query.pageNumber() == null ? Limits.FIRST_PAGE : query.pageNumber();
      List<byte[]> raw = needsRaw() ? c.raw().takePage(number, customers.size()) : null;
      CustomerWriter writer = writer(sink);
      for (int i = 0; i < customers.size(); i++) {
        writer.write(customers.get(i), raw == null ? null : raw.get(i));
      }
      writer.end();
      sink.commit();
      PaginationInfo info = response.getPaginationInfo();
      noteWhenTheEntityHasNoCustomers(c, customers.size());
      if (info != null && info.getTotalPages() != null && info.getTotalPages() > 1 && !outputOptions.quiet) {
        note("page " + info.getCurrentPage() + " of " + info.getTotalPages() + " (" + info.getTotalElements()
            + " customers in all); this is not the whole listing: --all lists every page");
      }
      return 0;
    } catch (OutputException e) {
      throw e;
    } catch (IOException e) {
      throw new OutputException(target(), e);
    }
  }

  /**
   * An {@code --all} export; to a regular file only under the file's {@link ExportLock}, taken before any
   * work file is looked at and released after FILE is renamed into place (or the run failed).
   */
  private int export(CustomerQuery query) throws OutputException, UnsafeWorkFileException {
    Path file = outputOptions.output;
    if (file == null || Sink.isSpecial(file)) {
      return exportUnlocked(query);
    }
    ExportLock lock;
    try {
      lock = ExportLock.acquire(file, outputOptions.format + " of " + query);
    } catch (UnsafeWorkFileException e) {
      throw e;
    } catch (IOException e) {
      throw new OutputException(ExportLock.pathFor(file).toString(), e);
    }
    try (lock) {
      Path checkpoint = Checkpoint.pathFor(file);
      for (Path work : List.of(Checkpoint.partFor(file), checkpoint, Checkpoint.temporaryFor(checkpoint))) {
        WorkFiles.requireRegularOrAbsent(work);
      }
      return exportUnlocked(query);
    } catch (UnsafeWorkFileException | OutputException e) {
      throw e;
    } catch (IOException e) {
      throw new OutputException(file.toString(), e);
    }
  }

  private int exportUnlocked(CustomerQuery query) throws OutputException, UnsafeWorkFileException {
    int size = pageSize != null ? pageSize : Limits.MAX_PAGE_SIZE;
    CustomerQuery base = query.toBuilder().pageSize(size).build();
    Path file = outputOptions.output;
    String job = base.toString();
    String format = outputOptions.format + (outputOptions.format == CustomerWriter.Format.csv
        ? (outputOptions.csvRaw ? " (raw)" : " (neutralised)") : "");
    String target = connection.plannedTarget(parent.env);
    boolean checkpointing = file != null && !Sink.isSpecial(file);
    Path checkpointPath = checkpointing ? Checkpoint.pathFor(file) : null;
    Path part = checkpointing ? Checkpoint.partFor(file) : null;
    Checkpoint from = null;
    if (checkpointing && Files.exists(checkpointPath, LinkOption.NOFOLLOW_LINKS)) {
      String stale = resume ? null : whyStale(checkpointPath, part);
      if (resume) {
        from = loadForResume(checkpointPath, part, job, format, target);
      } else if (stale != null) {
        // No run can resume it, and this run holds the lock: it goes, and this run checkpoints as usual.
        try {
          Files.delete(checkpointPath);
        } catch (IOException e) {
          throw new OutputException(checkpointPath.toString(), e);
        }
        note(checkpointPath + " was left by an interrupted export that cannot be resumed (" + stale
            + "); removed it, and this run keeps its own checkpoint");
      } else {
        // Said even with --quiet: this run cannot be resumed if it is interrupted.
        err().println("passport-customers: " + checkpointPath + " holds the checkpoint of an interrupted export;"
            + " this run leaves it and " + part + " alone and keeps no checkpoint of its own; add --resume to"
            + " continue that export instead, or clear it with: rm -- " + shellQuoted(checkpointPath) + " "
            + shellQuoted(part));
        err().flush();
        checkpointing = false;
      }
    } else if (resume) {
      note("--resume: no checkpoint at " + checkpointPath + "; starting from the first page");
    }
    if (from != null) {
      note("resuming the export to " + file + " after page " + from.lastPage() + " (" + from.customers()
          + " customers), pinned to the snapshot of " + from.snapshot());
    }

    // A resume asks again for the last page written, pinned to the same snapshot, to see that the
    // provider's listing is still the one the part file holds; its customers are not written again.
    CustomerQuery start = from == null ? base
        : base.toBuilder().pageNumber(from.lastPage()).snapshot(from.snapshot()).build();
    int parallel = parallelism == null ? 1 : parallelism;
    boolean bar = !outputOptions.quiet && parent.io.errIsTerminal();
    boolean rowsOnTerminal = file == null && parent.io.resultsAreTerminal();
    Sink sink = null;
    Checkpoint last = from;
    boolean complete = false;
    try (ExportInterruption interruption = new ExportInterruption(err(), file, checkpointing ? part : null, from)) {
      sink = checkpointing ? Sink.resumable(file, part, from == null ? -1 : from.bytes()) : open();
      CustomerWriter writer = writer(sink);
      if (from != null) {
        writer.resumeAfter(from.customers());
      }
      AtomicReference<CustomerPaginator> listing = new AtomicReference<>();
      ProgressBar progress = bar ? new ProgressBar(err(), System::nanoTime, writer.written(), () -> {
        CustomerPaginator paginator = listing.get();
        return paginator == null ? "" : flow(paginator.flowStatus());
      }) : null;
      try (ConnectionOptions.Connection c = connection.connect(parent.env, parallel, err(), outputOptions.quiet);
          CustomerPaginator paginator = c.client().listAll(start);
          Stream<ListCustomersResponse> pages = paginator.pageStream();
          Ticker ticker = new Ticker(progress != null && !rowsOnTerminal ? progress : null)) {
        listing.set(paginator);
        Iterator<ListCustomersResponse> it = pages.iterator();
        int number = start.pageNumber() == null ? Limits.FIRST_PAGE : start.pageNumber();
        Instant snapshot = from == null ? null : from.snapshot();
        Integer totalPages = null;
        Long totalCustomers = null;
        boolean recheck = from != null;
        while (it.hasNext()) {
          ListCustomersResponse response = it.next();
          PaginationInfo info = response.getPaginationInfo();
          if (info != null) {
            totalPages = totalPages != null ? totalPages : info.getTotalPages();
            totalCustomers = totalCustomers != null ? totalCustomers : info.getTotalElements();
            if (snapshot == null && info.getFirstRequestTimestamp() != null) {
              snapshot = info.getFirstRequestTimestamp().toInstant();
            }
          }
          List<Customer> customers = response.getCustomers();
          List<byte[]> raw = needsRaw() ? c.raw().takePage(number, customers.size()) : null;
          String ids = Checkpoint.idsDigest(customers);
          if (recheck) { // the last page written, again: the part file holds its customers
            recheck = false;
            List<String> changes = from.changes(totalPages, totalCustomers, ids);
            if (!changes.isEmpty()) {
              throw new ListingChanged(String.join("; ", changes));
            }
            number++;
            continue;
          }
          if (progress != null && rowsOnTerminal) {
            progress.clear();
          }
          for (int i = 0; i < customers.size(); i++) {
            writer.write(customers.get(i), raw == null ? null : raw.get(i));
          }
          if (checkpointing && snapshot != null) {
            long bytes = sink.sync();
            Checkpoint page = new Checkpoint(job, format, target, snapshot.getEpochSecond(), snapshot.getNano(), number,
                writer.written(), bytes, totalPages == null ? -1 : totalPages,
                totalCustomers == null ? -1 : totalCustomers, ids);
            interruption.pageWritten(number, writer.written(), () -> save(page, checkpointPath));
            last = page;
          } else {
            sink.flush();
            interruption.pageWritten(number, writer.written());
          }
          if (progress != null) {
            progress.show(number, totalPages, writer.written(), totalCustomers,
                totalPages != null && number >= totalPages);
          }
          number++;
        }
        if (recheck) {
          throw new ListingChanged("page " + from.lastPage() + ", the last one written, is no longer there: the"
              + " listing now ends before it");
        }
        if (progress != null) {
          progress.clear();
        }
        noteWhenTheEntityHasNoCustomers(c, writer.written());
        writer.end();
        interruption.close(); // from here on, an exit leaves a complete part file or the committed one
        if (checkpointing) {
          // The checkpoint goes before the part is renamed, so none ever outlives its part file (if the
          // rename fails, or the process dies in between, a part without a checkpoint is started afresh).
          sink.sync();
          Files.deleteIfExists(checkpointPath);
          last = null;
        }
        sink.commit();
        complete = true;
      }
      if (file != null) {
        note(writer.written() + " customers written to " + file);
      }
      return 0;
    } catch (ListingChanged e) {
      err().println("passport-customers: --resume refused: the provider's listing changed since the interrupted"
          + " export (" + e.getMessage() + "), so its pages no longer follow the ones in " + part + "; " + file
          + " is unchanged; delete " + checkpointPath + " and " + part + " to export anew");
      err().flush();
      return PassportCustomersCli.EXIT_LISTING_CHANGED;
    } catch (PassportException e) {
      if (checkpointing && last != null) {
        note("the export stopped after page " + last.lastPage() + " (" + last.customers() + " customers); " + file
            + " is unchanged; run the same command with --resume to continue");
      }
      throw e;
    } catch (OutputException | UnsafeWorkFileException e) {
      throw e;
    } catch (IOException e) {
      throw new OutputException(file == null ? "standard output" : file.toString(), e);
    } finally {
      if (sink != null && !complete) {
        sink.abandon(checkpointing && last != null);
      }
    }
  }

  /**
   * {@return why the checkpoint at {@code checkpointPath} can never be resumed (unreadable, its part file
   * gone or shorter than it promises), or null when it can}
   */
  private static @Nullable String whyStale(Path checkpointPath, Path part) {
    Checkpoint c;
    try {
      c = Checkpoint.load(checkpointPath);
    } catch (IOException e) {
      return "it is not a readable checkpoint: " + e.getMessage();
    }
    long have;
    try {
      have = Files.exists(part, LinkOption.NOFOLLOW_LINKS) ? Files.size(part) : -1;
    } catch (IOException e) {
      have = -1;
    }
    if (have < 0) {
      return "its part file " + part + " is gone";
    }
    return have < c.bytes() ? part + " holds " + have + " bytes but the checkpoint promises " + c.bytes() : null;
  }

  /** {@code path} quoted for a POSIX shell, for a command the user can paste. */
  static String shellQuoted(Path path) {
    return "'" + path.toString().replace("'", "'\\''") + "'";
  }

  /** A resume found the provider's listing changed since the checkpoint; the message says how. */
  private static final class ListingChanged extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ListingChanged(String changes) {
      super(changes, null, false, false);
    }
  }

  private Checkpoint loadForResume(Path checkpointPath, Path part, String job, String format, String target) {
    String stale = whyStale(checkpointPath, part);
    if (stale != null) {
      throw usage("--resume: " + checkpointPath + " cannot be resumed (" + stale + "); clear it with: rm -- "
          + shellQuoted(checkpointPath) + ", then run the command without --resume to start over");
    }
    Checkpoint c;
    try {
      c = Checkpoint.load(checkpointPath);
    } catch (IOException e) {
      throw usage("--resume: " + checkpointPath + " is not a readable checkpoint (" + e.getMessage()
          + "); delete it to start over");
    }
    List<String> differ = new ArrayList<>();
    if (!c.query().equals(job)) {
      differ.add("the query (was " + c.query() + ")");
    }
    if (!c.format().equals(format)) {
      differ.add("the format (was " + c.format() + ")");
    }
    if (!c.target().equals(target)) {
      differ.add("where it talks (was " + c.target() + ")");
    }
    if (!differ.isEmpty()) {
      throw usage("--resume: " + checkpointPath + " belongs to another export: " + String.join(", ", differ)
          + "; run the same command as the interrupted one, or delete the checkpoint to start over");
    }
    return c;
  }

  private static void save(Checkpoint checkpoint, Path path) throws OutputException, UnsafeWorkFileException {
    try {
      checkpoint.save(path);
    } catch (UnsafeWorkFileException e) {
      throw e;
    } catch (IOException e) {
      throw new OutputException(path.toString(), e);
    }
  }

  private Sink open() throws OutputException {
    return outputOptions.output == null ? Sink.stdout(parent.io.results()) : Sink.file(outputOptions.output);
  }

  private String target() {
    return outputOptions.output == null ? "standard output" : outputOptions.output.toString();
  }

  private CustomerWriter writer(Sink sink) {
    return new CustomerWriter(outputOptions.format, sink.stream(), false, !outputOptions.csvRaw);
  }

  private boolean needsRaw() {
    return outputOptions.format == CustomerWriter.Format.json || outputOptions.format == CustomerWriter.Format.ndjson;
  }

  private CustomerQuery query() {
    CustomerQuery.Builder b = CustomerQuery.builder();
    OptionValues.check(spec, "--page-size", () -> b.pageSize(pageSize));
    OptionValues.check(spec, "--page", () -> b.pageNumber(page));
    if (orderKey != null) {
      OrderKey key = OrderKey.KNOWN.stream().filter(k -> k.value().equals(orderKey)).findFirst()
          .orElseThrow(() -> usage("invalid value for option '--order-key': must be one of " + OrderKey.knownList()
              + ", but was \"" + TerminalText.escape(orderKey) + "\""));
      b.orderKey(key);
    }
    if (orderDirection != null) {
      b.orderDirection(OrderDirection.valueOf(orderDirection.name()));
    }
    OptionValues.check(spec, "--identification-type", () -> b.identificationType(identificationType));
    OptionValues.check(spec, "--identification-number", () -> b.identificationNumber(identificationNumber));
    OptionValues.check(spec, "--customer-id", () -> b.customerId(customerId));
    return b.build();
  }

  private PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /**
   * The client reads List Customers' own 404 (the entity has no customers) as an empty result; an empty
   * listing that came from that answer says so, rather than look like a filter that matched nothing.
   */
  private void noteWhenTheEntityHasNoCustomers(ConnectionOptions.Connection c, long customers) {
    if (customers == 0 && c.raw().listAnswered404() && !outputOptions.quiet) {
      note("no customers: the API answered 404 NOT_FOUND, which means this entity has none");
    }
  }

  private void note(String message) {
    if (!outputOptions.quiet) {
      err().println("passport-customers: " + message);
      err().flush();
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
