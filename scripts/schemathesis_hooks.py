"""Schemathesis hooks for fuzzing the sandbox from openapi/customers.yaml (SCHEMATHESIS_HOOKS=schemathesis_hooks,
with scripts/ on PYTHONPATH; scripts/check-generated-clients.sh sets both). One fact about the server under test
that the spec cannot state in a schema, and nothing else: the token operation is exercised with the sandbox's
registered client (its default credentials) in place of the spec's example ids whenever the generated body
carries two non-empty strings there, so that valid requests get a 200 and its schema is checked; bodies that
are invalid stay invalid. Every finding about the customer operations is Schemathesis's own: no hook changes
their schema or their requests.
"""
import schemathesis

SANDBOX_CLIENT_ID = "sandbox-client"
SANDBOX_CLIENT_SECRET = "sandbox-secret"


@schemathesis.hook("map_body").apply_to(method="POST", path="/v1/iam/oauth/tokens")
def use_the_sandbox_client(context, body):
    if (isinstance(body, dict) and isinstance(body.get("client_id"), str) and body["client_id"]
            and isinstance(body.get("client_secret"), str) and body["client_secret"]):
        body = dict(body, client_id=SANDBOX_CLIENT_ID, client_secret=SANDBOX_CLIENT_SECRET)
    return body
