"""A Customers API provider written from contracts/PROVIDER.md and openapi/customers.yaml alone.

It shares no code with the sandbox (src/sandbox): it plays a provider team that read the guide and
the spec, so that the contract and the guide are checked against what such a team would build. Its
own ids, tokens and client credentials; customers created now; one test entity (the guide's entity
model), held in memory; the provider-state endpoint at POST /_pact/provider-states.

--break MODE makes one deliberate slip, each a regression the contract must catch:
  pin-ignored     a pinned page is cut at now and says so (fresh first_request_timestamp, later customers counted)
  filter-ignored  customer_id is ignored: every customer is listed
  field-renamed   customers carry customer_id instead of id
  401-for-403     a token without the list scope gets 401 instead of 403

Usage: python3 provider.py [--break MODE]. Listens on 127.0.0.1 on a free port and prints the port first;
writes "setup: STATE" and "teardown: STATE" to stderr for each provider-state call.
Standard library only (Python 3.9+).
"""
import argparse
import datetime
import http.server
import json
import secrets
import sys
import threading
import urllib.parse
import uuid

LIST_SCOPE = "paas.core.entity_customers.list.get"
GET_SCOPE = "paas.core.entity_customers.get"
ORDER_KEYS = ("created_at", "updated_at", "business_name", "identification_number")
BREAKS = ("pin-ignored", "filter-ignored", "field-renamed", "401-for-403")


def now():
    return datetime.datetime.now(datetime.timezone.utc)


def rfc3339(instant):
    """UTC with milliseconds and Z, as the provider writes its timestamps."""
    return instant.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + \
        f"{instant.microsecond // 1000:03d}Z"


class Entity:
    """The one test entity: its customers, the tokens issued for it, its API clients. Guarded by lock."""

    def __init__(self):
        self.lock = threading.Lock()
        self.customers = []
        self.tokens = {}  # token -> (expires, scopes)
        self.clients = {}  # client_id -> client_secret
        self.serial = 0

    def customer(self, created, identification_type="NIT", identification_number=None):
        self.serial += 1
        return {
            "id": str(uuid.uuid4()),
            "type": "BUSINESS",
            "business_name": f"Comercial {self.serial:05d} S.A.S.",
            "identification_type": identification_type,
            "identification_number": identification_number or str(800000000 + self.serial),
            "status": "ACTIVE",
            "created_at": rfc3339(created),
            "updated_at": rfc3339(created),
            "_created": created,
        }

    def issue(self, lifetime, *scopes):
        token = "tok_" + secrets.token_urlsafe(24)
        self.tokens[token] = (now() + lifetime, set(scopes))
        return token


class StateError(Exception):
    pass


def whole(params, name, default=None):
    value = params.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise StateError(f'the param "{name}" must be a whole number, 0 or more, but was {value!r}')
    return value


def set_up(entity, state, params):
    """Sets up one state in the entity (the guide's table) and returns the values it made."""
    hour = datetime.timedelta(hours=1)
    if state == "a valid access token with the customer scopes":
        return {"token": entity.issue(hour, LIST_SCOPE, GET_SCOPE)}
    if state == "an expired access token":
        return {"token": entity.issue(-hour, LIST_SCOPE, GET_SCOPE)}
    if state == "a token without the list scope":
        return {"token": entity.issue(hour, GET_SCOPE)}
    if state == "customers exist":
        count = whole(params, "count")
        entity.customers = [entity.customer(now()) for _ in range(count)]
        return {}
    if state == "customers were created before and after a snapshot":
        try:
            snapshot = datetime.datetime.fromisoformat(str(params.get("snapshot")).replace("Z", "+00:00"))
        except ValueError:
            raise StateError(f'the param "snapshot" must be an RFC 3339 date-time, but was {params.get("snapshot")!r}')
        before, after = whole(params, "before"), whole(params, "after")
        entity.customers = [entity.customer(snapshot - datetime.timedelta(minutes=i + 1)) for i in range(before)]
        entity.customers += [entity.customer(now()) for _ in range(after)]
        return {}
    if state == "no customers exist":
        entity.customers = []
        return {}
    if state == "a customer exists":
        mine = entity.customer(now(), "PA", "P" + secrets.token_hex(6).upper())
        entity.customers = [entity.customer(now()) for _ in range(3)] + [mine]
        return {key: mine[key] for key in ("id", "identification_type", "identification_number")}
    if state == "an API client is registered":
        client_id, client_secret = "cli_" + secrets.token_hex(8), secrets.token_urlsafe(24)
        entity.clients[client_id] = client_secret
        return {"client_id": client_id, "client_secret": client_secret}
    raise StateError(f'unknown provider state "{state}"')


class Api(http.server.BaseHTTPRequestHandler):
    entity = Entity()
    broken = None

    def log_message(self, *args):
        pass

    def answer(self, status, document=None):
        data = b"" if document is None else json.dumps(document).encode()
        self.send_response(status)
        if document is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def error(self, status, code, message):
        self.answer(status, {"code": code, "message": message, "http_code": status})

    def body(self):
        try:
            return json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"null")
        except ValueError:
            return None

    def token_scopes(self):
        """The scopes of the request's token, or None after answering 401."""
        header = self.headers.get("Authorization", "")
        token = header[len("Bearer "):] if header.startswith("Bearer ") else None
        found = self.entity.tokens.get(token)
        if found is None or found[0] <= now():
            self.error(401, "UNAUTHENTICATED", "missing, unknown or expired access token")
            return None
        return found[1]

    def do_POST(self):
        path = urllib.parse.urlsplit(self.path).path
        body = self.body()
        with self.entity.lock:
            if path == "/_pact/provider-states":
                if not isinstance(body, dict) or not isinstance(body.get("state"), str):
                    return self.error(400, "INVALID_ARGUMENT", "the body must be JSON {state, params, action}")
                if body.get("action") == "teardown":
                    print("teardown:", body["state"], file=sys.stderr, flush=True)
                    return self.answer(200, {})
                print("setup:", body["state"], file=sys.stderr, flush=True)
                try:
                    return self.answer(200, set_up(self.entity, body["state"], body.get("params") or {}))
                except StateError as e:
                    return self.error(400, "INVALID_ARGUMENT", str(e))
            if path == "/v1/iam/oauth/tokens":
                if not isinstance(body, dict) or body.get("grant_type") != "client_credentials":
                    return self.error(400, "INVALID_ARGUMENT", "grant_type must be client_credentials")
                if self.entity.clients.get(body.get("client_id")) != body.get("client_secret"):
                    return self.error(401, "UNAUTHENTICATED", "unknown client credentials")
                token = self.entity.issue(datetime.timedelta(hours=1), LIST_SCOPE, GET_SCOPE)
                return self.answer(200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600})
            return self.error(404, "NOT_FOUND", "no such resource")

    def do_GET(self):
        split = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(split.query, keep_blank_values=True))
        with self.entity.lock:
            if split.path == "/v1/customers":
                return self.list_customers(query)
            if split.path.startswith("/v1/customers/"):
                scopes = self.token_scopes()
                if scopes is None:
                    return
                if GET_SCOPE not in scopes:
                    return self.error(403, "PERMISSION_DENIED", f"the token lacks {GET_SCOPE}")
                wanted = split.path[len("/v1/customers/"):]
                for customer in self.entity.customers:
                    if customer["id"] == wanted:
                        return self.answer(200, self.public(customer))
                return self.error(404, "NOT_FOUND", "no such customer")
            return self.error(404, "NOT_FOUND", "no such resource")

    def public(self, customer):
        shown = {k: v for k, v in customer.items() if not k.startswith("_")}
        if self.broken == "field-renamed":
            shown["customer_id"] = shown.pop("id")
        return shown

    def list_customers(self, query):
        scopes = self.token_scopes()
        if scopes is None:
            return
        if LIST_SCOPE not in scopes:
            if self.broken == "401-for-403":
                return self.error(401, "UNAUTHENTICATED", f"the token lacks {LIST_SCOPE}")
            return self.error(403, "PERMISSION_DENIED", f"the token lacks {LIST_SCOPE}")
        try:
            size = int(query.get("page_params.page_size", "10"))
            number = int(query.get("page_params.page_number", "1"))
            seconds = query.get("page_params.first_request_timestamp.seconds")
            nanos = int(query.get("page_params.first_request_timestamp.nanos", "0"))
        except ValueError:
            return self.error(400, "INVALID_ARGUMENT", "page_params must be integers")
        if not 1 <= size <= 100 or number < 1 or not 0 <= nanos <= 999999999:
            return self.error(400, "INVALID_ARGUMENT", "page_size is 1 to 100, page_number 1 or more")
        key = query.get("order_params.order_key", "created_at")
        if key not in ORDER_KEYS:
            return self.error(400, "INVALID_ARGUMENT", f"order_params.order_key must be one of {ORDER_KEYS}")
        descending = query.get("order_params.order_direction") == "DESC"
        if seconds is not None and self.broken != "pin-ignored":
            snapshot = datetime.datetime.fromtimestamp(int(seconds), datetime.timezone.utc) \
                + datetime.timedelta(microseconds=nanos // 1000)
        else:
            snapshot = now()
        chosen = [c for c in self.entity.customers if c["_created"] <= snapshot]
        for param in ("customer_id", "identification_type", "identification_number"):
            if param in query and not (param == "customer_id" and self.broken == "filter-ignored"):
                field = "id" if param == "customer_id" else param
                chosen = [c for c in chosen if c[field] == query[param]]
        if not self.entity.customers:
            return self.error(404, "NOT_FOUND", "the entity has no customers")
        chosen.sort(key=lambda c: (c[key], c["id"]), reverse=descending)
        pages = (len(chosen) + size - 1) // size
        self.answer(200, {
            "customers": [self.public(c) for c in chosen[(number - 1) * size:number * size]],
            "pagination_info": {
                "first_request_timestamp": rfc3339(snapshot),
                "current_page": number,
                "total_pages": pages,
                "total_elements": len(chosen),
            },
        })


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--break", dest="broken", choices=BREAKS, help="make one deliberate slip")
    Api.broken = parser.parse_args().broken
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Api)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
