/**
 * Micrometer meters for the Passport PaaS customers client: {@link
 * io.passport.customers.micrometer.PassportMicrometer}, a {@link io.passport.customers.PassportListener}.
 */
@NullMarked
package io.passport.customers.micrometer;

import org.jspecify.annotations.NullMarked;
