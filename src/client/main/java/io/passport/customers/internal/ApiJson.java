package io.passport.customers.internal;

import com.squareup.moshi.Moshi;

/**
 * The one Moshi configuration every part of the project uses to read and write the API's JSON: the
 * generated models plus the {@link OffsetDateTimeAdapter}. Moshi ignores unknown fields and leaves
 * absent ones null, which is what a protobuf-backed API needs. The instance is immutable and
 * thread-safe; it caches adapters, so share it.
 */
public final class ApiJson {
  private static final Moshi MOSHI = new Moshi.Builder().add(new OffsetDateTimeAdapter()).build();

  private ApiJson() {}

  /** The shared Moshi instance. */
  public static Moshi moshi() {
    return MOSHI;
  }
}
