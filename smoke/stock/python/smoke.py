"""Smoke of the STOCK Python client (openapi-generator-cli generate -g python --package-name
passport_customers_stock, nothing else set) against the sandbox or scripts/variant-server.py: every List
Customers feature, the way a team that generated its own client would use it. Exit 1 on the first failure,
naming it.

    python smoke/stock/python/smoke.py BASE_URL sandbox|variant

Features: page size and number, the snapshot pin (split from first_request_timestamp's text by the spec's
parse rule, so the zone-less form and nine fraction digits work), the order key and direction, the three
filters, and errors (sandbox: a 401 with the provider's string code; variant: the gateway's numeric code,
an HTML 500, unknown fields and enum values, zero values left out).
"""
import re
import sys

from passport_customers_stock import ApiClient, ApiException, Configuration, CustomersApi, OrderDirection

STAMP = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))?$")


def pin(text):
    """(seconds, nanos) of first_request_timestamp, exactly, by the spec's parse rule (no suffix: UTC)."""
    m = STAMP.match(text or "")
    if not m:
        fail(f"first_request_timestamp {text!r} is not the spec's form")
    y, mo, d, h, mi, s = (int(g) for g in m.groups()[:6])
    yy = y - 1 if mo <= 2 else y
    era, yoe = yy // 400, yy - (yy // 400) * 400
    doy = (153 * ((mo + 9) % 12) + 2) // 5 + d - 1
    days = era * 146_097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719_468
    seconds = days * 86_400 + h * 3_600 + mi * 60 + s
    if m.group(9):
        offset = int(m.group(10)) * 3_600 + int(m.group(11)) * 60
        seconds += offset if m.group(9) == "-" else -offset
    return seconds, int((m.group(7) or "").ljust(9, "0"))


def fail(message):
    print(f"python stock client: {message}", file=sys.stderr)
    sys.exit(1)


def check(ok, message):
    if not ok:
        fail(message)


def main(base_url, mode):
    variant = mode == "variant"
    for text, expected in [("2023-03-29T02:12:15", (1_680_055_935, 0)),
                           ("2025-10-09T12:35:17.000000001-05:00", (1_760_031_317, 1)),
                           ("2025-10-09T17:35:17.123456789Z", (1_760_031_317, 123_456_789))]:
        check(pin(text) == expected, f"{text} pinned as {pin(text)}, expected {expected}")
    size = 3 if variant else 40
    with ApiClient(Configuration(host=base_url.rstrip("/"), access_token="sandbox-token")) as client:
        api = CustomersApi(client)

        # Every customer, page by page, pinned to page 1's snapshot.
        first = api.list_customers(page_params_page_size=size, page_params_page_number=1, _request_timeout=30)
        info = first.pagination_info
        snapshot = pin(info.first_request_timestamp)
        total, pages = info.total_elements or 0, info.total_pages or 0
        check(total > 0 and pages == -(-total // size), f"{total} customers in {pages} pages of {size}?")
        ids = [c.id for c in first.customers or []]
        for number in range(2, pages + 1):
            page = api.list_customers(page_params_page_size=size, page_params_page_number=number,
                                      page_params_first_request_timestamp_seconds=snapshot[0],
                                      page_params_first_request_timestamp_nanos=snapshot[1], _request_timeout=30)
            check(page.pagination_info.current_page == number, f"asked for page {number}")
            check(pin(page.pagination_info.first_request_timestamp) == snapshot, f"page {number} left the snapshot")
            ids += [c.id for c in page.customers or []]
        check(len(ids) == total and len(set(ids)) == total, f"listed {len(ids)} ({len(set(ids))} distinct) of {total}")

        # Order key and direction.
        ordered = api.list_customers(page_params_page_size=5, order_params_order_key="business_name",
                                     order_params_order_direction=OrderDirection.DESC, _request_timeout=30).customers
        check(len(ordered or []) == 5, "an ordered page of 5 came back short")
        if variant:
            names = [c.business_name for c in ordered]
            check(names == sorted(names, reverse=True), f"business_name DESC came back as {names}")

        # The three filters.
        nit = api.list_customers(page_params_page_size=100, identification_type="NIT", _request_timeout=30).customers
        check(nit and all(c.identification_type == "NIT" for c in nit), "identification_type=NIT let others through")
        one = api.list_customers(customer_id=ids[0], _request_timeout=30).customers
        check([c.id for c in one or []] == [ids[0]], f"customer_id={ids[0]} gave {one}")
        by_number = api.list_customers(identification_number=one[0].identification_number, _request_timeout=30)
        check(ids[0] in [c.id for c in by_number.customers or []], "identification_number filter missed its customer")

        if not variant:
            try:
                CustomersApi(ApiClient(Configuration(host=base_url.rstrip("/"), access_token="wrong-token"))) \
                    .list_customers(_request_timeout=30)
                fail("a wrong token was accepted")
            except ApiException as e:
                check(e.status == 401 and isinstance(e.data.code, str), f"wrong token: {e.status} {e.data}")
                code = e.data.code
            print(f"python stock client: sandbox ok: {total} customers in {pages} pages pinned to {info.first_request_timestamp}, "
                  f"order, 3 filters, 401 with code {code!r}")
            return

        # Variant server: what the provider may do that the sandbox does not.
        check(info.first_request_timestamp == "2023-03-29T02:12:15.123456789", "the zone-less text was not kept")
        every = {c.id: c for c in api.list_customers(page_params_page_size=100, _request_timeout=30).customers}
        statuses = {c.status for c in every.values()}
        check({"UNDER_REVIEW", "SUSPENDED_BY_RISK", None} <= statuses, f"unknown or absent statuses lost: {statuses}")
        check("PERSON" in {c.type for c in every.values()}, "an unknown type was lost")
        empty = api.list_customers(identification_type="NONE", _request_timeout=30)
        check(not empty.customers and not empty.pagination_info.total_elements, "an empty page is not empty")
        try:
            api.list_customers(identification_number="gateway-error", _request_timeout=30)
            fail("the gateway error was taken for a page")
        except ApiException as e:
            check(e.status == 400 and e.data.code == 3, f"gateway error read as {e.status} {e.data}")
        try:
            api.list_customers(identification_number="html-error", _request_timeout=30)
            fail("an HTML 500 was taken for a page")
        except ApiException as e:
            check(e.status == 500 and "<html" in (e.body or "").lower(), f"HTML 500 read as {e.status} {e.body!r}")
        print(f"python stock client: variant ok: zone-less snapshot {info.first_request_timestamp} pinned to "
              f"{snapshot}, unknown fields and values kept, zero values absent, gateway code 3, HTML 500")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[2] not in ("sandbox", "variant"):
        print("usage: smoke.py BASE_URL sandbox|variant", file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1], sys.argv[2])
