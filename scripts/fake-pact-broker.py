"""A stand-in Pact Broker on a loopback port, for checking the broker commands without a broker.

It answers the index (GET /) with the publish relation only, records every request's method and path
in LOG (one a line) and the body of the publish request in BODY, and answers anything else with 404.
It prints its port first. Usage: python3 scripts/fake-pact-broker.py LOG BODY
"""
import http.server
import json
import sys

log_path, body_path = sys.argv[1], sys.argv[2]


class Broker(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def record(self):
        with open(log_path, "a") as log:
            log.write(f"{self.command} {self.path}\n")

    def answer(self, status, document):
        data = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/hal+json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.record()
        if self.path == "/":
            base = f"http://127.0.0.1:{self.server.server_port}"
            self.answer(200, {"_links": {"pb:publish-contracts": {"href": base + "/contracts/publish"}}})
        else:
            self.answer(404, {"error": "not in this stand-in"})

    def do_POST(self):
        self.record()
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path == "/contracts/publish":
            with open(body_path, "wb") as out:
                out.write(body)
            self.answer(200, {"notices": [], "_links": {}})
        else:
            self.answer(404, {"error": "not in this stand-in"})

    do_PUT = do_POST


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Broker)
print(server.server_port, flush=True)
server.serve_forever()
