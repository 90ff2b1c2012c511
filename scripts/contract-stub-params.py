#!/usr/bin/env python3
"""Prints "PAGE_SIZE TOKEN" for the smoke tests run against pact-stub-server on a contract file.

Both come from the contract's own example values, not from this project's fixtures, so that the smokes
follow the contract as it changes: the listing whose first page says there are more pages (the
interaction a full pinned listing starts with), its page size, and the bearer token its request shows.
Fails, naming what is missing, when the contract has no such listing.

    scripts/contract-stub-params.py contracts/passport-customers-java-passport-paas-customers.json
"""
import json
import sys


def first(values):
    """A V4 pact gives query and header values as lists; older ones as strings."""
    if isinstance(values, list):
        return values[0] if values else None
    return values


def body_of(response):
    body = response.get("body")
    if isinstance(body, dict) and "content" in body:  # V4: {"content": ..., "contentType": ...}
        body = body["content"]
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except ValueError:
            return None
    return body if isinstance(body, dict) else None


def header(request, name):
    for key, value in (request.get("headers") or {}).items():
        if key.lower() == name.lower():
            return first(value)
    return None


def main(path):
    with open(path, encoding="utf-8") as f:
        pact = json.load(f)
    for interaction in pact.get("interactions", []):
        request, response = interaction.get("request", {}), interaction.get("response", {})
        if request.get("method", "").upper() != "GET" or request.get("path") != "/v1/customers":
            continue
        if response.get("status") != 200:
            continue
        query = request.get("query") or {}
        if any(k.startswith("page_params.first_request_timestamp") for k in query):
            continue  # a later page: the listing starts elsewhere
        if first(query.get("page_params.page_number", ["1"])) != "1":
            continue
        if any(k not in ("page_params.page_size", "page_params.page_number") for k in query):
            continue  # filtered or ordered: not the plain listing
        size = first(query.get("page_params.page_size"))
        body = body_of(response) or {}
        pages = (body.get("pagination_info") or {}).get("total_pages", 0)
        auth = header(request, "Authorization") or ""
        if size is None or not isinstance(pages, int) or pages < 2 or not auth.startswith("Bearer "):
            continue
        print(size, auth[len("Bearer "):])
        return 0
    print(f"{path}: no GET /v1/customers interaction for page 1 of several, with page_params.page_size "
          "and a Bearer token: nothing for the smoke tests to list", file=sys.stderr)
    return 1


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: contract-stub-params.py PACT_FILE", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
