// Smoke test of the GENERATED Kotlin client (target/generated-clients/kotlin) against a running sandbox,
// the Kotlin twin of smoke/typescript/list-all-customers.ts: every customer, page by page, pinned to page
// 1's snapshot; exit 1 unless the count equals total_elements, no id repeats and every page came from
// that snapshot. Compiled with the client by ./mvnw -Pclients process-classes.
//
//   java -cp target/kotlin-client-classes:$(cat target/kotlin-client.classpath) \
//     io.passport.customers.kotlin.smoke.ListAllCustomersKt BASE_URL [PAGE_SIZE] [TOKEN]
package io.passport.customers.kotlin.smoke

import io.passport.customers.kotlin.apis.CustomersApi
import io.passport.customers.kotlin.infrastructure.ApiClient
import io.passport.customers.kotlin.models.ListCustomersResponse
import kotlin.system.exitProcess

private class SmokeFailure(message: String) : Exception(message)

private fun check(condition: Boolean, message: () -> String) {
    if (!condition) throw SmokeFailure(message())
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

fun main(args: Array<String>) {
    if (args.isEmpty()) {
        System.err.println("usage: ListAllCustomersKt BASE_URL [PAGE_SIZE] [TOKEN]")
        exitProcess(2)
    }
    val pageSize = args.getOrNull(1)?.toInt() ?: 30
    val client = ApiClient(baseUrl = args[0], authName = "bearerAuth", bearerToken = args.getOrNull(2) ?: "sandbox-token")
    val api = client.createService(CustomersApi::class.java)
    try {
        val first = fetch(api, pageSize, 1, null, null)
        val info = first.paginationInfo ?: throw SmokeFailure("page 1 has no pagination_info")
        // java.time keeps nanoseconds: the pin is exact without any text handling.
        val snapshot = info.firstRequestTimestamp?.toInstant() ?: throw SmokeFailure("page 1 has no first_request_timestamp")
        val total = info.totalElements ?: 0L
        val totalPages = info.totalPages ?: 0
        check(total > 0) { "the sandbox has no customers" }
        check(totalPages.toLong() == (total + pageSize - 1) / pageSize) { "$total customers make $totalPages pages of $pageSize?" }

        val ids = HashSet<String>()
        var count = 0L
        fun take(page: Int, response: ListCustomersResponse) {
            for (customer in response.customers.orEmpty()) {
                val id = customer.id ?: throw SmokeFailure("a customer on page $page has no id")
                check(ids.add(id)) { "customer $id is listed twice (again on page $page)" }
                count++
            }
        }
        take(1, first)
        for (page in 2..totalPages) {
            val next = fetch(api, pageSize, page, snapshot.epochSecond, snapshot.nano)
            val nextInfo = next.paginationInfo
            check(nextInfo?.currentPage == page) { "asked for page $page, got ${nextInfo?.currentPage}" }
            check(nextInfo?.totalElements == total) { "page $page counts ${nextInfo?.totalElements}, page 1 counted $total" }
            check(nextInfo?.firstRequestTimestamp?.toInstant() == snapshot) {
                "page $page came from snapshot ${nextInfo?.firstRequestTimestamp}, not page 1's $snapshot"
            }
            check(!next.customers.isNullOrEmpty()) { "page $page of $totalPages is empty" }
            take(page, next)
        }
        check(count == total) { "listed $count customers, but pagination_info.total_elements is $total" }
        println("kotlin client: listed $count customers = total_elements in $totalPages pages of $pageSize, " +
            "pinned to $snapshot (seconds ${snapshot.epochSecond}, nanos ${snapshot.nano}), no id twice")
    } catch (e: SmokeFailure) {
        System.err.println("kotlin client: ${e.message}")
        exitProcess(1)
    }
}
