"""Throwaway servers for the failure drills: each drill stops and starts its own Redis (or
PostgreSQL cluster), never the shared ones the other tests use."""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from config.celery import app
from tests.services import service_missing


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
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert wait_for_port(self.port), "the throwaway redis-server did not start"

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


def _forget_broker_connections():
    """The app keeps its connection and producer pools to the broker it first used; as after a fork,
    drop them so that the next publish connects to the broker now configured."""
    app._after_fork()


@pytest.fixture
def own_redis(settings):
    """A throwaway Redis that is, as in production, both the Celery broker and the cache (with the public
    page cache on) of the app in this process, for the test."""
    if not shutil.which("redis-server"):
        service_missing("redis-server is not installed (apt-get install redis-server)")
    redis = ThrowawayRedis()
    redis.start()
    saved = app.conf.broker_url
    app.conf.broker_url = settings.CELERY_BROKER_URL = redis.url
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": redis.url[:-1] + "1",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    _forget_broker_connections()
    try:
        yield redis
    finally:
        app.conf.broker_url = saved
        _forget_broker_connections()
        redis.stop()


POSTGRES_BIN = Path("/usr/lib/postgresql/15/bin")


class ThrowawayPostgres:
    """A PostgreSQL cluster of our own in a temporary folder, on a free port, owned by the postgres
    user (initdb refuses root), with trust authentication on 127.0.0.1 and no fsync."""

    def __init__(self, folder):
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.log = folder / "postgres.log"

    def _run(self, *command):
        command = [str(POSTGRES_BIN / command[0]), *command[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)

    def _pg_ctl(self, action, *options):
        server_options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-o", server_options, *options, action)

    def create(self):
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
        self.start()

    def crash(self):
        """Stop without a shutdown checkpoint, every connection cut at once: the next start recovers."""
        self._pg_ctl("stop", "-m", "immediate")

    def start(self):
        self._pg_ctl("start")

    def stop(self):
        with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
            self._pg_ctl("stop", "-m", "fast")

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"


@pytest.fixture
def own_postgres():
    if not (POSTGRES_BIN / "initdb").exists():
        service_missing(f"PostgreSQL's initdb is not installed at {POSTGRES_BIN} (apt-get install postgresql)")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        service_missing("running as root without runuser to start PostgreSQL as the postgres user")
    folder = Path(tempfile.mkdtemp(prefix="drill-pg-"))
    cluster = ThrowawayPostgres(folder)
    try:
        cluster.create()
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)
