#!/usr/bin/env python3
"""A small List Customers server that answers the way openapi/customers.yaml says the provider MAY, where the
sandbox never does: the stock-client smokes (scripts/check-stock-clients.sh) run against it after the sandbox.

    python3 scripts/variant-server.py      # prints its base URL (127.0.0.1, a free port) on the first line

What it does that the sandbox does not, each a deviation the spec documents:
  * first_request_timestamp has no zone suffix and nine fraction digits: 2023-03-29T02:12:15.123456789 (UTC).
  * Customers carry fields no spec names (loyalty_tier, and debug_info beside the page) and values no
    x-extensible-enum lists (status UNDER_REVIEW, type PERSON, identification_type RUT).
  * Zero values are left out, as protobuf-JSON does: a customer without status or address; a page that
    matches nothing is {"pagination_info": {"first_request_timestamp": ...}}: no customers, no counts.
  * identification_number=gateway-error answers 400 with the gateway's google.rpc.Status body (a numeric
    code); identification_number=html-error answers 500 with an HTML page, as a proxy in front may.
It holds the client to the wire as the spec states it, answering 400 (gateway style) otherwise: a bearer token,
dotted parameter names, integers in range, known order keys and directions, from page 2 on the snapshot pin
sent back exactly (seconds 1680055935, nanos 123456789), and nothing on the wire the caller did not set (the
smokes ask for identification_type=NONE alone; any other parameter beside it is a 400). Standard library only; stops on SIGTERM.
"""
import json
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

SNAPSHOT_TEXT = "2023-03-29T02:12:15.123456789"
SNAPSHOT_SECONDS, SNAPSHOT_NANOS = 1_680_055_935, 123_456_789
ORDER_KEYS = ("created_at", "updated_at", "business_name", "identification_number")
DIRECTIONS = ("ORDER_DIRECTION_ENUM_UNSPECIFIED", "ASC", "DESC")
KNOWN = {"page_params.page_size", "page_params.page_number", "page_params.first_request_timestamp.seconds",
         "page_params.first_request_timestamp.nanos", "order_params.order_key", "order_params.order_direction",
         "identification_number", "customer_id", "identification_type"}


def customer(n, **extra):
    c = {"id": f"00000000-0000-4000-8000-{n:012d}", "type": "BUSINESS", "business_name": f"Variant {chr(64 + n)}",
         "email": f"c{n}@example.com", "identification_type": "NIT", "identification_number": f"90000000{n}",
         "status": "ACTIVE", "created_at": f"2025-10-0{n}T10:00:00.000Z", "updated_at": f"2025-10-0{n}T11:00:00.000Z",
         "address": {"city": "Cartagena", "country": "CO", "geo": {"lat": 10.4}}}
    c.update(extra)
    return {k: v for k, v in c.items() if v is not None}


CUSTOMERS = [
    customer(1),
    customer(2, status="UNDER_REVIEW", loyalty_tier="gold"),
    customer(3, type="PERSON", identification_type="RUT"),
    customer(4, status=None, address=None),  # zero values left out
    customer(5, merchant_category_code="0412", tags=["new"]),
    customer(6),
    customer(7, business_name="Variant G", status="SUSPENDED_BY_RISK"),
]


def gateway_error(code, message):
    return {"code": code, "message": message, "details": [{"@type": "type.googleapis.com/google.rpc.BadRequest"}]}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # quiet: the smokes print what matters
        pass

    def send(self, status, body, content_type="application/json"):
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path != "/v1/customers":
            return self.send(404, gateway_error(5, "Not Found"))
        if not (self.headers.get("Authorization") or "").startswith("Bearer ") or \
                len(self.headers["Authorization"]) <= len("Bearer "):
            return self.send(401, gateway_error(16, "missing bearer token"))
        query = dict(parse_qsl(url.query, keep_blank_values=True))
        try:
            self.list_customers(query)
        except ValueError as e:
            self.send(400, gateway_error(3, str(e)))

    def list_customers(self, query):
        unknown = sorted(set(query) - KNOWN)
        if unknown:
            raise ValueError(f"unknown parameter {unknown[0]} (dotted names only)")
        if query.get("identification_type") == "NONE" and len(query) > 1:
            # The smokes ask for this empty page with one filter and nothing else: a client that sends more
            # has put values on the wire its caller never set (a spec default, say).
            raise ValueError(f"identification_type=NONE was asked alone, but the request also sent "
                             f"{', '.join(sorted(set(query) - {'identification_type'}))}")

        def number(name, low, high, absent):
            text = query.get(name)
            if text is None:
                return absent
            if not text.lstrip("-").isdigit() or not low <= int(text) <= high:
                raise ValueError(f"{name} must be an integer from {low} to {high}, but was {text!r}")
            return int(text)

        size = number("page_params.page_size", 1, 100, 10)
        page = number("page_params.page_number", 1, 2**31 - 1, 1)
        seconds = number("page_params.first_request_timestamp.seconds", -62135596800, 253402300799, None)
        nanos = number("page_params.first_request_timestamp.nanos", 0, 999_999_999, None)
        if page > 1 and (seconds, nanos) != (SNAPSHOT_SECONDS, SNAPSHOT_NANOS):
            raise ValueError(f"page {page} must be pinned to page 1's snapshot {SNAPSHOT_TEXT} (seconds "
                             f"{SNAPSHOT_SECONDS}, nanos {SNAPSHOT_NANOS}), but was seconds {seconds}, nanos {nanos}")
        key = query.get("order_params.order_key", "created_at")
        if key not in ORDER_KEYS:
            raise ValueError(f"order_params.order_key must be one of {', '.join(ORDER_KEYS)}, but was {key!r}")
        direction = query.get("order_params.order_direction", DIRECTIONS[0])
        if direction not in DIRECTIONS:
            raise ValueError(f"order_params.order_direction must be one of {', '.join(DIRECTIONS)}, but was {direction!r}")

        number_filter = query.get("identification_number")
        if number_filter == "gateway-error":
            raise ValueError("identification_number gateway-error: the gateway's numeric error code, as asked")
        if number_filter == "html-error":
            return self.send(500, "<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head>"
                                  "<body><h1>500</h1><p>upstream failed</p></body></html>", "text/html; charset=utf-8")
        filters = {"identification_number": "identification_number", "customer_id": "id",
                   "identification_type": "identification_type"}
        rows = [c for c in CUSTOMERS
                if all(query.get(name) is None or c.get(field) == query[name] for name, field in filters.items())]
        rows.sort(key=lambda c: c.get(key, ""), reverse=direction == "DESC")
        total = len(rows)
        pages = (total + size - 1) // size
        info = {"first_request_timestamp": SNAPSHOT_TEXT, "current_page": page, "total_pages": pages,
                "total_elements": total, "next_page_token": "ignored"}
        body = {"customers": rows[(page - 1) * size:page * size], "pagination_info": info, "debug_info": {"shard": 7}}
        # protobuf-JSON leaves zero values out: no empty list, no zero counts.
        for name in ("total_pages", "total_elements"):
            if info[name] == 0:
                del info[name]
        if not body["customers"]:
            del body["customers"]
        self.send(200, body)


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"http://127.0.0.1:{server.server_address[1]}/", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
