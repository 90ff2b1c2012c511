/**
 * The Passport PaaS customers client's API: {@link io.passport.customers.PassportCustomersClient} and the
 * few types it takes and gives. Everything else the client runs on is in {@code
 * io.passport.customers.internal}, which is not an API. Null contracts are JSpecify's: everything here is
 * non-null unless marked {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package io.passport.customers;

import org.jspecify.annotations.NullMarked;
