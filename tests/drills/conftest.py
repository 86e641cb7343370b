"""Throwaway servers for the failure drills: each drill stops and starts its own Redis (or
PostgreSQL cluster), never the shared ones the other tests use."""

import contextlib
import os
import shutil
import socket
import subprocess
import time

import pytest

from config.celery import app
from tests.portal.accounts.conftest import make_volunteer  # noqa: F401  (fixture)
from tests.portal.events.conftest import event, make_event, programme  # noqa: F401  (fixtures)


def service_missing(reason):
    """As tests/conftest.py does for the shared services: skip with the reason, fail under CI=true."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and a required service is missing: {reason}", pytrace=False)
    pytest.skip(reason)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
        time.sleep(0.05)
    return False


class ThrowawayRedis:
    """A redis-server of our own on a free port, without persistence: stop() loses every queued message,
    as a Redis that crashed would."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--daemonize", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        assert wait_for_port(self.port), "the throwaway redis-server did not start"

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


def _forget_broker_connections():
    app._pool = None
    app.__dict__.get("amqp") and setattr(app.amqp, "_producer_pool", None)


@pytest.fixture
def own_redis(settings):
    """A throwaway Redis that the Celery app (in this process) uses as its broker for the test."""
    if not shutil.which("redis-server"):
        service_missing("redis-server is not installed (apt-get install redis-server)")
    redis = ThrowawayRedis()
    redis.start()
    saved = app.conf.broker_url
    app.conf.broker_url = settings.CELERY_BROKER_URL = redis.url
    _forget_broker_connections()
    try:
        yield redis
    finally:
        app.conf.broker_url = saved
        _forget_broker_connections()
        redis.stop()
