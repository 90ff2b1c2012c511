"""Schemathesis hooks for fuzzing the sandbox from openapi/customers.yaml (SCHEMATHESIS_HOOKS=schemathesis_hooks,
with scripts/ on PYTHONPATH; scripts/check-generated-clients.sh sets both). Two facts about the server under
test that the spec cannot state in a schema, and nothing else:

1. `order_params.order_key` is an extensible enum (`x-extensible-enum`: the keys may grow, so the spec leaves
   the string open), but a server answers an order key it does not know with 400, as the spec says in
   words. For the fuzzer the parameter is closed to the keys the spec lists: valid cases then use a known
   key and expect 2xx, and invalid ones (any other string) expect the 400 the sandbox gives. The filter
   `identification_type` stays open: an unknown type is a filter that matches nothing (an empty 200).
2. The token operation is exercised with the sandbox's registered client (its default credentials) in
   place of the spec's example ids whenever the generated body carries two non-empty strings there, so
   that valid requests get a 200 and its schema is checked; bodies that are invalid stay invalid.
"""
import schemathesis

SANDBOX_CLIENT_ID = "sandbox-client"
SANDBOX_CLIENT_SECRET = "sandbox-secret"


@schemathesis.hook
def before_load_schema(context, raw_schema):
    order_key = raw_schema["components"]["parameters"]["OrderKey"]["schema"]
    order_key["enum"] = list(order_key["x-extensible-enum"])


@schemathesis.hook("map_body").apply_to(method="POST", path="/v1/iam/oauth/tokens")
def use_the_sandbox_client(context, body):
    if (isinstance(body, dict) and isinstance(body.get("client_id"), str) and body["client_id"]
            and isinstance(body.get("client_secret"), str) and body["client_secret"]):
        body = dict(body, client_id=SANDBOX_CLIENT_ID, client_secret=SANDBOX_CLIENT_SECRET)
    return body
