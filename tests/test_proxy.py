"""deploy/nginx.conf, the proxy in front of the two gunicorn pools, run for real: nginx from the committed
file (with bench/proxy.py's ports and paths, as the benchmarks run it) in front of two fake pools that
say which of them answered and what they were sent."""

import concurrent.futures
import http.client
import json
import os
import shutil
import threading
import time

import pytest
from django.test import RequestFactory

from bench import free_port
from bench.proxy import nginx
from portal.accounts.adapters import client_ip
from tests.fakes.local_http import LocalHttpFake

pytestmark = pytest.mark.skipif(
    shutil.which("nginx") is None and not os.path.exists("/usr/sbin/nginx"),
    reason="nginx is not installed (apt-get install nginx)",
)


class Pool(LocalHttpFake):
    """A gunicorn pool stand-in: answers with its name and the request it received; while `held` is
    set, its answers to POSTs wait (a rush queued on the event's lock)."""

    def __init__(self, name):
        super().__init__()
        self.thread_name = name
        self.held = threading.Event()
        self.released = threading.Event()
        self.received = []

    def _handle(self, handler):
        body = handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
        self.received.append(handler.path)
        if handler.command == "POST" and self.held.is_set():
            self.released.wait(timeout=30)
        return self._json(
            200,
            {
                "pool": self.thread_name,
                "method": handler.command,
                "path": handler.path,
                "headers": dict(handler.headers),
                "body_bytes": len(body),
            },
        )


@pytest.fixture(scope="module")
def proxy():
    with Pool("reading") as reading, Pool("seats") as seats:
        port = free_port()
        ports = [int(pool.url.rsplit(":", 1)[1]) for pool in (reading, seats)]
        with nginx(port, *ports):
            yield port, reading, seats


def ask(port, method, path, body=b"", headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        content = response.read()
        return response.status, json.loads(content) if response.getheader(
            "Content-Type"
        ) == "application/json" else content
    finally:
        connection.close()


@pytest.mark.parametrize("path", ["/events/12/register/", "/en/events/12/register/"])
def test_a_registration_goes_to_the_seats_pool(proxy, path):
    port, _reading, _seats = proxy
    status, answer = ask(port, "POST", path, b"csrfmiddlewaretoken=x")
    assert status == 200 and answer["pool"] == "seats" and answer["path"] == path and answer["body_bytes"] == 21


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/events/12/register/"),  # the form itself
        ("GET", "/"),
        ("GET", "/news/training-social-innovators-dan-mae-lamao/"),
        ("GET", "/static/css/site.css"),
        ("POST", "/accounts/login/"),
        ("POST", "/events/signups/3/cancel/"),
        ("POST", "/events/12/check-in/"),
        ("POST", "/events/12/register/extra/"),
        ("POST", "/admin/events/12/walk-in/"),
        ("POST", "/th/events/12/register/"),
    ],
)
def test_everything_else_goes_to_the_reading_pool(proxy, method, path):
    status, answer = ask(proxy[0], method, path, b"x=1" if method == "POST" else b"")
    assert status == 200 and answer["pool"] == "reading" and answer["path"] == path


def test_pages_keep_coming_while_every_registration_waits(proxy):
    port, _reading, seats = proxy
    seats.held.set()
    seats.released.clear()
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=40) as rush:
            waiting = [
                rush.submit(ask, port, "POST", "/events/7/register/", b"csrfmiddlewaretoken=x") for _ in range(40)
            ]
            deadline = time.monotonic() + 10
            while seats.received.count("/events/7/register/") < 40 and time.monotonic() < deadline:
                time.sleep(0.05)
            started = time.monotonic()
            pages = [ask(port, "GET", "/")[1]["pool"] for _ in range(20)]
            reading_took = time.monotonic() - started
            assert not any(future.done() for future in waiting), "the registrations were not held"
            seats.released.set()
            answers = [future.result() for future in waiting]
    finally:
        seats.held.clear()
        seats.released.set()
    assert pages == ["reading"] * 20 and reading_took < 5
    assert [(status, answer["pool"]) for status, answer in answers] == [(200, "seats")] * 40


def test_the_pools_see_the_visitors_host_scheme_and_address(proxy, settings):
    port = proxy[0]
    _, plain = ask(port, "GET", "/", headers={"Host": "volunteer.example.org", "X-Forwarded-For": "203.0.113.9"})
    assert plain["headers"]["Host"] == "volunteer.example.org"
    assert plain["headers"]["X-Forwarded-Proto"] == "http"
    assert plain["headers"]["X-Forwarded-For"] == "203.0.113.9, 127.0.0.1"
    # Behind one proxy the pools believe its entry only: what a visitor wrote there changes nothing.
    settings.TRUSTED_PROXY_COUNT = 1
    seen = RequestFactory().get("/", REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR=plain["headers"]["X-Forwarded-For"])
    assert client_ip(seen) == "127.0.0.1"
    _, behind_tls = ask(port, "GET", "/", headers={"X-Forwarded-Proto": "https"})
    assert behind_tls["headers"]["X-Forwarded-Proto"] == "https"


@pytest.mark.parametrize(
    "path",
    [
        "/media/documents/minutes.pdf",
        "/media/original_images/a.jpg",
        "/media/images/a.jpg",
        "/media/../media/documents/a.pdf",
    ],
)
def test_nothing_under_media_is_served_or_passed_on(proxy, path):
    port, reading, _seats = proxy
    before = len(reading.received)
    status, _ = ask(port, "GET", path)
    assert status == 404 and len(reading.received) == before


def test_an_admin_upload_of_twenty_mebibytes_passes_and_a_larger_one_is_refused(proxy):
    port = proxy[0]
    status, answer = ask(port, "POST", "/admin/documents/multiple/add/", b"x" * (20 * 1024 * 1024))
    assert status == 200 and answer["body_bytes"] == 20 * 1024 * 1024
    assert ask(port, "POST", "/admin/documents/multiple/add/", b"x" * (22 * 1024 * 1024))[0] == 413
