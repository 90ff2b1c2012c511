package io.passport.customers.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What this build of the client was made and tested with, from {@code version.properties} (filled in
 * by Maven): its own version and the OkHttp and okio versions it needs. Immutable.
 */
public final class BuildInfo {
  private static final Properties PROPERTIES = load();

  private BuildInfo() {}

  /** {@return this client's version, e.g. {@code 0.1.0}} */
  public static String version() {
    return PROPERTIES.getProperty("version");
  }

  /** {@return the OkHttp version this client is built and tested with} */
  public static String okHttpVersion() {
    return PROPERTIES.getProperty("okhttp");
  }

  /** {@return the okio version this client is built and tested with} */
  public static String okioVersion() {
    return PROPERTIES.getProperty("okio");
  }

  private static Properties load() {
    try (InputStream in = BuildInfo.class.getResourceAsStream("/io/passport/customers/version.properties")) {
      if (in == null) {
        throw new IllegalStateException("io/passport/customers/version.properties is missing from the client jar");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
