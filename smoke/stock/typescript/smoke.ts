// Smoke of the STOCK TypeScript client (openapi-generator-cli generate -g typescript-fetch, nothing but a package
// name set) against the sandbox or scripts/variant-server.py: every List Customers feature, as a team that
// generated its own client would use it. Exit 1 on the first failure, naming it.
//
//   node target/stock-ts/smoke/stock/typescript/smoke.js BASE_URL sandbox|variant
//
// first_request_timestamp is a string in the spec (a JS Date would keep milliseconds only, and a zone-less
// value would be read in the machine's zone): the pin is split from its text by the spec's parse rule.
import { Configuration, CustomersApi, ListCustomersOrderParamsOrderKeyEnum, OrderDirection, ResponseError }
  from '../../../target/stock-clients/typescript/index';

class SmokeFailure extends Error {}

function check(ok: boolean, message: string): asserts ok {
  if (!ok) throw new SmokeFailure(message);
}

const STAMP = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))?$/;

/** [seconds, nanos] of first_request_timestamp, exactly: no suffix means UTC; all nine digits kept. */
function pin(text: string | undefined): [number, number] {
  const m = STAMP.exec(text ?? '');
  check(m !== null, `first_request_timestamp ${String(text)} is not the spec's form`);
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d); // not Date.UTC, which reads years 0-99 as 1900-1999
  date.setUTCHours(h, mi, s, 0);
  let seconds = date.getTime() / 1000;
  if (m[9] !== undefined) {
    const offset = Number(m[10]) * 3600 + Number(m[11]) * 60;
    seconds += m[9] === '-' ? offset : -offset;
  }
  return [seconds, Number((m[7] ?? '').padEnd(9, '0'))];
}

async function errorOf(call: Promise<unknown>): Promise<[number, string]> {
  try {
    await call;
  } catch (e) {
    check(e instanceof ResponseError, `expected the client's ResponseError, got ${String(e)}`);
    return [e.response.status, await e.response.text()];
  }
  throw new SmokeFailure('an error response was taken for a page');
}

async function run(baseUrl: string, variant: boolean): Promise<string> {
  for (const [text, want] of [['2023-03-29T02:12:15', [1680055935, 0]],
    ['2025-10-09T12:35:17.000000001-05:00', [1760031317, 1]],
    ['2025-10-09T17:35:17.123456789Z', [1760031317, 123456789]],
    ['0001-01-01T00:00:00Z', [-62135596800, 0]]] as const) {
    check(pin(text).join() === want.join(), `${text} pinned as ${pin(text).join()}`);
  }
  const config = (token: string) => new Configuration({ basePath: baseUrl.replace(/\/+$/, ''), accessToken: token });
  const api = new CustomersApi(config('sandbox-token'));
  const size = variant ? 3 : 40;
  const first = await api.listCustomers({ pageParamsPageSize: size, pageParamsPageNumber: 1 });
  const stamp = first.paginationInfo?.firstRequestTimestamp;
  const [seconds, nanos] = pin(stamp);
  const total = first.paginationInfo?.totalElements ?? 0;
  const pages = first.paginationInfo?.totalPages ?? 0;
  check(total > 0 && pages === Math.ceil(total / size), `${total} customers in ${pages} pages of ${size}?`);
  const ids = (first.customers ?? []).map((c) => c.id ?? '');
  for (let page = 2; page <= pages; page++) {
    const next = await api.listCustomers({ pageParamsPageSize: size, pageParamsPageNumber: page,
      pageParamsFirstRequestTimestampSeconds: seconds, pageParamsFirstRequestTimestampNanos: nanos });
    check(next.paginationInfo?.currentPage === page, `asked for page ${page}`);
    check(pin(next.paginationInfo?.firstRequestTimestamp).join() === [seconds, nanos].join(), `page ${page} left the snapshot`);
    ids.push(...(next.customers ?? []).map((c) => c.id ?? ''));
  }
  check(ids.length === total && new Set(ids).size === total, `listed ${ids.length} (${new Set(ids).size} distinct) of ${total}`);

  const ordered = (await api.listCustomers({ pageParamsPageSize: 5,
    orderParamsOrderKey: ListCustomersOrderParamsOrderKeyEnum.BusinessName,
    orderParamsOrderDirection: OrderDirection.Desc })).customers ?? [];
  check(ordered.length === 5, `an ordered page of 5 has ${ordered.length}`);
  if (variant) {
    const names = ordered.map((c) => c.businessName ?? '');
    check(names.join() === [...names].sort().reverse().join(), `business_name DESC came back as ${names.join()}`);
  }
  const nit = (await api.listCustomers({ pageParamsPageSize: 100, identificationType: 'NIT' })).customers ?? [];
  check(nit.length > 0 && nit.every((c) => c.identificationType === 'NIT'), 'identification_type=NIT let others through');
  const one = (await api.listCustomers({ customerId: ids[0] })).customers ?? [];
  check(one.length === 1 && one[0]?.id === ids[0], `customer_id=${ids[0]} gave ${one.length} customers`);
  const byNumber = (await api.listCustomers({ identificationNumber: one[0]?.identificationNumber })).customers ?? [];
  check(byNumber.some((c) => c.id === ids[0]), 'identification_number filter missed its customer');

  if (!variant) {
    const [status, body] = await errorOf(new CustomersApi(config('wrong-token')).listCustomers());
    const code: unknown = JSON.parse(body).code;
    check(status === 401 && typeof code === 'string', `a wrong token gave ${status} ${body}`);
    return `sandbox ok: ${total} customers in ${pages} pages pinned to ${stamp}, order, 3 filters, 401 with code ${code}`;
  }
  check(stamp === '2023-03-29T02:12:15.123456789', `the zone-less text was not kept: ${stamp}`);
  const every = (await api.listCustomers({ pageParamsPageSize: 100 })).customers ?? [];
  const statuses = new Set(every.map((c) => c.status));
  check(statuses.has('UNDER_REVIEW') && statuses.has('SUSPENDED_BY_RISK') && statuses.has(undefined),
    `unknown or absent statuses lost: ${[...statuses].join()}`);
  check(every.some((c) => c.type === 'PERSON'), 'an unknown type was lost');
  const empty = await api.listCustomers({ identificationType: 'NONE' });
  check((empty.customers ?? []).length === 0 && !empty.paginationInfo?.totalElements, 'an empty page is not empty');
  const [gatewayStatus, gatewayBody] = await errorOf(api.listCustomers({ identificationNumber: 'gateway-error' }));
  check(gatewayStatus === 400 && JSON.parse(gatewayBody).code === 3, `the gateway error read as ${gatewayStatus} ${gatewayBody}`);
  const [htmlStatus, htmlBody] = await errorOf(api.listCustomers({ identificationNumber: 'html-error' }));
  check(htmlStatus === 500 && htmlBody.includes('<html'), `the HTML 500 read as ${htmlStatus} ${htmlBody}`);
  return `variant ok: zone-less snapshot ${stamp} pinned to ${seconds} s + ${nanos} ns, unknown fields and values kept, zero values absent, gateway code 3, HTML 500`;
}

const [baseUrl, mode] = process.argv.slice(2);
if (baseUrl === undefined || (mode !== 'sandbox' && mode !== 'variant')) {
  console.error('usage: smoke.js BASE_URL sandbox|variant');
  process.exit(2);
}
run(baseUrl, mode === 'variant').then(
  (summary) => console.log(`typescript stock client: ${summary}`),
  (e: unknown) => {
    console.error(`typescript stock client: ${e instanceof SmokeFailure ? e.message : String(e)}`);
    process.exit(1);
  });
