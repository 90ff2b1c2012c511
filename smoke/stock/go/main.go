// Smoke of the STOCK Go client against the sandbox or scripts/variant-server.py: every List Customers
// feature, as a team that generated its own client would use it. Exit 1 on the first failure, naming it.
//
//	go run . BASE_URL sandbox|variant
//
// The snapshot pin is split from first_request_timestamp's text (a string in the spec) by the spec's parse
// rule: the zone suffix is optional (none means UTC), nine fraction digits are kept.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	client "github.com/GIT_USER_ID/GIT_REPO_ID"
)

type failure struct{ msg string }

func check(ok bool, format string, args ...any) {
	if !ok {
		panic(failure{fmt.Sprintf(format, args...)})
	}
}

func pin(text string) (int64, int32) {
	t, err := time.Parse("2006-01-02T15:04:05.999999999Z07:00", text)
	if err != nil {
		t, err = time.ParseInLocation("2006-01-02T15:04:05.999999999", text, time.UTC)
	}
	check(err == nil, "first_request_timestamp %q is not the spec's form: %v", text, err)
	return t.Unix(), int32(t.Nanosecond())
}

func run(baseURL string, variant bool) string {
	for text, want := range map[string][2]int64{
		"2023-03-29T02:12:15":                 {1_680_055_935, 0},
		"2025-10-09T12:35:17.000000001-05:00": {1_760_031_317, 1},
		"2025-10-09T17:35:17.123456789Z":      {1_760_031_317, 123_456_789},
	} {
		s, n := pin(text)
		check(s == want[0] && int64(n) == want[1], "%s pinned as %d s + %d ns", text, s, n)
	}
	cfg := client.NewConfiguration()
	cfg.Servers = client.ServerConfigurations{{URL: strings.TrimRight(baseURL, "/")}}
	api := client.NewAPIClient(cfg).CustomersAPI
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	authed := context.WithValue(ctx, client.ContextAccessToken, "sandbox-token")
	must := func(r *client.ListCustomersResponse, _ any, err error) *client.ListCustomersResponse {
		check(err == nil, "List Customers failed: %v", err)
		return r
	}
	list := func(req client.ApiListCustomersRequest) *client.ListCustomersResponse {
		r, h, err := req.Execute()
		return must(r, h, err)
	}

	size := int32(40)
	if variant {
		size = 3
	}
	first := list(api.ListCustomers(authed).PageParamsPageSize(size).PageParamsPageNumber(1))
	info := first.GetPaginationInfo()
	stamp := info.GetFirstRequestTimestamp()
	seconds, nanos := pin(stamp)
	total, pages := info.GetTotalElements(), info.GetTotalPages()
	check(total > 0 && int64(pages) == (total+int64(size)-1)/int64(size), "%d customers in %d pages of %d?", total, pages, size)
	ids := map[string]bool{}
	var order []string
	for _, c := range first.GetCustomers() {
		ids[c.GetId()] = true
		order = append(order, c.GetId())
	}
	for page := int32(2); page <= pages; page++ {
		next := list(api.ListCustomers(authed).PageParamsPageSize(size).PageParamsPageNumber(page).
			PageParamsFirstRequestTimestampSeconds(seconds).PageParamsFirstRequestTimestampNanos(nanos))
		ni := next.GetPaginationInfo()
		s, n := pin(ni.GetFirstRequestTimestamp())
		check(ni.GetCurrentPage() == page && s == seconds && n == nanos, "page %d is page %d of snapshot %d+%d", page, ni.GetCurrentPage(), s, n)
		for _, c := range next.GetCustomers() {
			check(!ids[c.GetId()], "customer %s listed twice", c.GetId())
			ids[c.GetId()] = true
			order = append(order, c.GetId())
		}
	}
	check(int64(len(ids)) == total, "listed %d of %d", len(ids), total)

	ordered := list(api.ListCustomers(authed).PageParamsPageSize(5).OrderParamsOrderKey("business_name").
		OrderParamsOrderDirection(client.DESC)).GetCustomers()
	check(len(ordered) == 5, "an ordered page of 5 has %d", len(ordered))
	if variant {
		names := []string{}
		for _, c := range ordered {
			names = append(names, c.GetBusinessName())
		}
		check(sort.SliceIsSorted(names, func(i, j int) bool { return names[i] > names[j] }), "business_name DESC came back as %v", names)
	}
	nit := list(api.ListCustomers(authed).PageParamsPageSize(100).IdentificationType("NIT")).GetCustomers()
	check(len(nit) > 0, "identification_type=NIT found nobody")
	for _, c := range nit {
		check(c.GetIdentificationType() == "NIT", "identification_type=NIT let %s through", c.GetIdentificationType())
	}
	one := list(api.ListCustomers(authed).CustomerId(order[0])).GetCustomers()
	check(len(one) == 1 && one[0].GetId() == order[0], "customer_id=%s gave %d customers", order[0], len(one))
	byNumber := list(api.ListCustomers(authed).IdentificationNumber(one[0].GetIdentificationNumber())).GetCustomers()
	check(len(byNumber) > 0, "identification_number filter missed its customer")

	apiError := func(req client.ApiListCustomersRequest) (int, *client.GenericOpenAPIError) {
		_, h, err := req.Execute()
		var e *client.GenericOpenAPIError
		check(errors.As(err, &e), "expected the client's API error, got %v", err)
		return h.StatusCode, e
	}
	if !variant {
		status, e := apiError(api.ListCustomers(context.WithValue(ctx, client.ContextAccessToken, "wrong-token")))
		model, ok := e.Model().(client.ErrorResponse)
		check(status == 401 && ok, "a wrong token gave %d %v", status, e)
		code, isString := model.GetCode().(string)
		check(isString, "the provider's error code %v is not a string", model.GetCode())
		return fmt.Sprintf("sandbox ok: %d customers in %d pages pinned to %s, order, 3 filters, 401 with code %q", total, pages, stamp, code)
	}
	check(stamp == "2023-03-29T02:12:15.123456789", "the zone-less text was not kept: %s", stamp)
	statuses := map[string]bool{}
	types := map[string]bool{}
	for _, c := range list(api.ListCustomers(authed).PageParamsPageSize(100)).GetCustomers() {
		statuses[c.GetStatus()] = true // an absent status reads as ""
		types[c.GetType()] = true
	}
	check(statuses["UNDER_REVIEW"] && statuses["SUSPENDED_BY_RISK"] && statuses[""] && types["PERSON"], "unknown or absent values lost: %v %v", statuses, types)
	empty := list(api.ListCustomers(authed).IdentificationType("NONE"))
	emptyInfo := empty.GetPaginationInfo()
	check(len(empty.GetCustomers()) == 0 && emptyInfo.GetTotalElements() == 0, "an empty page is not empty")
	status, e := apiError(api.ListCustomers(authed).IdentificationNumber("gateway-error"))
	model, ok := e.Model().(client.ErrorResponse)
	check(status == 400 && ok && model.GetCode() == float64(3), "the gateway error read as %d %v", status, e.Model())
	status, e = apiError(api.ListCustomers(authed).IdentificationNumber("html-error"))
	check(status == 500 && strings.Contains(string(e.Body()), "<html"), "the HTML 500 read as %d %q", status, e.Body())
	return fmt.Sprintf("variant ok: zone-less snapshot %s pinned to %d s + %d ns, unknown fields and values kept, zero values absent, gateway code 3, HTML 500", stamp, seconds, nanos)
}

func main() {
	if len(os.Args) != 3 || (os.Args[2] != "sandbox" && os.Args[2] != "variant") {
		fmt.Fprintln(os.Stderr, "usage: stock-smoke BASE_URL sandbox|variant")
		os.Exit(2)
	}
	defer func() {
		if r := recover(); r != nil {
			f, ok := r.(failure)
			if !ok {
				panic(r)
			}
			fmt.Fprintf(os.Stderr, "go stock client: %s\n", f.msg)
			os.Exit(1)
		}
	}()
	fmt.Println("go stock client: " + run(os.Args[1], os.Args[2] == "variant"))
}
