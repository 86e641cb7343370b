"""A local fake of OSV's query endpoint (https://google.github.io/osv.dev/post-v1-query/), for the
dependency audit's tests: the real service lies outside the machine.

POST /v1/query with `{"package": {"name", "ecosystem"}, "version"}` is answered `{"vulns": [...]}`
for the advisories registered with `fake.advise(name, version, advisory_id)`, `{}` when there are
none, and 400 `{"code": 3, "message": ...}` (OSV's error body) for a query without a package name,
ecosystem or version. `fake.queries` holds every well-formed query, in order."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeOsv:
    def __init__(self):
        self.queries = []
        self._advisories = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_port}"

    def advise(self, name, version, advisory_id, fixed="99.0", aliases=()):
        self._advisories.setdefault((name, version), []).append(
            {
                "id": advisory_id,
                "summary": f"A test advisory against {name} {version}",
                "aliases": list(aliases),
                "modified": "2026-11-01T00:00:00Z",
                "published": "2026-11-01T00:00:00Z",
                "affected": [
                    {
                        "package": {"name": name, "ecosystem": "PyPI"},
                        "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": fixed}]}],
                    }
                ],
            }
        )

    def __enter__(self):
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    query = json.loads(body)
                    package = query["package"]
                    key = (package["name"], query["version"])
                    assert package["ecosystem"] and all(key)
                except (ValueError, KeyError, TypeError, AssertionError):
                    return self._answer(400, {"code": 3, "message": "Invalid query."})
                if self.path != "/v1/query":
                    return self._answer(404, {"code": 5, "message": "Not Found"})
                fake.queries.append(query)
                vulns = fake._advisories.get(key) if package["ecosystem"] == "PyPI" else None
                self._answer(200, {"vulns": vulns} if vulns else {})

            def _answer(self, status, payload):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        return Handler
