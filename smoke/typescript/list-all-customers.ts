// Smoke test of the GENERATED TypeScript client (target/generated-clients/typescript) against a running
// sandbox: lists every customer page by page, with page 1's first_request_timestamp sent back as
// page_params.first_request_timestamp.seconds and .nanos on every later page, and fails (exit 1) unless
// the customers add up to pagination_info.total_elements with no id twice.
//
//   node target/ts-smoke/smoke/typescript/list-all-customers.js BASE_URL [PAGE_SIZE] [TOKEN] [sandbox|contract]
//
// In contract mode (pact-stub-server serving contracts/) the pages are the contract's examples, not a
// data set: the same example customer may stand on every page and total_pages need not fit the page
// size, so those two checks are left out; everything else holds.
import {
  Configuration,
  CustomersApi,
  ListCustomersResponseFromJSON,
  ResponseError,
  type Customer,
} from '../../target/generated-clients/typescript/src/index';

/** A protobuf Timestamp: whole seconds since the epoch (negative before 1970) and 0..999999999 nanos. */
export interface SnapshotPin {
  seconds: number;
  nanos: number;
}

// RFC 3339 date-time; the zone suffix is optional because some servers leave it out (then it is UTC).
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))?$/;

/**
 * Splits an RFC 3339 timestamp into epoch seconds and nanoseconds, exactly, from the text itself.
 * JavaScript's Date is not used: it keeps only milliseconds, and the server compares the snapshot to
 * the nanosecond, and a server may hand out timestamps finer than milliseconds.
 */
export function toSecondsAndNanos(timestamp: string): SnapshotPin {
  const m = RFC3339.exec(timestamp);
  if (m === null) {
    throw new Error(`not an RFC 3339 timestamp: ${JSON.stringify(timestamp)}`);
  }
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number, number, number, number, number, number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
      || hour > 23 || minute > 59 || second > 59) {
    throw new Error(`timestamp out of range: ${JSON.stringify(timestamp)}`);
  }
  let seconds = daysFromCivil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second;
  if (m[9] !== undefined) {
    // Local time = UTC + offset, so UTC = local time - offset.
    const offset = Number(m[10]) * 3_600 + Number(m[11]) * 60;
    seconds -= m[9] === '-' ? -offset : offset;
  }
  // The fraction's digits are the nanoseconds once padded to nine places: no floating point involved.
  const nanos = Number((m[7] ?? '').padEnd(9, '0'));
  return { seconds, nanos };
}

/** Days from 1970-01-01 to the given proleptic Gregorian date (negative before it). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year; // the year counted from March, so that February comes last
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Known answers, checked before any request: a wrong conversion must not pass by luck. */
function checkConversion(): void {
  const cases: Array<[string, number, number]> = [
    ['1970-01-01T00:00:00Z', 0, 0],
    ['2025-10-09T17:35:17.864Z', 1_760_031_317, 864_000_000], // the spec's own example pair
    ['2025-10-09T12:35:17.000000001-05:00', 1_760_031_317, 1],
    ['2025-10-09T23:05:17.123456+05:30', 1_760_031_317, 123_456_000],
    ['2024-02-29T00:00:00.5', 1_709_164_800, 500_000_000], // no zone: UTC
    ['2000-03-01t00:00:00z', 951_868_800, 0],
    ['1969-12-31T23:59:59.987654321Z', -1, 987_654_321],
    ['0001-01-01T00:00:00Z', -62_135_596_800, 0], // the spec's minimum
    ['9999-12-31T23:59:59.999999999Z', 253_402_300_799, 999_999_999], // and its maximum
  ];
  for (const [text, seconds, nanos] of cases) {
    const pin = toSecondsAndNanos(text);
    if (pin.seconds !== seconds || pin.nanos !== nanos) {
      throw new Error(`${text} converted to ${pin.seconds} s + ${pin.nanos} ns, expected ${seconds} s + ${nanos} ns`);
    }
  }
  for (const bad of ['2025-10-09', '2025-02-29T00:00:00Z', '2025-10-09T24:00:00Z', '2025-10-09T17:35:17.1234567890Z']) {
    let refused = false;
    try {
      toSecondsAndNanos(bad);
    } catch {
      refused = true;
    }
    if (!refused) {
      throw new Error(`${bad} should have been refused`);
    }
  }
}

function check(condition: boolean, message: string): void {
  if (!condition) {
    throw new Error(message);
  }
}

/** The generated decoder keeps values it has never seen and skips fields it does not know. */
function checkTolerance(): void {
  const page = ListCustomersResponseFromJSON({
    customers: [
      { id: 'c-1', status: 'UNDER_REVIEW', type: 'PERSON', loyalty_tier: 'gold', address: { country: 'CO', geo: {} } },
    ],
    pagination_info: {
      first_request_timestamp: '2025-10-09T17:35:17.123456789Z', total_elements: 1, next_token: 'x',
    },
    debug_info: { shard: 7 },
  });
  const customer = page.customers?.[0];
  check(customer?.id === 'c-1' && customer.status === 'UNDER_REVIEW' && customer.type === 'PERSON',
    `a new status or type was not kept as sent: ${JSON.stringify(customer)}`);
  check(customer?.address?.country === 'CO', 'the address was lost next to an unknown field');
  // A string, not a Date: all nine fraction digits survive for the snapshot pin.
  check(page.paginationInfo?.firstRequestTimestamp === '2025-10-09T17:35:17.123456789Z',
    `first_request_timestamp decoded as ${String(page.paginationInfo?.firstRequestTimestamp)}`);
}

async function main(): Promise<void> {
  const [baseUrl, pageSizeArg, tokenArg, modeArg] = process.argv.slice(2);
  if (baseUrl === undefined) {
    console.error('usage: list-all-customers.js BASE_URL [PAGE_SIZE] [TOKEN] [sandbox|contract]');
    process.exit(2);
  }
  const mode = modeArg ?? 'sandbox';
  check(mode === 'sandbox' || mode === 'contract', `MODE must be sandbox or contract, but was ${JSON.stringify(mode)}`);
  const contract = mode === 'contract';
  checkConversion();
  checkTolerance();

  const pageSize = Number(pageSizeArg ?? '30');
  check(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= 100,
    `PAGE_SIZE must be a whole number from 1 to 100, but was ${JSON.stringify(pageSizeArg)}`);
  const api = new CustomersApi(new Configuration({
    basePath: baseUrl.replace(/\/+$/, ''), // the generated paths start with a slash
    accessToken: tokenArg ?? 'sandbox-token',
  }));

  const first = await api.listCustomers({ pageParamsPageSize: pageSize, pageParamsPageNumber: 1 });
  const info = first.paginationInfo;
  const stamp = info?.firstRequestTimestamp;
  check(stamp !== undefined, 'page 1 has no pagination_info.first_request_timestamp');
  const pin = toSecondsAndNanos(stamp as string);
  const total = info?.totalElements ?? 0;
  const totalPages = info?.totalPages ?? 0;
  check(info?.currentPage === 1, `page 1 says it is page ${info?.currentPage}`);
  check(total > 0, 'the server has no customers');
  check(contract || totalPages === Math.ceil(total / pageSize),
    `${total} customers in pages of ${pageSize} should be ${Math.ceil(total / pageSize)} pages, not ${totalPages}`);

  const ids = new Set<string>();
  let count = 0;
  const take = (page: number, customers: Customer[] | undefined): void => {
    for (const customer of customers ?? []) {
      check(typeof customer.id === 'string' && customer.id.length > 0, `a customer on page ${page} has no id`);
      check(contract || !ids.has(customer.id as string), `customer ${customer.id} is listed twice (again on page ${page})`);
      ids.add(customer.id as string);
      count++;
    }
  };
  take(1, first.customers);

  for (let page = 2; page <= totalPages; page++) {
    const next = await api.listCustomers({
      pageParamsPageSize: pageSize,
      pageParamsPageNumber: page,
      pageParamsFirstRequestTimestampSeconds: pin.seconds,
      pageParamsFirstRequestTimestampNanos: pin.nanos,
    });
    const nextInfo = next.paginationInfo;
    check(nextInfo?.currentPage === page, `asked for page ${page}, got page ${nextInfo?.currentPage}`);
    check(nextInfo?.totalElements === total,
      `page ${page} counts ${nextInfo?.totalElements} customers, page 1 counted ${total}`);
    // The server answers with the snapshot it cut this page from: it must be page 1's, to the nanosecond.
    const echoed = toSecondsAndNanos(nextInfo?.firstRequestTimestamp ?? '');
    check(echoed.seconds === pin.seconds && echoed.nanos === pin.nanos,
      `page ${page} came from snapshot ${nextInfo?.firstRequestTimestamp}, not page 1's ${stamp}`);
    check((next.customers ?? []).length > 0, `page ${page} of ${totalPages} is empty`);
    take(page, next.customers);
  }

  check(count === total, `listed ${count} customers, but pagination_info.total_elements is ${total}`);
  const distinct = contract ? `${ids.size} distinct ids (the contract's examples)` : 'no id twice';
  console.log(`typescript client: listed ${count} customers = total_elements in ${totalPages} pages of ${pageSize},`
    + ` pinned to ${stamp} (seconds ${pin.seconds}, nanos ${pin.nanos}), ${distinct}`);
}

main().catch(async (error: unknown) => {
  if (error instanceof ResponseError) {
    console.error(`typescript client: HTTP ${error.response.status} from ${error.response.url}: ${await error.response.text()}`);
  } else {
    console.error(`typescript client: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
});
