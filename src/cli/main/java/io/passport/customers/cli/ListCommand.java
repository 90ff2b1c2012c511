package io.passport.customers.cli;

import io.passport.customers.CustomerQuery;
import io.passport.customers.model.ListCustomersResponse;
import io.passport.customers.model.OrderDirection;
import io.passport.customers.model.PaginationInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code list}: one page of customers, or every page with {@code --all}. */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Lists customers: one page, or every page with --all.")
final class ListCommand implements Callable<Integer> {
  @ParentCommand
  PassportCustomersCli parent;

  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Option(names = "--page-size", paramLabel = "N", description = "Customers per page, 1 to 100 (default: 10; 100 with --all).")
  Integer pageSize;

  @Option(names = "--page", paramLabel = "N", description = "Page to list, from 1 (with --all: the page to start from).")
  Integer page;

  @Option(names = "--order-key", paramLabel = "KEY",
      description = "Sort by created_at (default), updated_at, business_name or identification_number.")
  String orderKey;

  @Option(names = "--order-direction", paramLabel = "DIR", description = "ASC, DESC or ORDER_DIRECTION_ENUM_UNSPECIFIED.")
  OrderDirection orderDirection;

  @Option(names = "--identification-type", paramLabel = "TYPE", description = "Only this identification type, e.g. NIT or CC.")
  String identificationType;

  @Option(names = "--identification-number", paramLabel = "NUMBER", description = "Only this identification number.")
  String identificationNumber;

  @Option(names = "--customer-id", paramLabel = "ID", description = "Only this customer.")
  String customerId;

  @Option(names = "--all", description = "List every page, streaming, pinned to one snapshot.")
  boolean all;

  @Option(names = "--parallelism", paramLabel = "K", defaultValue = "1",
      description = "With --all: pages fetched at once, 1 to 32 (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Mixin
  OutputOptions outputOptions;

  @Override
  public Integer call() throws IOException {
    CustomerQuery query = query();
    if (parallelism < 1 || parallelism > 32) {
      throw new ParameterException(spec.commandLine(),
          "invalid value for option '--parallelism': must be between 1 and 32, but was " + parallelism);
    }
    PrintWriter err = spec.commandLine().getErr();
    try (ConnectionOptions.Connection connection = this.connection.connect(parent.env, parallelism, err);
        Output out = outputOptions.open(spec.commandLine().getOut())) {
      CustomerWriter writer = new CustomerWriter(outputOptions.format, out.writer(), false);
      if (all) {
        ProgressBar progress = System.console() != null ? new ProgressBar(err) : null;
        Long total = null;
        for (ListCustomersResponse page : connection.client().listAll(query).pages()) {
          page.getCustomers().forEach(writer::write);
          if (progress != null) {
            total = total != null ? total : totalOf(page.getPaginationInfo());
            progress.show(writer.written(), total);
          }
        }
        if (progress != null) {
          progress.finish();
        }
      } else {
        ListCustomersResponse page = connection.client().list(query);
        page.getCustomers().forEach(writer::write);
        PaginationInfo info = page.getPaginationInfo();
        if (info != null && outputOptions.format == CustomerWriter.Format.table) {
          err.println("page " + info.getCurrentPage() + " of " + info.getTotalPages() + " (" + info.getTotalElements()
              + " customers); --all lists every page");
        }
      }
      writer.end();
    }
    return 0;
  }

  private CustomerQuery query() {
    CustomerQuery.Builder b = CustomerQuery.builder();
    OptionValues.check(spec, "--page-size", () -> b.pageSize(pageSize));
    OptionValues.check(spec, "--page", () -> b.pageNumber(page));
    OptionValues.check(spec, "--order-key", () -> b.orderKey(orderKey));
    b.orderDirection(orderDirection);
    OptionValues.check(spec, "--identification-type", () -> b.identificationType(identificationType));
    OptionValues.check(spec, "--identification-number", () -> b.identificationNumber(identificationNumber));
    OptionValues.check(spec, "--customer-id", () -> b.customerId(customerId));
    return b.build();
  }

  private static Long totalOf(PaginationInfo info) {
    return info == null ? null : info.getTotalElements();
  }
}
