package io.passport.customers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/** What the client says at build() when the application's classpath has an OkHttp or okio it cannot run on. */
class RuntimeRequirementsTest {
  @Test
  void theBuildsOwnOkHttpAndOkioPass() {
    assertThatCode(RuntimeRequirements::check).doesNotThrowAnyException();
    assertThat(RuntimeRequirements.problem("5.5.1", true)).isNull();
    assertThat(RuntimeRequirements.problem("5.9.0", true)).isNull();
  }

  @Test
  void okHttpFourIsNamedWithTheVersionFoundAndTheOneNeeded() {
    assertThat(RuntimeRequirements.problem("4.12.0", true))
        .contains("needs OkHttp 5", "okhttp-jvm:" + BuildInfo.okHttpVersion(), "the classpath has OkHttp 4.12.0",
            "remove the application's com.squareup.okhttp3:okhttp 4.12.0 dependency")
        .doesNotContain("\n");
  }

  @Test
  void anOlderOkioIsNamedWithTheVersionNeeded() {
    assertThat(RuntimeRequirements.problem("5.5.1", false))
        .contains("okio " + BuildInfo.okioVersion() + " or later", "an older okio", "com.squareup.okio:okio-jvm")
        .doesNotContain("\n");
  }

  @Test
  void theVersionsNamedAreTheOnesThisBuildRunsItsTestsWith() throws Exception {
    assertThat(BuildInfo.version()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    assertThat(BuildInfo.okHttpVersion()).isEqualTo(okhttp3.OkHttp.class.getField("VERSION").get(null));
    assertThat(BuildInfo.okioVersion()).matches("3\\.\\d+\\.\\d+");
  }
}
