"""A stand-in Pact Broker on a loopback port, for checking the broker commands without a broker.

It records every request's method and path in LOG (one a line) and the body of the publish request
in BODY. With --pact FILE it also serves that pact for verification, as a broker serves a provider:
  GET  /                                   the index: publish, pacts-for-verification and latest-pact relations
  GET, POST /pacts/provider/P/for-verification   the relation, then the pact, with the selectors, pending and WIP flags recorded in
                                           --selectors FILE
  GET  /pacts/provider/P/consumer/C/latest the pact itself (a URL a provider may verify from)
  GET  /matrix?...                          not deployable: it knows no verifications
  GET  /pacticipants/P, PUT /pacticipants/P/branches/B/versions/V   the provider, and its version on its branch
  POST .../verification-results            the results, recorded in --results FILE (answered with 500,
                                           and not recorded, with --refuse-results)
Anything else is answered with 404. It prints its port first.
Usage: python3 scripts/fake-pact-broker.py LOG BODY [--pact FILE] [--selectors FILE] [--results FILE] [--refuse-results]
"""
import argparse
import http.server
import json

parser = argparse.ArgumentParser()
parser.add_argument("log")
parser.add_argument("body")
parser.add_argument("--pact")
parser.add_argument("--selectors")
parser.add_argument("--results")
parser.add_argument("--refuse-results", action="store_true")
args = parser.parse_args()
pact = json.load(open(args.pact)) if args.pact else None
provider = pact["provider"]["name"] if pact else None
consumer = pact["consumer"]["name"] if pact else None


class Broker(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def record(self):
        with open(args.log, "a") as log:
            log.write(f"{self.command} {self.path}\n")

    def base(self):
        return f"http://127.0.0.1:{self.server.server_port}"

    def pact_path(self):
        return f"/pacts/provider/{provider}/consumer/{consumer}/latest"

    def answer(self, status, document):
        data = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/hal+json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.record()
        base = self.base()
        if self.path == "/":
            links = {"pb:publish-contracts": {"href": base + "/contracts/publish"}}
            if pact:
                links["pb:provider-pacts-for-verification"] = {
                    "href": base + "/pacts/provider/{provider}/for-verification", "templated": True}
                links["pb:latest-provider-pacts"] = {
                    "href": base + "/pacts/provider/{provider}/latest", "templated": True}
            self.answer(200, {"_links": links})
        elif self.path.startswith("/matrix?"):
            # No verification is known here: not deployable, and nothing unknown to wait for.
            self.answer(200, {"summary": {"deployable": False, "reason": "the stand-in broker knows no verifications",
                                          "success": 0, "failed": 0, "unknown": 0},
                              "matrix": [], "notices": []})
        elif pact and self.path == f"/pacts/provider/{provider}/for-verification":
            self.answer(200, {"_links": {"self": {"href": base + self.path}}})
        elif pact and self.path == self.pact_path():
            served = dict(pact)
            served["_links"] = {
                "pb:publish-verification-results": {"href": base + self.pact_path() + "/verification-results"},
                "pb:provider": {"href": f"{base}/pacticipants/{provider}"}}
            self.answer(200, served)
        elif pact and self.path == f"/pacticipants/{provider}":
            self.answer(200, {"name": provider, "_links": {
                "pb:branch-version": {"href": base + f"/pacticipants/{provider}/branches/{{branch}}/versions/{{version}}",
                                      "templated": True},
                "pb:version-tag": {"href": base + f"/pacticipants/{provider}/versions/{{version}}/tags/{{tag}}",
                                   "templated": True}}})
        else:
            self.answer(404, {"error": "not in this stand-in"})

    def do_POST(self):
        self.record()
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        base = self.base()
        if self.path == "/contracts/publish":
            with open(args.body, "wb") as out:
                out.write(body)
            self.answer(200, {"notices": [], "_links": {}})
        elif pact and self.path == f"/pacts/provider/{provider}/for-verification":
            if args.selectors:
                with open(args.selectors, "wb") as out:
                    out.write(body)
            # The key is "pacts", as the pact_verifier crate reads it (the broker's docs show "pactVersions").
            self.answer(200, {"_embedded": {"pacts": [{
                "shortDescription": "latest from main",
                "verificationProperties": {"pending": False, "notices": [
                    {"when": "before_verification", "text": "The pact at ... is being verified because it matches the selector {mainBranch: true}"}]},
                "_links": {"self": {"href": base + self.pact_path(), "name": f"Pact between {consumer} and {provider}",
                                   "templated": False}},
            }]}})
        elif pact and self.command == "PUT" and self.path.startswith(f"/pacticipants/{provider}/branches/"):
            self.answer(200, {"_links": {}})  # the provider version on its branch: in LOG, as PUT .../branches/B/versions/V
        elif pact and self.path == self.pact_path() + "/verification-results":
            if args.refuse_results:
                self.answer(500, {"error": "the stand-in refuses results (--refuse-results)"})
                return
            if args.results:
                with open(args.results, "wb") as out:
                    out.write(body)
            self.answer(201, {"_links": {}})
        else:
            self.answer(404, {"error": "not in this stand-in"})

    do_PUT = do_POST


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Broker)
print(server.server_port, flush=True)
server.serve_forever()
