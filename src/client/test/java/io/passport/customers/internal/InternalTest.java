package io.passport.customers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InternalTest {
  @Test
  void theBridgeIsInstalledOnceAndASecondInstallIsRefusedKeepingTheFirst() {
    Internal.Bridge installed = Internal.bridge(); // initializes the client, which installs its bridge

    assertThatThrownBy(() -> Internal.install(installed))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("installed already");
    assertThat(Internal.bridge()).isSameAs(installed);
  }

  @Test
  void aNullBridgeIsRefusedByName() {
    assertThatThrownBy(() -> Internal.install(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("installed");
  }
}
