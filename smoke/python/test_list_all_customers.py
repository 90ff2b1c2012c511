"""Smoke test of the GENERATED Python client (target/generated-clients/python, pydantic 2 on urllib3)
against a running sandbox or the contract stub, the Python twin of smoke/typescript/list-all-customers.ts:
every customer, page by page, pinned to page 1's snapshot; fails unless the count equals total_elements,
no id repeats and every page came from that snapshot.

    PASSPORT_BASE_URL=http://127.0.0.1:PORT/ [PASSPORT_PAGE_SIZE=30] [PASSPORT_TOKEN=sandbox-token] \
      [PASSPORT_MODE=sandbox|contract] target/python-venv/bin/python -m pytest smoke/python

The spec declares first_request_timestamp a string (its zone suffix is optional, and it carries up to
nine fraction digits), so the model keeps the server's text and the snapshot pin is split from it
exactly, by the spec's parse rule (to_seconds_and_nanos below). In contract mode (pact-stub-server serving contracts/) the
pages are the contract's examples, not a data set: the same example customer may stand on every page and
total_pages need not fit the page size, so those two checks are left out; everything else holds.
"""
import math
import os
import re

import pytest

from passport_customers import ApiClient, Configuration, CustomersApi
from passport_customers.models import ListCustomersResponse

REQUEST_TIMEOUT_SECONDS = 30
MAX_PAGES = 10_000  # a bound on the listing loop, far above any sandbox here

# RFC 3339 date-time; the zone suffix is optional because some servers leave it out (then it is UTC).
RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))?$")
DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def to_seconds_and_nanos(timestamp):
    """Epoch seconds and nanoseconds of an RFC 3339 timestamp, exactly, from the text itself."""
    m = RFC3339.match(timestamp) if isinstance(timestamp, str) else None
    if m is None:
        raise ValueError(f"not an RFC 3339 timestamp: {timestamp!r}")
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    if not (1 <= month <= 12 and 1 <= day <= DAYS_IN_MONTH[month - 1] + (1 if month == 2 and leap else 0)
            and hour <= 23 and minute <= 59 and second <= 59):
        raise ValueError(f"timestamp out of range: {timestamp!r}")
    seconds = days_from_civil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second
    if m.group(9) is not None:
        offset = int(m.group(10)) * 3_600 + int(m.group(11)) * 60
        seconds += offset if m.group(9) == "-" else -offset  # UTC = local time - offset
    nanos = int((m.group(7) or "").ljust(9, "0"))  # the digits are the nanoseconds once padded to nine
    return seconds, nanos


def days_from_civil(year, month, day):
    """Days from 1970-01-01 to a proleptic Gregorian date (negative before it)."""
    y = year - 1 if month <= 2 else year
    era = y // 400
    year_of_era = y - era * 400
    day_of_year = (153 * ((month + 9) % 12) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146_097 + day_of_era - 719_468


@pytest.mark.parametrize("text, seconds, nanos", [
    ("1970-01-01T00:00:00Z", 0, 0),
    ("2025-10-09T17:35:17.864Z", 1_760_031_317, 864_000_000),  # the spec's own example pair
    ("2025-10-09T12:35:17.000000001-05:00", 1_760_031_317, 1),
    ("2025-10-09T23:05:17.123456+05:30", 1_760_031_317, 123_456_000),
    ("2024-02-29T00:00:00.5", 1_709_164_800, 500_000_000),  # no zone: UTC
    ("2000-03-01t00:00:00z", 951_868_800, 0),
    ("1969-12-31T23:59:59.987654321Z", -1, 987_654_321),
    ("0001-01-01T00:00:00Z", -62_135_596_800, 0),  # the spec's minimum
    ("9999-12-31T23:59:59.999999999Z", 253_402_300_799, 999_999_999),  # and its maximum
])
def test_timestamp_text_converts_to_exact_seconds_and_nanos(text, seconds, nanos):
    assert to_seconds_and_nanos(text) == (seconds, nanos)


@pytest.mark.parametrize("text", [
    "2025-10-09", "2025-02-29T00:00:00Z", "2025-10-09T24:00:00Z", "2025-10-09T17:35:17.1234567890Z", None])
def test_malformed_timestamps_are_refused(text):
    with pytest.raises(ValueError):
        to_seconds_and_nanos(text)


def test_generated_decoder_keeps_unseen_values_and_unknown_fields():
    page = ListCustomersResponse.from_dict({
        "customers": [{"id": "c-1", "status": "UNDER_REVIEW", "type": "PERSON", "loyalty_tier": "gold",
                       "address": {"country": "CO", "geo": {}}}],
        "pagination_info": {"first_request_timestamp": "2025-10-09T17:35:17.123456789Z",
                            "total_elements": 1, "next_token": "x"},
        "debug_info": {"shard": 7},
    })
    customer = page.customers[0]
    assert (customer.id, customer.status, customer.type) == ("c-1", "UNDER_REVIEW", "PERSON")
    assert customer.additional_properties == {"loyalty_tier": "gold"}
    assert customer.address.country == "CO"
    assert page.additional_properties == {"debug_info": {"shard": 7}}
    # The model keeps the text as sent, all nine digits: the pin is split from it.
    assert page.pagination_info.first_request_timestamp == "2025-10-09T17:35:17.123456789Z"


@pytest.fixture(scope="module")
def settings():
    base_url = os.environ.get("PASSPORT_BASE_URL")
    if not base_url:
        pytest.fail("PASSPORT_BASE_URL is not set: give the base URL of a running sandbox or contract stub")
    page_size = int(os.environ.get("PASSPORT_PAGE_SIZE", "30"))
    if not 1 <= page_size <= 100:
        pytest.fail(f"PASSPORT_PAGE_SIZE must be from 1 to 100, but was {page_size}")
    mode = os.environ.get("PASSPORT_MODE", "sandbox")
    if mode not in ("sandbox", "contract"):
        pytest.fail(f"PASSPORT_MODE must be sandbox or contract, but was {mode!r}")
    return base_url.rstrip("/"), page_size, os.environ.get("PASSPORT_TOKEN", "sandbox-token"), mode


def test_lists_every_customer_pinned_to_page_ones_snapshot(settings):
    base_url, page_size, token, mode = settings
    contract = mode == "contract"
    with ApiClient(Configuration(host=base_url, access_token=token)) as client:
        api = CustomersApi(client)

        def fetch(page, pin=None):
            response = api.list_customers_with_http_info(
                page_params_page_size=page_size, page_params_page_number=page,
                page_params_first_request_timestamp_seconds=pin[0] if pin else None,
                page_params_first_request_timestamp_nanos=pin[1] if pin else None,
                _request_timeout=REQUEST_TIMEOUT_SECONDS)
            assert response.status_code == 200, f"page {page}: HTTP {response.status_code}"
            # The decoded page, and the snapshot's text as the server sent it (all nine digits).
            info = response.data.pagination_info
            return response.data, info.first_request_timestamp if info else None

        first, stamp = fetch(1)
        info = first.pagination_info
        assert info is not None and stamp is not None, "page 1 has no pagination_info.first_request_timestamp"
        pin = to_seconds_and_nanos(stamp)
        total, total_pages = info.total_elements or 0, info.total_pages or 0
        assert info.current_page == 1
        assert total > 0, "the server has no customers"
        assert total_pages <= MAX_PAGES
        if not contract:
            assert total_pages == math.ceil(total / page_size), \
                f"{total} customers in pages of {page_size} should be {math.ceil(total / page_size)} pages"

        ids, count = set(), 0

        def take(page, customers):
            nonlocal count
            for customer in customers or []:
                assert customer.id, f"a customer on page {page} has no id"
                assert contract or customer.id not in ids, f"customer {customer.id} is listed twice (page {page})"
                ids.add(customer.id)
                count += 1

        take(1, first.customers)
        for page in range(2, total_pages + 1):
            following, echoed = fetch(page, pin)
            following_info = following.pagination_info
            assert following_info.current_page == page
            assert following_info.total_elements == total, f"page {page} counts another total than page 1"
            assert to_seconds_and_nanos(echoed) == pin, f"page {page} came from snapshot {echoed}, not {stamp}"
            assert following.customers, f"page {page} of {total_pages} is empty"
            take(page, following.customers)

        assert count == total, f"listed {count} customers, but pagination_info.total_elements is {total}"
        distinct = f"{len(ids)} distinct ids (the contract's examples)" if contract else "no id twice"
        print(f"python client: listed {count} customers = total_elements in {total_pages} pages of {page_size},"
              f" pinned to {stamp} (seconds {pin[0]}, nanos {pin[1]}), {distinct}")
