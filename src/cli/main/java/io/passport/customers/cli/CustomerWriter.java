package io.passport.customers.cli;

import com.squareup.moshi.JsonAdapter;
import io.passport.customers.internal.ApiJson;
import io.passport.customers.model.Address;
import io.passport.customers.model.Customer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;

/**
 * Writes customers one at a time in one of the tool's formats, as UTF-8 bytes, so that a listing of
 * any length streams through without being held: {@link #write} each customer, then {@link #end}. The
 * header (or the opening bracket) is written with the first customer, so a call that fails before any
 * customer arrives writes nothing. Write errors are thrown, never swallowed.
 *
 * <p>{@code json} and {@code ndjson} write each customer's JSON as the API sent it when it is given
 * (see {@link RawResponses}); {@code table} escapes what a terminal would act on ({@link
 * TerminalText}); {@code csv} neutralises formula-like cells unless told not to ({@link CsvCells}).
 * Not thread-safe.
 */
final class CustomerWriter {
  /** The output formats. */
  enum Format {
    /** Aligned columns for people; terminal-safe. */
    table,
    /** One JSON array (one object for {@code get}), each customer as the API sent it. */
    json,
    /** One JSON object a line, as the API sent it, with the API's own snake_case names. */
    ndjson,
    /** RFC 4180 CSV with a header; the address flattened into columns; formulas neutralised. */
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
  private final OutputStream out;
  private final boolean single;
  private final boolean neutraliseCsv;
  private long written;
  private boolean begun;

  /**
   * @param single whether exactly one customer is written ({@code get}): JSON then writes an object,
   *     not an array
   * @param neutraliseCsv whether CSV cells that look like formulas get a leading apostrophe
   */
  CustomerWriter(Format format, OutputStream out, boolean single, boolean neutraliseCsv) {
    this.format = format;
    this.out = out;
    this.single = single;
    this.neutraliseCsv = neutraliseCsv;
  }

  /** Continues output that already holds {@code customers} customers (and the header): for {@code --resume}. */
  void resumeAfter(long customers) {
    this.begun = customers > 0;
    this.written = customers;
  }

  private void begin() throws IOException {
    begun = true;
    switch (format) {
      case table -> print(tableRow(TABLE_COLUMNS.stream().map(Column::name).toList()) + "\n");
      case csv -> print(csvRow(CSV_COLUMNS.stream().map(Column::name).toList()));
      case json -> {
        if (!single) {
          print("[");
        }
      }
      case ndjson -> { }
    }
  }

  /**
   * Writes one customer.
   *
   * @param raw the customer's JSON as the API sent it, on one line; null to write the model's JSON
   */
  void write(Customer customer, byte[] raw) throws IOException {
    if (!begun) {
      begin();
    }
    switch (format) {
      case table -> print(tableRow(TABLE_COLUMNS.stream().map(c -> c.value().apply(customer)).toList()) + "\n");
      case csv -> print(csvRow(CSV_COLUMNS.stream().map(c -> c.value().apply(customer)).toList()));
      case ndjson -> {
        json(customer, raw);
        print("\n");
      }
      case json -> {
        print(single ? "" : (written == 0 ? "\n  " : ",\n  "));
        json(customer, raw);
      }
    }
    written++;
  }

  /** Writes what closes the output (the JSON array's bracket; the header of an empty table or CSV). */
  void end() throws IOException {
    if (!begun) {
      begin();
    }
    if (format == Format.json) {
      print(single ? "\n" : (written == 0 ? "]\n" : "\n]\n"));
    }
  }

  long written() {
    return written;
  }

  private void json(Customer customer, byte[] raw) throws IOException {
    if (raw != null) {
      out.write(raw);
    } else {
      print(JSON.toJson(customer));
    }
  }

  private void print(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String tableRow(List<String> values) {
    StringBuilder row = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      boolean last = i == values.size() - 1;
      row.append(TerminalText.fit(values.get(i), TABLE_COLUMNS.get(i).width(), !last));
      if (!last) {
        row.append("  ");
      }
    }
    return row.toString().stripTrailing();
  }

  private String csvRow(List<String> values) {
    StringBuilder row = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        row.append(',');
      }
      row.append(CsvCells.cell(values.get(i), neutraliseCsv));
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
