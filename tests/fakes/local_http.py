"""A fake web service on 127.0.0.1 (a free port, a background thread): a subclass answers each request
in `_handle(handler)` with (status, headers, body). Use as a context manager, or start() / stop()."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class LocalHttpFake:
    thread_name = "fake-service"

    def __init__(self):
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self):
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name=self.thread_name, daemon=True
        )
        self._thread.start()
        return self

    def stop(self):
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = self._thread = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @staticmethod
    def _json(status, body):
        headers = {"Content-Type": "application/json", "Cache-Control": "no-store", "Pragma": "no-cache"}
        return status, headers, json.dumps(body, ensure_ascii=False).encode()

    @staticmethod
    def _page(status, text):
        return status, {"Content-Type": "text/plain; charset=utf-8"}, text.encode()

    @staticmethod
    def _redirect(location):
        return 302, {"Location": location}, b""

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _respond(self):
                try:
                    status, headers, body = fake._handle(self)
                except Exception as error:  # noqa: BLE001  (a bug in the fake must show up in the test, not hang it)
                    status, headers, body = fake._page(500, f"{fake.thread_name} crashed: {error!r}")
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _respond

            def log_message(self, format, *args):
                pass

        return Handler
