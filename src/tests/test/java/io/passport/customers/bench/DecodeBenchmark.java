package io.passport.customers.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.squareup.moshi.JsonAdapter;
import io.passport.customers.internal.ApiJson;
import io.passport.customers.model.ListCustomersResponse;
import io.passport.customers.sandbox.PassportSandbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decoding one 100-customer page (as the sandbox serves it) into the generated models: with the
 * project's Moshi configuration, and with Jackson as the reference (snake_case naming, java.time,
 * unknown fields ignored).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DecodeBenchmark {
  private byte[] page;
  private JsonAdapter<ListCustomersResponse> moshi;
  private ObjectMapper jackson;

  @Setup
  public void setUp() throws IOException {
    try (PassportSandbox sandbox = PassportSandbox.builder().customers(100).seed(7).start();
        Response response = new OkHttpClient().newCall(new Request.Builder()
            .url(sandbox.baseUrl() + "v1/customers?page_params.page_size=100")
            .header("Authorization", "Bearer " + PassportSandbox.STATIC_TOKEN).build()).execute()) {
      page = response.body().bytes();
    }
    moshi = ApiJson.moshi().adapter(ListCustomersResponse.class);
    jackson = new ObjectMapper()
        .setPropertyNamingStrategy(new WireNames())
        .registerModule(new JavaTimeModule())
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    ListCustomersResponse viaMoshi = moshiDecode();
    ListCustomersResponse viaJackson = jacksonDecode();
    if (viaMoshi.getCustomers().size() != 100 || !viaMoshi.equals(viaJackson)) {
      throw new IllegalStateException("Moshi and Jackson disagree on the page: " + new String(page, StandardCharsets.UTF_8));
    }
  }

  /** Jackson's SNAKE_CASE keeps {@code line1}; the API says {@code line_1}. */
  static final class WireNames extends PropertyNamingStrategies.NamingBase {
    private static final long serialVersionUID = 1L;

    @Override
    public String translate(String name) {
      return name.replaceAll("([a-z])([A-Z0-9])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
  }

  @Benchmark
  public ListCustomersResponse moshiDecode() throws IOException {
    return moshi.fromJson(new Buffer().write(page));
  }

  @Benchmark
  public ListCustomersResponse jacksonDecode() throws IOException {
    return jackson.readValue(page, ListCustomersResponse.class);
  }
}
