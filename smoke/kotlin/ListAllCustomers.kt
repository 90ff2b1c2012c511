// Smoke test of the GENERATED Kotlin client (target/generated-clients/kotlin) against a running sandbox,
// the Kotlin twin of smoke/typescript/list-all-customers.ts: every customer, page by page, pinned to page
// 1's snapshot; exit 1 unless the count equals total_elements, no id repeats and every page came from
// that snapshot. Compiled with the client by ./mvnw -Pclients process-classes.
//
//   java -cp target/kotlin-client-classes:$(cat target/kotlin-client.classpath) \
//     io.passport.customers.kotlin.smoke.ListAllCustomersKt BASE_URL [PAGE_SIZE] [TOKEN] [sandbox|contract]
//
// In contract mode (pact-stub-server serving contracts/) the pages are the contract's examples, not a
// data set: the same example customer may stand on every page and total_pages need not fit the page
// size, so those two checks are left out; everything else holds.
package io.passport.customers.kotlin.smoke

import io.passport.customers.kotlin.apis.CustomersApi
import io.passport.customers.kotlin.infrastructure.ApiClient
import io.passport.customers.kotlin.infrastructure.Serializer
import io.passport.customers.kotlin.models.ListCustomersResponse
import java.time.Instant
import java.time.LocalDateTime
import java.time.OffsetDateTime
import java.time.ZoneOffset
import java.time.format.DateTimeParseException
import kotlin.system.exitProcess

private class SmokeFailure(message: String) : Exception(message)

private fun check(condition: Boolean, message: () -> String) {
    if (!condition) throw SmokeFailure(message())
}

/**
 * first_request_timestamp's text as an instant, by the spec's parse rule: the zone suffix is optional (none
 * means UTC); java.time keeps all nine fraction digits.
 */
private fun pin(text: String?): Instant? = text?.let {
    try {
        OffsetDateTime.parse(it).toInstant()
    } catch (e: DateTimeParseException) {
        try {
            LocalDateTime.parse(it).toInstant(ZoneOffset.UTC)
        } catch (e2: DateTimeParseException) {
            throw SmokeFailure("first_request_timestamp \"$it\" is not the spec's form")
        }
    }
}

/** Known answers for the parse rule, the provider's zone-less form among them. */
private fun checkConversion() {
    for ((text, seconds, nanos) in listOf(
        Triple("2025-10-09T17:35:17.864Z", 1_760_031_317L, 864_000_000),
        Triple("2025-10-09T12:35:17.000000001-05:00", 1_760_031_317L, 1),
        Triple("2023-03-29T02:12:15", 1_680_055_935L, 0),
        Triple("2025-10-09T17:35:17.123456789", 1_760_031_317L, 123_456_789),
    )) {
        val instant = pin(text)
        check(instant?.epochSecond == seconds && instant.nano == nanos) { "$text converted to $instant" }
    }
}

private fun fetch(api: CustomersApi, size: Int, page: Int, seconds: Long?, nanos: Int?): ListCustomersResponse {
    val response = api.listCustomers(
        pageParamsPageSize = size,
        pageParamsPageNumber = page,
        pageParamsFirstRequestTimestampSeconds = seconds,
        pageParamsFirstRequestTimestampNanos = nanos,
    ).execute()
    check(response.isSuccessful) { "page $page: HTTP ${response.code()} ${response.errorBody()?.string()}" }
    return response.body() ?: throw SmokeFailure("page $page: no body")
}

/** The generated decoder keeps values it has never seen, skips fields it does not know, keeps nanoseconds. */
private fun checkTolerance() {
    val page = Serializer.moshi.adapter(ListCustomersResponse::class.java).fromJson(
        """{"customers": [{"id": "c-1", "status": "UNDER_REVIEW", "type": "PERSON", "loyalty_tier": "gold",
                           "address": {"country": "CO", "geo": {}}}],
            "pagination_info": {"first_request_timestamp": "2025-10-09T17:35:17.123456789Z",
                                "total_elements": 1, "next_token": "x"},
            "debug_info": {"shard": 7}}""",
    ) ?: throw SmokeFailure("the tolerance sample decoded to null")
    val customer = page.customers?.singleOrNull() ?: throw SmokeFailure("the tolerance sample has no customer")
    check(customer.id == "c-1" && customer.status == "UNDER_REVIEW" && customer.type == "PERSON") {
        "a new status or type was not kept as sent: $customer"
    }
    check(customer.address?.country == "CO") { "the address was lost next to an unknown field" }
    val stamp = pin(page.paginationInfo?.firstRequestTimestamp)
    check(stamp?.epochSecond == 1_760_031_317L && stamp.nano == 123_456_789) { "first_request_timestamp decoded as $stamp" }
}

fun main(args: Array<String>) {
    if (args.isEmpty()) {
        System.err.println("usage: ListAllCustomersKt BASE_URL [PAGE_SIZE] [TOKEN] [sandbox|contract]")
        exitProcess(2)
    }
    val pageSize = args.getOrNull(1)?.let { arg -> arg.toIntOrNull()?.takeIf { it in 1..100 } } ?: run {
        if (args.size > 1) {
            System.err.println("kotlin client: PAGE_SIZE must be a whole number from 1 to 100, but was ${args[1]}")
            exitProcess(2)
        }
        30
    }
    val mode = args.getOrNull(3) ?: "sandbox"
    if (mode != "sandbox" && mode != "contract") {
        System.err.println("kotlin client: MODE must be sandbox or contract, but was $mode")
        exitProcess(2)
    }
    val contract = mode == "contract"
    val client = ApiClient(baseUrl = args[0], authName = "bearerAuth", bearerToken = args.getOrNull(2) ?: "sandbox-token")
    val api = client.createService(CustomersApi::class.java)
    try {
        checkConversion()
        checkTolerance()
        val first = fetch(api, pageSize, 1, null, null)
        val info = first.paginationInfo ?: throw SmokeFailure("page 1 has no pagination_info")
        val snapshot = pin(info.firstRequestTimestamp) ?: throw SmokeFailure("page 1 has no first_request_timestamp")
        val total = info.totalElements ?: 0L
        val totalPages = info.totalPages ?: 0
        check(total > 0) { "the server has no customers" }
        check(contract || totalPages.toLong() == (total + pageSize - 1) / pageSize) { "$total customers make $totalPages pages of $pageSize?" }

        val ids = HashSet<String>()
        var count = 0L
        fun take(page: Int, response: ListCustomersResponse) {
            for (customer in response.customers.orEmpty()) {
                val id = customer.id ?: throw SmokeFailure("a customer on page $page has no id")
                check(ids.add(id) || contract) { "customer $id is listed twice (again on page $page)" }
                count++
            }
        }
        take(1, first)
        for (page in 2..totalPages) {
            val next = fetch(api, pageSize, page, snapshot.epochSecond, snapshot.nano)
            val nextInfo = next.paginationInfo
            check(nextInfo?.currentPage == page) { "asked for page $page, got ${nextInfo?.currentPage}" }
            check(nextInfo?.totalElements == total) { "page $page counts ${nextInfo?.totalElements}, page 1 counted $total" }
            check(pin(nextInfo?.firstRequestTimestamp) == snapshot) {
                "page $page came from snapshot ${nextInfo?.firstRequestTimestamp}, not page 1's $snapshot"
            }
            check(!next.customers.isNullOrEmpty()) { "page $page of $totalPages is empty" }
            take(page, next)
        }
        check(count == total) { "listed $count customers, but pagination_info.total_elements is $total" }
        val distinct = if (contract) "${ids.size} distinct ids (the contract's examples)" else "no id twice"
        println("kotlin client: listed $count customers = total_elements in $totalPages pages of $pageSize, " +
            "pinned to $snapshot (seconds ${snapshot.epochSecond}, nanos ${snapshot.nano}), $distinct")
    } catch (e: SmokeFailure) {
        System.err.println("kotlin client: ${e.message}")
        exitProcess(1)
    }
}
