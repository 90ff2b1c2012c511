// Smoke of the STOCK Kotlin client (openapi-generator-cli generate -g kotlin --package-name io.passport.stock,
// nothing else set: jvm-okhttp4 with Moshi) against the sandbox or scripts/variant-server.py: every List
// Customers feature, as a team that generated its own client would use it. Exit 1 on the first failure.
//
//   java -cp target/stock-kotlin/classes:$(cat target/stock-kotlin/classpath.txt) \
//     io.passport.stock.smoke.StockSmokeKt BASE_URL sandbox|variant
//
// first_request_timestamp is a String in the spec and so in the client: the pin is parsed from its text by
// the spec's rule (no zone suffix means UTC; java.time keeps all nine fraction digits).
package io.passport.stock.smoke

import io.passport.stock.apis.CustomersApi
import io.passport.stock.apis.CustomersApi.OrderParamsOrderKeyListCustomers
import io.passport.stock.infrastructure.ClientError
import io.passport.stock.infrastructure.ClientException
import io.passport.stock.infrastructure.Serializer
import io.passport.stock.infrastructure.ServerError
import io.passport.stock.infrastructure.ServerException
import io.passport.stock.models.ErrorResponse
import io.passport.stock.models.OrderDirection
import java.time.Instant
import java.time.LocalDateTime
import java.time.OffsetDateTime
import java.time.ZoneOffset
import java.time.format.DateTimeParseException
import kotlin.system.exitProcess

private class SmokeFailure(message: String) : Exception(message)

private fun check(ok: Boolean, message: () -> String) {
    if (!ok) throw SmokeFailure(message())
}

private fun pin(text: String?): Instant = try {
    OffsetDateTime.parse(text ?: "").toInstant()
} catch (e: DateTimeParseException) {
    try {
        LocalDateTime.parse(text ?: "").toInstant(ZoneOffset.UTC)
    } catch (e2: DateTimeParseException) {
        throw SmokeFailure("first_request_timestamp \"$text\" is not the spec's form")
    }
}

/** The status and body of the error response [call] must end in. */
private fun errorOf(call: () -> Unit): Pair<Int, String> {
    try {
        call()
    } catch (e: ClientException) {
        return e.statusCode to ((e.response as? ClientError<*>)?.body?.toString() ?: "")
    } catch (e: ServerException) {
        return e.statusCode to ((e.response as? ServerError<*>)?.body?.toString() ?: "")
    }
    throw SmokeFailure("an error response was taken for a page")
}

private fun errorCode(body: String): Any? = Serializer.moshi.adapter(ErrorResponse::class.java).fromJson(body)?.code

private fun run(baseUrl: String, variant: Boolean): String {
    for ((text, seconds, nanos) in listOf(Triple("2023-03-29T02:12:15", 1_680_055_935L, 0),
        Triple("2025-10-09T12:35:17.000000001-05:00", 1_760_031_317L, 1),
        Triple("2025-10-09T17:35:17.123456789Z", 1_760_031_317L, 123_456_789))) {
        check(pin(text).epochSecond == seconds && pin(text).nano == nanos) { "$text pinned as ${pin(text)}" }
    }
    val base = baseUrl.trimEnd('/')
    val api = CustomersApi(base).apply { accessTokenProvider = { "sandbox-token" } }
    val size = if (variant) 3 else 40
    val first = api.listCustomers(pageParamsPageSize = size, pageParamsPageNumber = 1)
    val stamp = first.paginationInfo?.firstRequestTimestamp
    val snapshot = pin(stamp)
    val total = first.paginationInfo?.totalElements ?: 0L
    val pages = first.paginationInfo?.totalPages ?: 0
    check(total > 0 && pages.toLong() == (total + size - 1) / size) { "$total customers in $pages pages of $size?" }
    val ids = first.customers.orEmpty().map { it.id ?: "" }.toMutableList()
    for (page in 2..pages) {
        val next = api.listCustomers(pageParamsPageSize = size, pageParamsPageNumber = page,
            pageParamsFirstRequestTimestampSeconds = snapshot.epochSecond, pageParamsFirstRequestTimestampNanos = snapshot.nano)
        check(next.paginationInfo?.currentPage == page) { "asked for page $page" }
        check(pin(next.paginationInfo?.firstRequestTimestamp) == snapshot) { "page $page left the snapshot" }
        ids += next.customers.orEmpty().map { it.id ?: "" }
    }
    check(ids.size.toLong() == total && ids.toSet().size.toLong() == total) { "listed ${ids.size} (${ids.toSet().size} distinct) of $total" }

    val ordered = api.listCustomers(pageParamsPageSize = 5, orderParamsOrderKey = OrderParamsOrderKeyListCustomers.business_name,
        orderParamsOrderDirection = OrderDirection.DESC).customers.orEmpty()
    check(ordered.size == 5) { "an ordered page of 5 has ${ordered.size}" }
    if (variant) {
        val names = ordered.map { it.businessName ?: "" }
        check(names == names.sortedDescending()) { "business_name DESC came back as $names" }
    }
    val nit = api.listCustomers(pageParamsPageSize = 100, identificationType = "NIT").customers.orEmpty()
    check(nit.isNotEmpty() && nit.all { it.identificationType == "NIT" }) { "identification_type=NIT let others through" }
    val one = api.listCustomers(customerId = ids[0]).customers.orEmpty()
    check(one.size == 1 && one[0].id == ids[0]) { "customer_id=${ids[0]} gave ${one.size} customers" }
    val byNumber = api.listCustomers(identificationNumber = one[0].identificationNumber).customers.orEmpty()
    check(byNumber.any { it.id == ids[0] }) { "identification_number filter missed its customer" }

    if (!variant) {
        val wrong = CustomersApi(base).apply { accessTokenProvider = { "wrong-token" } }
        val (status, body) = errorOf { wrong.listCustomers() }
        val code = errorCode(body)
        check(status == 401 && code is String) { "a wrong token gave $status $body" }
        return "sandbox ok: $total customers in $pages pages pinned to $stamp, order, 3 filters, 401 with code $code"
    }
    check(stamp == "2023-03-29T02:12:15.123456789") { "the zone-less text was not kept: $stamp" }
    val every = api.listCustomers(pageParamsPageSize = 100).customers.orEmpty()
    val statuses = every.map { it.status }.toSet()
    check(statuses.containsAll(listOf("UNDER_REVIEW", "SUSPENDED_BY_RISK", null))) { "unknown or absent statuses lost: $statuses" }
    check(every.any { it.type == "PERSON" }) { "an unknown type was lost" }
    val empty = api.listCustomers(identificationType = "NONE")
    check(empty.customers.isNullOrEmpty() && (empty.paginationInfo?.totalElements ?: 0L) == 0L) { "an empty page is not empty" }
    val (gatewayStatus, gatewayBody) = errorOf { api.listCustomers(identificationNumber = "gateway-error") }
    check(gatewayStatus == 400 && errorCode(gatewayBody) == 3.0) { "the gateway error read as $gatewayStatus $gatewayBody" }
    val (htmlStatus, htmlBody) = errorOf { api.listCustomers(identificationNumber = "html-error") }
    check(htmlStatus == 500 && htmlBody.contains("<html")) { "the HTML 500 read as $htmlStatus $htmlBody" }
    return "variant ok: zone-less snapshot $stamp pinned to ${snapshot.epochSecond} s + ${snapshot.nano} ns, " +
        "unknown fields and values kept, zero values absent, gateway code 3, HTML 500"
}

fun main(args: Array<String>) {
    if (args.size != 2 || args[1] !in setOf("sandbox", "variant")) {
        System.err.println("usage: StockSmokeKt BASE_URL sandbox|variant")
        exitProcess(2)
    }
    try {
        println("kotlin stock client: " + run(args[0], args[1] == "variant"))
    } catch (e: SmokeFailure) {
        System.err.println("kotlin stock client: ${e.message}")
        exitProcess(1)
    }
}
