package io.passport.customers.cli;

import com.squareup.moshi.JsonAdapter;
import io.passport.customers.internal.ApiJson;
import io.passport.customers.model.Address;
import io.passport.customers.model.Customer;
import java.io.PrintWriter;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;

/**
 * Writes customers one at a time in one of the tool's formats, so that a listing of any length streams
 * through without being held: {@link #write} each customer, then {@link #end}. The header (or the
 * opening bracket) is written with the first customer, so a call that fails before any customer
 * arrives leaves the output empty. Not thread-safe.
 */
final class CustomerWriter {
  /** The output formats. */
  enum Format {
    /** Aligned columns for people. */
    table,
    /** One JSON array (one object for {@code get}). */
    json,
    /** One JSON object a line, with the API's own snake_case names. */
    ndjson,
    /** RFC 4180 CSV with a header; the address flattened into columns. */
    csv
  }

  private static final JsonAdapter<Customer> JSON = ApiJson.moshi().adapter(Customer.class);
  private static final List<Column> CSV_COLUMNS = List.of(
      new Column("id", Customer::getId),
      new Column("type", Customer::getType),
      new Column("business_name", Customer::getBusinessName),
      new Column("email", Customer::getEmail),
      new Column("mobile_phone_number", Customer::getMobilePhoneNumber),
      new Column("identification_type", Customer::getIdentificationType),
      new Column("identification_number", Customer::getIdentificationNumber),
      new Column("merchant_category_code", Customer::getMerchantCategoryCode),
      new Column("status", Customer::getStatus),
      new Column("address_line_1", c -> address(c, Address::getLine1)),
      new Column("address_line_2", c -> address(c, Address::getLine2)),
      new Column("address_line_3", c -> address(c, Address::getLine3)),
      new Column("address_city", c -> address(c, Address::getCity)),
      new Column("address_state", c -> address(c, Address::getState)),
      new Column("address_post_code", c -> address(c, Address::getPostCode)),
      new Column("address_country", c -> address(c, Address::getCountry)),
      new Column("created_at", c -> timestamp(c.getCreatedAt())),
      new Column("updated_at", c -> timestamp(c.getUpdatedAt())));
  private static final List<Column> TABLE_COLUMNS = List.of(
      new Column("ID", Customer::getId, 36),
      new Column("BUSINESS NAME", Customer::getBusinessName, 36),
      new Column("ID TYPE", Customer::getIdentificationType, 7),
      new Column("ID NUMBER", Customer::getIdentificationNumber, 12),
      new Column("STATUS", Customer::getStatus, 9),
      new Column("CITY", c -> address(c, Address::getCity), 14),
      new Column("CREATED AT", c -> timestamp(c.getCreatedAt()), 24));

  private record Column(String name, Function<Customer, String> value, int width) {
    Column(String name, Function<Customer, String> value) {
      this(name, value, 0);
    }
  }

  private final Format format;
  private final PrintWriter out;
  private final boolean single;
  private long written;
  private boolean begun;

  /**
   * @param single whether exactly one customer is written ({@code get}): JSON then writes an object,
   *     not an array
   */
  CustomerWriter(Format format, PrintWriter out, boolean single) {
    this.format = format;
    this.out = out;
    this.single = single;
  }

  private void begin() {
    begun = true;
    switch (format) {
      case table -> out.println(tableRow(TABLE_COLUMNS.stream().map(Column::name).toList()));
      case csv -> out.print(csvRow(CSV_COLUMNS.stream().map(Column::name).toList()));
      case json -> {
        if (!single) {
          out.print("[");
        }
      }
      case ndjson -> { }
    }
  }

  void write(Customer customer) {
    if (!begun) {
      begin();
    }
    switch (format) {
      case table -> out.println(tableRow(TABLE_COLUMNS.stream().map(c -> c.value().apply(customer)).toList()));
      case csv -> out.print(csvRow(CSV_COLUMNS.stream().map(c -> c.value().apply(customer)).toList()));
      case ndjson -> out.println(JSON.toJson(customer));
      case json -> out.print((single ? "" : (written == 0 ? "\n  " : ",\n  ")) + JSON.toJson(customer));
    }
    written++;
  }

  void end() {
    if (!begun) {
      begin();
    }
    if (format == Format.json) {
      out.println(single ? "" : (written == 0 ? "]" : "\n]"));
    }
    out.flush();
  }

  long written() {
    return written;
  }

  private static String tableRow(List<String> values) {
    StringBuilder row = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      int width = TABLE_COLUMNS.get(i).width();
      String value = values.get(i) == null ? "" : values.get(i).replaceAll("\\s+", " ");
      if (value.length() > width) {
        value = value.substring(0, width - 1) + "…";
      }
      row.append(i == values.size() - 1 ? value : String.format("%-" + width + "s  ", value));
    }
    return row.toString().stripTrailing();
  }

  private static String csvRow(List<String> values) {
    StringBuilder row = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        row.append(',');
      }
      String value = values.get(i) == null ? "" : values.get(i);
      if (value.matches("(?s).*[\",\r\n].*") || !value.equals(value.strip())) {
        value = '"' + value.replace("\"", "\"\"") + '"';
      }
      row.append(value);
    }
    return row.append("\r\n").toString();
  }

  private static String address(Customer customer, Function<Address, String> part) {
    return customer.getAddress() == null ? null : part.apply(customer.getAddress());
  }

  private static String timestamp(OffsetDateTime time) {
    return time == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
  }
}
