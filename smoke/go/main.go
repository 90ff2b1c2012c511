// Smoke test of the GENERATED Go client (target/generated-clients/go) against a running sandbox or the
// contract stub, the Go twin of smoke/typescript/list-all-customers.ts: every customer, page by page,
// pinned to page 1's snapshot; exit 1 unless the count equals total_elements, no id repeats and every
// page came from that snapshot.
//
//	go run . BASE_URL [PAGE_SIZE] [TOKEN] [sandbox|contract]
//
// In contract mode (pact-stub-server serving contracts/) the pages are the contract's examples, not a
// data set: the same example customer may stand on every page and total_pages need not fit page_size,
// so those two checks are left out; everything else holds.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	client "github.com/passport-customers/passport-customers-go"
)

type failure struct{ msg string }

func (f failure) Error() string { return f.msg }

func check(ok bool, format string, args ...any) {
	if !ok {
		panic(failure{fmt.Sprintf(format, args...)})
	}
}

// pin splits first_request_timestamp's text into protobuf seconds and nanos by the spec's parse rule:
// the zone suffix is optional (none means UTC) and up to nine fraction digits are kept exactly.
func pin(text string) (int64, int32) {
	t, err := time.Parse("2006-01-02T15:04:05.999999999Z07:00", text)
	if err != nil { // no zone suffix: the same fields, read as UTC
		t, err = time.ParseInLocation("2006-01-02T15:04:05.999999999", text, time.UTC)
	}
	check(err == nil, "first_request_timestamp %q is not the spec's form: %v", text, err)
	return t.Unix(), int32(t.Nanosecond())
}

// checkConversion: known answers for the timestamp text to seconds/nanos, before any request.
func checkConversion() {
	cases := []struct {
		text    string
		seconds int64
		nanos   int32
	}{
		{"1970-01-01T00:00:00Z", 0, 0},
		{"2025-10-09T17:35:17.864Z", 1_760_031_317, 864_000_000}, // the spec's own example pair
		{"2025-10-09T12:35:17.000000001-05:00", 1_760_031_317, 1},
		{"2025-10-09T23:05:17.123456+05:30", 1_760_031_317, 123_456_000},
		{"1969-12-31T23:59:59.987654321Z", -1, 987_654_321},
		{"0001-01-01T00:00:00Z", -62_135_596_800, 0},                     // the spec's minimum
		{"9999-12-31T23:59:59.999999999Z", 253_402_300_799, 999_999_999}, // and its maximum
		{"2023-03-29T02:12:15", 1_680_055_935, 0},                          // the provider's zone-less form: UTC
		{"2025-10-09T17:35:17.123456789", 1_760_031_317, 123_456_789},
	}
	for _, c := range cases {
		// Through the generated model's own decoder, as the listing below uses it.
		var info client.PaginationInfo
		err := json.Unmarshal([]byte(`{"first_request_timestamp":"`+c.text+`"}`), &info)
		check(err == nil, "%s does not decode: %v", c.text, err)
		s, n := pin(info.GetFirstRequestTimestamp())
		check(s == c.seconds && n == c.nanos, "%s converted to %d s + %d ns, expected %d s + %d ns", c.text, s, n, c.seconds, c.nanos)
	}
}

// checkTolerance: the generated decoder keeps values it has never seen and does not fail on unknown fields.
func checkTolerance() {
	var page client.ListCustomersResponse
	err := json.Unmarshal([]byte(`{
		"customers": [{"id": "c-1", "status": "UNDER_REVIEW", "type": "PERSON", "loyalty_tier": "gold",
		               "address": {"country": "CO", "geo": {}}}],
		"pagination_info": {"first_request_timestamp": "2025-10-09T17:35:17.123456789Z", "total_elements": 1, "next_token": "x"},
		"debug_info": {"shard": 7}}`), &page)
	check(err == nil, "a page with unknown fields and values does not decode: %v", err)
	customers := page.GetCustomers()
	check(len(customers) == 1, "decoded %d customers, expected 1", len(customers))
	c := customers[0]
	check(c.GetId() == "c-1" && c.GetStatus() == "UNDER_REVIEW" && c.GetType() == "PERSON",
		"a new status or type was not kept as sent: %+v", c)
	address := c.GetAddress()
	check(address.GetCountry() == "CO", "the address was lost next to an unknown field")
	info := page.GetPaginationInfo()
	s, n := pin(info.GetFirstRequestTimestamp())
	check(s == 1_760_031_317 && n == 123_456_789, "first_request_timestamp decoded as %d s + %d ns", s, n)
}

func run(args []string) error {
	if len(args) < 1 {
		fmt.Fprintln(os.Stderr, "usage: go run . BASE_URL [PAGE_SIZE] [TOKEN] [sandbox|contract]")
		os.Exit(2)
	}
	baseURL := strings.TrimRight(args[0], "/")
	pageSize := int32(30)
	if len(args) > 1 {
		n, err := strconv.ParseInt(args[1], 10, 32)
		if err != nil || n < 1 || n > 100 {
			return failure{fmt.Sprintf("PAGE_SIZE must be a whole number from 1 to 100, but was %q", args[1])}
		}
		pageSize = int32(n)
	}
	token := "sandbox-token"
	if len(args) > 2 {
		token = args[2]
	}
	contract := len(args) > 3 && args[3] == "contract"
	if len(args) > 3 && args[3] != "contract" && args[3] != "sandbox" {
		return failure{fmt.Sprintf("MODE must be sandbox or contract, but was %q", args[3])}
	}

	checkConversion()
	checkTolerance()

	cfg := client.NewConfiguration()
	cfg.Servers = client.ServerConfigurations{{URL: baseURL}}
	api := client.NewAPIClient(cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	ctx = context.WithValue(ctx, client.ContextAccessToken, token)

	fetch := func(page int32, seconds *int64, nanos *int32) *client.ListCustomersResponse {
		req := api.CustomersAPI.ListCustomers(ctx).PageParamsPageSize(pageSize).PageParamsPageNumber(page)
		if seconds != nil {
			req = req.PageParamsFirstRequestTimestampSeconds(*seconds).PageParamsFirstRequestTimestampNanos(*nanos)
		}
		resp, httpResp, err := req.Execute()
		if err != nil {
			var apiErr *client.GenericOpenAPIError
			if errors.As(err, &apiErr) {
				status := 0
				if httpResp != nil {
					status = httpResp.StatusCode
				}
				panic(failure{fmt.Sprintf("page %d: HTTP %d: %s", page, status, apiErr.Body())})
			}
			panic(failure{fmt.Sprintf("page %d: %v", page, err)})
		}
		return resp
	}

	first := fetch(1, nil, nil)
	info, ok := first.GetPaginationInfoOk()
	check(ok, "page 1 has no pagination_info")
	stamp, ok := info.GetFirstRequestTimestampOk()
	check(ok, "page 1 has no pagination_info.first_request_timestamp")
	seconds, nanos := pin(*stamp)
	pinned := time.Unix(seconds, int64(nanos)).UTC()
	total := info.GetTotalElements()
	totalPages := info.GetTotalPages()
	check(info.GetCurrentPage() == 1, "page 1 says it is page %d", info.GetCurrentPage())
	check(total > 0, "the server has no customers")
	if !contract {
		want := int32(math.Ceil(float64(total) / float64(pageSize)))
		check(totalPages == want, "%d customers in pages of %d should be %d pages, not %d", total, pageSize, want, totalPages)
	}

	ids := map[string]bool{}
	var count int64
	take := func(page int32, customers []client.Customer) {
		for _, c := range customers {
			id, ok := c.GetIdOk()
			check(ok && *id != "", "a customer on page %d has no id", page)
			check(contract || !ids[*id], "customer %s is listed twice (again on page %d)", *id, page)
			ids[*id] = true
			count++
		}
	}
	take(1, first.GetCustomers())
	for page := int32(2); page <= totalPages; page++ {
		next := fetch(page, &seconds, &nanos)
		nextInfo := next.GetPaginationInfo()
		check(nextInfo.GetCurrentPage() == page, "asked for page %d, got page %d", page, nextInfo.GetCurrentPage())
		check(nextInfo.GetTotalElements() == total, "page %d counts %d customers, page 1 counted %d", page, nextInfo.GetTotalElements(), total)
		s, n := pin(nextInfo.GetFirstRequestTimestamp())
		check(s == seconds && n == nanos, "page %d came from snapshot %d s + %d ns, not page 1's %d s + %d ns", page, s, n, seconds, nanos)
		check(len(next.GetCustomers()) > 0, "page %d of %d is empty", page, totalPages)
		take(page, next.GetCustomers())
	}
	check(count == total, "listed %d customers, but pagination_info.total_elements is %d", count, total)
	distinct := "no id twice"
	if contract {
		distinct = fmt.Sprintf("%d distinct ids (the contract's examples)", len(ids))
	}
	fmt.Printf("go client: listed %d customers = total_elements in %d pages of %d, pinned to %s (seconds %d, nanos %d), %s\n",
		count, totalPages, pageSize, pinned.Format(time.RFC3339Nano), seconds, nanos, distinct)
	return nil
}

func main() {
	err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				f, ok := r.(failure)
				if !ok {
					panic(r)
				}
				err = f
			}
		}()
		return run(os.Args[1:])
	}()
	if err != nil {
		fmt.Fprintf(os.Stderr, "go client: %v\n", err)
		os.Exit(1)
	}
}
