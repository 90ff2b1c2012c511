package io.passport.customers.internal;

import java.net.Socket;
import java.security.CodeSource;
import org.jspecify.annotations.Nullable;

/**
 * Checks, once per client built, that the OkHttp and okio classes on the classpath are ones this client
 * can run on. An application that also depends on OkHttp 4 ({@code com.squareup.okhttp3:okhttp:4.x},
 * whose classes share OkHttp 5's names) or pins an older okio would otherwise fail later, on the first
 * call, with a {@link NoSuchMethodError} deep inside OkHttp; this turns that into one clear message at
 * {@code build()}. Stateless and thread-safe.
 */
public final class RuntimeRequirements {
  private RuntimeRequirements() {}

  /**
   * Throws if the classpath cannot run this client.
   *
   * @throws IllegalStateException naming what was found, what is needed, and how to fix the build
   */
  public static void check() {
    String problem = problem(loadedOkHttpVersion(), okioHasSocketAdapter());
    if (problem != null) {
      throw new IllegalStateException(problem + " (OkHttp classes loaded from " + origin(okhttp3.OkHttp.class)
          + ", okio classes from " + origin(okio.Buffer.class) + ")");
    }
  }

  /**
   * {@return what is wrong with this OkHttp version and okio, or null when nothing is}
   *
   * @param okHttpVersion {@code okhttp3.OkHttp.VERSION} as loaded
   * @param okioHasSocketAdapter whether okio has {@code Okio.socket(java.net.Socket)}, which OkHttp 5 calls
   */
  static @Nullable String problem(String okHttpVersion, boolean okioHasSocketAdapter) {
    String needs = "passport-customers " + BuildInfo.version() + " needs OkHttp 5 (com.squareup.okhttp3:okhttp-jvm:"
        + BuildInfo.okHttpVersion() + " or a later 5.x) and okio " + BuildInfo.okioVersion() + " or later";
    if (!okHttpVersion.startsWith("5.")) {
      return needs + ", but the classpath has OkHttp " + okHttpVersion
          + ": remove the application's com.squareup.okhttp3:okhttp " + okHttpVersion
          + " dependency (or an OkHttp BOM that pins it), or run the client in its own class loader";
    }
    if (!okioHasSocketAdapter) {
      return needs + ", but the classpath has an older okio"
          + ": remove the version the application pins for com.squareup.okio:okio-jvm, or raise it to "
          + BuildInfo.okioVersion();
    }
    return null;
  }

  /** Read reflectively: the constant would otherwise be compiled into this class as the build's version. */
  private static String loadedOkHttpVersion() {
    try {
      return String.valueOf(okhttp3.OkHttp.class.getField("VERSION").get(null));
    } catch (ReflectiveOperationException e) {
      return "unknown";
    }
  }

  private static boolean okioHasSocketAdapter() {
    try {
      okio.Okio.class.getMethod("socket", Socket.class);
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static String origin(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    return source == null || source.getLocation() == null ? "an unknown place" : source.getLocation().toString();
  }
}
