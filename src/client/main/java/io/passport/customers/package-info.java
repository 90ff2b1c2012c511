/**
 * The Passport PaaS customers client: {@link io.passport.customers.PassportCustomersClient} and the few
 * types it takes and gives. Null contracts are JSpecify's: everything here is non-null unless marked
 * {@link org.jspecify.annotations.Nullable @Nullable} (classes not yet annotated say so with {@link
 * org.jspecify.annotations.NullUnmarked @NullUnmarked}; none of them is public).
 */
@NullMarked
package io.passport.customers;

import org.jspecify.annotations.NullMarked;
