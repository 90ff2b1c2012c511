/**
 * The client's runtime, behind the public types of {@code io.passport.customers}: the retry loop
 * ({@link io.passport.customers.internal.RetryLoop}), the rate-limit throttle and windows, token
 * fetching, call scopes, the listing's page iterator and contract, events for the listener, body limits,
 * and helpers shared with the sandbox and the command-line tool. Not an API: its types are public only
 * so that {@code io.passport.customers} (and the project's own modules and tests) can use them; anything
 * here may change in any release, and the API gate (japicmp) and the Javadoc leave this package out.
 * What the runtime needs of the public types' non-API members it gets through {@link
 * io.passport.customers.internal.Internal}; tests reach the client's seams through {@link
 * io.passport.customers.internal.TestHooks}. Non-null unless marked {@link org.jspecify.annotations.Nullable
 * @Nullable} (classes not yet annotated say so with {@link org.jspecify.annotations.NullUnmarked
 * @NullUnmarked}).
 */
@NullMarked
package io.passport.customers.internal;

import org.jspecify.annotations.NullMarked;
