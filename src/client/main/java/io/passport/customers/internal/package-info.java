/**
 * Internals shared by the client, the sandbox and the command-line tool; not an API, and may change in
 * any release. Non-null unless marked {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package io.passport.customers.internal;

import org.jspecify.annotations.NullMarked;
