package io.passport.customers.cli;

import io.passport.customers.internal.ListParameters;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code get CUSTOMER_ID}: one customer. */
@Command(name = "get", mixinStandardHelpOptions = true, versionProvider = PassportCustomersCli.Version.class,
    description = "Shows one customer.")
final class GetCommand implements Callable<Integer> {
  @ParentCommand
  PassportCustomersCli parent;

  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Parameters(paramLabel = "CUSTOMER_ID", description = "The customer's id.")
  String customerId;

  @Mixin
  OutputOptions outputOptions;

  @Override
  public Integer call() {
    OptionValues.check(spec, "CUSTOMER_ID", () -> ListParameters.CUSTOMER_ID.checkPresent(customerId));
    outputOptions.validate(spec);
    connection.validate(parent.env);
    String target = outputOptions.output == null ? "standard output" : outputOptions.output.toString();
    try (Sink sink = outputOptions.output == null ? Sink.stdout(parent.io.results()) : Sink.file(outputOptions.output);
        ConnectionOptions.Connection c = connection.connect(parent.env, 1, spec.commandLine().getErr(),
            outputOptions.quiet)) {
      CustomerWriter writer = new CustomerWriter(outputOptions.format, sink.stream(), true, !outputOptions.csvRaw);
      var customer = c.client().get(customerId);
      writer.write(customer, c.raw().takeCustomer());
      writer.end();
      sink.commit();
      return 0;
    } catch (OutputException e) {
      return PassportCustomersCli.writeFailed(e, spec.commandLine().getErr());
    } catch (IOException e) {
      return PassportCustomersCli.writeFailed(new OutputException(target, e), spec.commandLine().getErr());
    }
  }
}
