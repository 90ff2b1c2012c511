/**
 * OpenTelemetry traces and metrics for the Passport PaaS customers client: {@link
 * io.passport.customers.opentelemetry.PassportOpenTelemetry}, a {@link
 * io.passport.customers.PassportListener}.
 */
@NullMarked
package io.passport.customers.opentelemetry;

import org.jspecify.annotations.NullMarked;
