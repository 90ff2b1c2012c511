//! Smoke of the STOCK Rust client against the sandbox or scripts/variant-server.py: every List Customers
//! feature, as a team that generated its own client would use it. Exit 1 on the first failure, naming it.
//!
//!     stock-smoke BASE_URL sandbox|variant
//!
//! first_request_timestamp is a String in the spec and so in the client: the pin is split from its text by
//! the spec's parse rule (no zone suffix means UTC; all nine fraction digits kept).
use passport_customers::apis::configuration::Configuration;
use passport_customers::apis::customers_api::{list_customers, ListCustomersError};
use passport_customers::apis::Error;
use passport_customers::models::{ListCustomersResponse, OrderDirection};

fn fail(message: String) -> ! {
    eprintln!("rust stock client: {message}");
    std::process::exit(1)
}

fn check(ok: bool, message: impl FnOnce() -> String) {
    if !ok {
        fail(message())
    }
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

/// (seconds, nanos) of first_request_timestamp's text, by the spec's parse rule.
fn pin(text: &str) -> (i64, i32) {
    let bad = || -> ! { fail(format!("first_request_timestamp {text:?} is not the spec's form")) };
    let b = text.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !(b[10] == b'T' || b[10] == b't') || b[13] != b':' || b[16] != b':' {
        bad()
    }
    let num = |r: std::ops::Range<usize>| -> i64 { text[r].parse().unwrap_or_else(|_| bad()) };
    let mut seconds = days_from_civil(num(0..4), num(5..7), num(8..10)) * 86_400 + num(11..13) * 3_600 + num(14..16) * 60 + num(17..19);
    let mut rest = &text[19..];
    let mut nanos = 0i32;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 9 {
            bad()
        }
        nanos = format!("{:0<9}", &fraction[..digits]).parse().unwrap_or_else(|_| bad());
        rest = &fraction[digits..];
    }
    match rest {
        "" | "Z" | "z" => {}
        _ if rest.len() == 6 && (rest.starts_with('+') || rest.starts_with('-')) && &rest[3..4] == ":" => {
            let hours: i64 = rest[1..3].parse().unwrap_or_else(|_| bad());
            let minutes: i64 = rest[4..6].parse().unwrap_or_else(|_| bad());
            let offset = hours * 3_600 + minutes * 60;
            seconds += if rest.starts_with('-') { offset } else { -offset };
        }
        _ => bad(),
    }
    (seconds, nanos)
}

struct Smoke {
    config: Configuration,
}

impl Smoke {
    #[allow(clippy::too_many_arguments)]
    async fn list(&self, size: Option<i32>, page: Option<i32>, stamp: Option<(i64, i32)>, key: Option<&str>,
                  direction: Option<OrderDirection>, number: Option<&str>, id: Option<&str>, kind: Option<&str>)
                  -> Result<ListCustomersResponse, Error<ListCustomersError>> {
        list_customers(&self.config, size, page, stamp.map(|s| s.0), stamp.map(|s| s.1), key, direction, number, id, kind).await
    }
}

fn ok<T>(result: Result<T, Error<ListCustomersError>>) -> T {
    result.unwrap_or_else(|e| fail(format!("List Customers failed: {e}")))
}

fn error_of<T>(result: Result<T, Error<ListCustomersError>>) -> (u16, String, Option<serde_json::Value>) {
    match result {
        Err(Error::ResponseError(content)) => {
            let code = match content.entity {
                Some(ListCustomersError::Status400(e)) | Some(ListCustomersError::Status401(e))
                | Some(ListCustomersError::Status500(e)) => e.code.flatten(),
                _ => None,
            };
            (content.status.as_u16(), content.content, code)
        }
        Err(e) => fail(format!("expected an error response, got {e}")),
        Ok(_) => fail("an error response was taken for a page".into()),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 || (args[2] != "sandbox" && args[2] != "variant") {
        eprintln!("usage: stock-smoke BASE_URL sandbox|variant");
        std::process::exit(2);
    }
    let variant = args[2] == "variant";
    for (text, want) in [("2023-03-29T02:12:15", (1_680_055_935, 0)), ("2025-10-09T12:35:17.000000001-05:00", (1_760_031_317, 1)),
                         ("2025-10-09T17:35:17.123456789Z", (1_760_031_317, 123_456_789)), ("0001-01-01T00:00:00Z", (-62_135_596_800, 0))] {
        check(pin(text) == want, || format!("{text} pinned as {:?}", pin(text)));
    }
    let config = |token: &str| Configuration {
        base_path: args[1].trim_end_matches('/').to_string(),
        bearer_access_token: Some(token.to_string()),
        ..Configuration::default()
    };
    let api = Smoke { config: config("sandbox-token") };
    let size = if variant { 3 } else { 40 };

    let first = ok(api.list(Some(size), Some(1), None, None, None, None, None, None).await);
    let info = first.pagination_info.clone().unwrap_or_else(|| fail("page 1 has no pagination_info".into()));
    let stamp = info.first_request_timestamp.clone().unwrap_or_default();
    let snapshot = pin(&stamp);
    let (total, pages) = (info.total_elements.unwrap_or(0), info.total_pages.unwrap_or(0));
    check(total > 0 && i64::from(pages) == (total + i64::from(size) - 1) / i64::from(size), || format!("{total} customers in {pages} pages of {size}?"));
    let mut ids: Vec<String> = first.customers.unwrap_or_default().into_iter().filter_map(|c| c.id).collect();
    for page in 2..=pages {
        let next = ok(api.list(Some(size), Some(page), Some(snapshot), None, None, None, None, None).await);
        let next_info = next.pagination_info.unwrap_or_default();
        check(next_info.current_page == Some(page), || format!("asked for page {page}"));
        check(pin(next_info.first_request_timestamp.as_deref().unwrap_or("")) == snapshot, || format!("page {page} left the snapshot"));
        ids.extend(next.customers.unwrap_or_default().into_iter().filter_map(|c| c.id));
    }
    let distinct: std::collections::HashSet<&String> = ids.iter().collect();
    check(ids.len() as i64 == total && distinct.len() as i64 == total, || format!("listed {} ({} distinct) of {total}", ids.len(), distinct.len()));

    let ordered = ok(api.list(Some(5), None, None, Some("business_name"), Some(OrderDirection::Desc), None, None, None).await)
        .customers.unwrap_or_default();
    check(ordered.len() == 5, || format!("an ordered page of 5 has {}", ordered.len()));
    if variant {
        let names: Vec<String> = ordered.iter().map(|c| c.business_name.clone().unwrap_or_default()).collect();
        let mut sorted = names.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        check(names == sorted, || format!("business_name DESC came back as {names:?}"));
    }
    let nit = ok(api.list(Some(100), None, None, None, None, None, None, Some("NIT")).await).customers.unwrap_or_default();
    check(!nit.is_empty() && nit.iter().all(|c| c.identification_type.as_deref() == Some("NIT")), || "identification_type=NIT let others through".into());
    let one = ok(api.list(None, None, None, None, None, None, Some(&ids[0]), None).await).customers.unwrap_or_default();
    check(one.len() == 1 && one[0].id.as_ref() == Some(&ids[0]), || format!("customer_id={} gave {} customers", ids[0], one.len()));
    let number = one[0].identification_number.clone().unwrap_or_default();
    let by_number = ok(api.list(None, None, None, None, None, Some(&number), None, None).await).customers.unwrap_or_default();
    check(by_number.iter().any(|c| c.id.as_ref() == Some(&ids[0])), || "identification_number filter missed its customer".into());

    if !variant {
        let wrong = Smoke { config: config("wrong-token") };
        let (status, body, code) = error_of(wrong.list(None, None, None, None, None, None, None, None).await);
        check(status == 401 && code.as_ref().is_some_and(|c| c.is_string()), || format!("a wrong token gave {status} {body}"));
        println!("rust stock client: sandbox ok: {total} customers in {pages} pages pinned to {stamp}, order, 3 filters, 401 with code {}", code.unwrap());
        return;
    }
    check(stamp == "2023-03-29T02:12:15.123456789", || format!("the zone-less text was not kept: {stamp}"));
    let every = ok(api.list(Some(100), None, None, None, None, None, None, None).await).customers.unwrap_or_default();
    let statuses: Vec<Option<&str>> = every.iter().map(|c| c.status.as_deref()).collect();
    check(statuses.contains(&Some("UNDER_REVIEW")) && statuses.contains(&Some("SUSPENDED_BY_RISK")) && statuses.contains(&None),
          || format!("unknown or absent statuses lost: {statuses:?}"));
    check(every.iter().any(|c| c.r#type.as_deref() == Some("PERSON")), || "an unknown type was lost".into());
    let empty = ok(api.list(None, None, None, None, None, None, None, Some("NONE")).await);
    check(empty.customers.unwrap_or_default().is_empty() && empty.pagination_info.and_then(|i| i.total_elements).unwrap_or(0) == 0,
          || "an empty page is not empty".into());
    let (status, body, code) = error_of(api.list(None, None, None, None, None, Some("gateway-error"), None, None).await);
    check(status == 400 && code.as_ref().and_then(|c| c.as_i64()) == Some(3), || format!("the gateway error read as {status} {body}"));
    let (status, body, _) = error_of(api.list(None, None, None, None, None, Some("html-error"), None, None).await);
    check(status == 500 && body.contains("<html"), || format!("the HTML 500 read as {status} {body}"));
    println!("rust stock client: variant ok: zone-less snapshot {stamp} pinned to {} s + {} ns, unknown fields and values kept, zero values absent, gateway code 3, HTML 500", snapshot.0, snapshot.1);
}
