//! Smoke test of the GENERATED Rust client (target/generated-clients/rust, reqwest blocking) against a
//! running sandbox or the contract stub, the Rust twin of smoke/typescript/list-all-customers.ts: every
//! customer, page by page, pinned to page 1's snapshot; exit 1 unless the count equals total_elements,
//! no id repeats and every page came from that snapshot.
//!
//!     list-all-customers BASE_URL [PAGE_SIZE] [TOKEN] [sandbox|contract]
//!
//! In contract mode (pact-stub-server serving contracts/) the pages are the contract's examples, not a
//! data set: the same example customer may stand on every page and total_pages need not fit the page
//! size, so those two checks are left out; everything else holds.

use std::collections::HashSet;
use std::process::ExitCode;
use std::time::Duration;

use passport_customers_client::apis::configuration::Configuration;
use passport_customers_client::apis::customers_api::{list_customers, ListCustomersParams};
use passport_customers_client::apis::Error;
use passport_customers_client::models::ListCustomersResponse;

type Check<T> = Result<T, String>;

fn check(condition: bool, message: impl FnOnce() -> String) -> Check<()> {
    if condition { Ok(()) } else { Err(message()) }
}

/// Epoch seconds and nanoseconds of an RFC 3339 timestamp, exactly, from the text itself. The zone
/// suffix is optional (some servers leave it out; then it is UTC).
fn to_seconds_and_nanos(text: &str) -> Check<(i64, i32)> {
    let bad = || format!("not an RFC 3339 timestamp: {text:?}");
    let b = text.as_bytes();
    let digits = |from: usize, len: usize| -> Check<i64> {
        let part = b.get(from..from + len).ok_or_else(bad)?;
        check(part.iter().all(u8::is_ascii_digit), bad)?;
        Ok(part.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0')))
    };
    let (year, month, day) = (digits(0, 4)?, digits(5, 2)?, digits(8, 2)?);
    let (hour, minute, second) = (digits(11, 2)?, digits(14, 2)?, digits(17, 2)?);
    check(b.len() >= 19 && b[4] == b'-' && b[7] == b'-' && b[13] == b':' && b[16] == b':', bad)?;
    check(matches!(b[10], b'T' | b't' | b' '), bad)?;
    let mut i = 19;
    let mut nanos: i64 = 0;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let count = i - start;
        check((1..=9).contains(&count), bad)?;
        // The digits are the nanoseconds once padded to nine places.
        nanos = digits(start, count)? * 10i64.pow((9 - count) as u32);
    }
    let offset = match &b[i..] {
        [] | [b'Z'] | [b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let minutes = digits(i + 1, 2)? * 60 + digits(i + 4, 2)?;
            if *sign == b'-' { -minutes * 60 } else { minutes * 60 }
        }
        _ => return Err(bad()),
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    check((1..=12).contains(&month) && day >= 1 && day <= month_days[(month - 1).clamp(0, 11) as usize]
        && hour <= 23 && minute <= 59 && second <= 59, || format!("timestamp out of range: {text:?}"))?;
    // Days from 1970-01-01 to the proleptic Gregorian date (negative before it).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offset; // UTC = local - offset
    Ok((seconds, nanos as i32))
}

/// Known answers, checked before any request: a wrong conversion must not pass by luck.
fn check_conversion() -> Check<()> {
    let cases: [(&str, i64, i32); 9] = [
        ("1970-01-01T00:00:00Z", 0, 0),
        ("2025-10-09T17:35:17.864Z", 1_760_031_317, 864_000_000), // the spec's own example pair
        ("2025-10-09T12:35:17.000000001-05:00", 1_760_031_317, 1),
        ("2025-10-09T23:05:17.123456+05:30", 1_760_031_317, 123_456_000),
        ("2024-02-29T00:00:00.5", 1_709_164_800, 500_000_000), // no zone: UTC
        ("2000-03-01t00:00:00z", 951_868_800, 0),
        ("1969-12-31T23:59:59.987654321Z", -1, 987_654_321),
        ("0001-01-01T00:00:00Z", -62_135_596_800, 0), // the spec's minimum
        ("9999-12-31T23:59:59.999999999Z", 253_402_300_799, 999_999_999), // and its maximum
    ];
    for (text, seconds, nanos) in cases {
        let pin = to_seconds_and_nanos(text)?;
        check(pin == (seconds, nanos), || format!("{text} converted to {pin:?}, expected ({seconds}, {nanos})"))?;
    }
    for bad in ["2025-10-09", "2025-02-29T00:00:00Z", "2025-10-09T24:00:00Z", "2025-10-09T17:35:17.1234567890Z"] {
        check(to_seconds_and_nanos(bad).is_err(), || format!("{bad} should have been refused"))?;
    }
    Ok(())
}

/// The generated decoder keeps values it has never seen and skips fields it does not know.
fn check_tolerance() -> Check<()> {
    let page: ListCustomersResponse = serde_json::from_str(
        r#"{"customers": [{"id": "c-1", "status": "UNDER_REVIEW", "type": "PERSON", "loyalty_tier": "gold",
                           "address": {"country": "CO", "geo": {}}}],
            "pagination_info": {"first_request_timestamp": "2025-10-09T17:35:17.123456789Z",
                                "total_elements": 1, "next_token": "x"},
            "debug_info": {"shard": 7}}"#,
    )
    .map_err(|e| format!("a page with unknown fields and values does not decode: {e}"))?;
    let customer = page.customers.as_deref().and_then(<[_]>::first).ok_or("no customer decoded")?;
    check(customer.id.as_deref() == Some("c-1") && customer.status.as_deref() == Some("UNDER_REVIEW")
        && customer.r#type.as_deref() == Some("PERSON"), || format!("a new status or type was not kept: {customer:?}"))?;
    check(customer.address.as_ref().and_then(|a| a.country.as_deref()) == Some("CO"),
        || "the address was lost next to an unknown field".into())?;
    // A string, not a date type: all nine fraction digits survive for the snapshot pin.
    let stamp = page.pagination_info.and_then(|p| p.first_request_timestamp);
    check(stamp.as_deref() == Some("2025-10-09T17:35:17.123456789Z"), || format!("first_request_timestamp decoded as {stamp:?}"))
}

fn run(args: &[String]) -> Check<String> {
    let base_url = args.first().ok_or("usage: list-all-customers BASE_URL [PAGE_SIZE] [TOKEN] [sandbox|contract]")?;
    let page_size: i32 = match args.get(1) {
        None => 30,
        Some(s) => s.parse().ok().filter(|n| (1..=100).contains(n))
            .ok_or_else(|| format!("PAGE_SIZE must be a whole number from 1 to 100, but was {s:?}"))?,
    };
    let token = args.get(2).cloned().unwrap_or_else(|| "sandbox-token".into());
    let contract = match args.get(3).map(String::as_str) {
        None | Some("sandbox") => false,
        Some("contract") => true,
        Some(other) => return Err(format!("MODE must be sandbox or contract, but was {other:?}")),
    };
    check_conversion()?;
    check_tolerance()?;

    let mut config = Configuration::new();
    config.base_path = base_url.trim_end_matches('/').to_string();
    config.bearer_access_token = Some(token);
    config.client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| e.to_string())?;

    let fetch = |page: i32, pin: Option<(i64, i32)>| -> Check<ListCustomersResponse> {
        list_customers(&config, ListCustomersParams {
            page_params_page_size: Some(page_size),
            page_params_page_number: Some(page),
            page_params_first_request_timestamp_seconds: pin.map(|p| p.0),
            page_params_first_request_timestamp_nanos: pin.map(|p| p.1),
            order_params_order_key: None,
            order_params_order_direction: None,
            identification_number: None,
            customer_id: None,
            identification_type: None,
        })
        .map_err(|e| match e {
            Error::ResponseError(r) => format!("page {page}: HTTP {}: {}", r.status, r.content),
            other => format!("page {page}: {other}"),
        })
    };

    let first = fetch(1, None)?;
    let info = first.pagination_info.as_deref().ok_or("page 1 has no pagination_info")?;
    let stamp = info.first_request_timestamp.clone().ok_or("page 1 has no first_request_timestamp")?;
    let pin = to_seconds_and_nanos(&stamp)?;
    let total = info.total_elements.unwrap_or(0);
    let total_pages = info.total_pages.unwrap_or(0);
    check(info.current_page == Some(1), || format!("page 1 says it is page {:?}", info.current_page))?;
    check(total > 0, || "the server has no customers".into())?;
    let want_pages = (total + i64::from(page_size) - 1) / i64::from(page_size);
    check(contract || i64::from(total_pages) == want_pages,
        || format!("{total} customers in pages of {page_size} should be {want_pages} pages, not {total_pages}"))?;

    let mut ids = HashSet::new();
    let mut count: i64 = 0;
    let mut take = |page: i32, response: &ListCustomersResponse| -> Check<()> {
        for customer in response.customers.iter().flatten() {
            let id = customer.id.clone().filter(|id| !id.is_empty())
                .ok_or_else(|| format!("a customer on page {page} has no id"))?;
            let new = ids.insert(id.clone());
            check(contract || new, || format!("customer {id} is listed twice (again on page {page})"))?;
            count += 1;
        }
        Ok(())
    };
    take(1, &first)?;
    for page in 2..=total_pages {
        let next = fetch(page, Some(pin))?;
        let next_info = next.pagination_info.as_deref().ok_or_else(|| format!("page {page} has no pagination_info"))?;
        check(next_info.current_page == Some(page), || format!("asked for page {page}, got {:?}", next_info.current_page))?;
        check(next_info.total_elements == Some(total),
            || format!("page {page} counts {:?} customers, page 1 counted {total}", next_info.total_elements))?;
        let echoed = next_info.first_request_timestamp.clone().unwrap_or_default();
        check(to_seconds_and_nanos(&echoed)? == pin, || format!("page {page} came from snapshot {echoed}, not page 1's {stamp}"))?;
        check(next.customers.as_ref().is_some_and(|c| !c.is_empty()), || format!("page {page} of {total_pages} is empty"))?;
        take(page, &next)?;
    }
    check(count == total, || format!("listed {count} customers, but pagination_info.total_elements is {total}"))?;
    let distinct = if contract { format!("{} distinct ids (the contract's examples)", ids.len()) } else { "no id twice".into() };
    Ok(format!("rust client: listed {count} customers = total_elements in {total_pages} pages of {page_size}, \
                pinned to {stamp} (seconds {}, nanos {}), {distinct}", pin.0, pin.1))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("rust client: {message}");
            ExitCode::FAILURE
        }
    }
}
