package io.passport.customers;

/** The Passport PaaS hosts a client can talk to. */
public enum Environment {
  /** Test data and test credentials: {@code https://api.paas.sandbox.co.passportfintech.com/}. */
  SANDBOX("https://api.paas.sandbox.co.passportfintech.com/"),
  /** Live data: {@code https://api.paas.co.passportfintech.com/}. */
  PRODUCTION("https://api.paas.co.passportfintech.com/");

  private final String baseUrl;

  Environment(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** {@return the base URL, ending in {@code /}} */
  public String baseUrl() {
    return baseUrl;
  }
}
