package io.passport.customers.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code get CUSTOMER_ID}: one customer. */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Shows one customer.")
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
  public Integer call() throws IOException {
    if (customerId.isBlank() || customerId.length() > 64) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "invalid value for CUSTOMER_ID: must be 1 to 64 characters and not blank");
    }
    try (ConnectionOptions.Connection connection = this.connection.connect(parent.env, 1, spec.commandLine().getErr());
        Output out = outputOptions.open(spec.commandLine().getOut())) {
      CustomerWriter writer = new CustomerWriter(outputOptions.format, out.writer(), true);
      writer.write(connection.client().get(customerId));
      writer.end();
    }
    return 0;
  }
}
