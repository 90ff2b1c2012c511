package com.example.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.passport.customers.PassportCustomersClient;
import org.junit.jupiter.api.Test;

class OkHttp4AppTest {
  @Test
  void theApplicationsOwnOkHttp4IsTheOneLoaded() throws Exception {
    assertEquals("4.12.0", okhttp3.OkHttp.class.getField("VERSION").get(null));
  }

  @Test
  void buildingAClientSaysWhichOkHttpWasFoundAndWhichIsNeeded() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> PassportCustomersClient.builder()
        .baseUrl("http://127.0.0.1:9/")
        .accessToken("not-used")
        .build());

    String message = e.getMessage();
    assertTrue(message.contains("needs OkHttp 5"), message);
    assertTrue(message.contains("the classpath has OkHttp 4.12.0"), message);
    assertTrue(message.contains("okhttp-4.12.0.jar"), "names the jar it came from: " + message);
    assertFalse(message.contains("not-used"), "never the token: " + message);
    assertFalse(message.contains("\n"), message);
  }
}
