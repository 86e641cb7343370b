"""Benchmark scripts, run by hand from the repository root (see README.md); not part of the
application or the test suite. What they share lives here: a throw-away PostgreSQL database and
var/ directory, production settings (through bench/settings.py) in this process and in gunicorn."""

import contextlib
import http.client
import io
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
RESERVED_PORTS = {8000, 8001}  # the demo's and the developers' servers
# On a machine shared by several people: BENCH_PORTS=8160-8169 keeps the servers to those ports, and
# BENCH_DB_SUFFIX=_h6 gives the throw-away databases names of their own.
PORT_RANGE = os.environ.get("BENCH_PORTS", "")
DB_SUFFIX = os.environ.get("BENCH_DB_SUFFIX", "")


def log(message=""):
    print(message, flush=True)


def _admin_sql(statement):
    import psycopg2

    connection = psycopg2.connect(f"{POSTGRES_URL}/postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


def free_port(taken=()):
    """A port nothing listens on, not one of `taken` (chosen already, not yet bound)."""
    if PORT_RANGE:
        first, last = (int(part) for part in PORT_RANGE.split("-"))
        for port in sorted(set(range(first, last + 1)) - set(taken)):
            with socket.socket() as probe, contextlib.suppress(OSError):
                probe.bind(("127.0.0.1", port))
                return port
        raise SystemExit(f"no free port in BENCH_PORTS={PORT_RANGE}")
    while True:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port not in RESERVED_PORTS and port not in taken:
            return port


@contextlib.contextmanager
def bench_site(db_name, broker=None):
    """A fresh database `db_name` with the demo content, and Django set up in this process with the
    production settings pointed at it. Yields the port gunicorn will use; drops everything afterwards.
    Without a broker given, tasks are queued on BENCH_REDIS_URL in a queue of the run's own, where
    nothing runs them (a worker started with this environment would). Mail is written to files."""
    assert db_name.startswith("bench_"), "benchmarks only ever drop their own bench_* databases"
    db_name += DB_SUFFIX
    port = free_port()
    var_dir = Path(tempfile.mkdtemp(prefix=f"{db_name}-"))
    for folder in ("media", "static", "mail"):
        (var_dir / folder).mkdir(parents=True)
    run = f"{db_name}-{secrets.token_hex(4)}"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=f"http://127.0.0.1:{port}",
        DATABASE_URL=f"{POSTGRES_URL}/{db_name}",
        REDIS_URL=REDIS_URL,
        BENCH_CACHE_KEY_PREFIX=run,
        BENCH_TASK_QUEUE=run,
        SECURE_SSL_REDIRECT="false",  # plain HTTP on the loopback; there is no TLS proxy in front
        SERVE_MEDIA="true",
        VAR_DIR=str(var_dir),
        MEDIA_ROOT=str(var_dir / "media"),
        STATIC_ROOT=str(var_dir / "static"),
        # The production settings want an SMTP server; bench/settings.py writes mail to BENCH_MAIL_DIR instead.
        EMAIL_URL="smtp://127.0.0.1:9",
        BENCH_MAIL_DIR=str(var_dir / "mail"),
        CELERY_BROKER_URL=broker or REDIS_URL,
        LOG_LEVEL="WARNING",
    )
    _admin_sql(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
    _admin_sql(f'CREATE DATABASE "{db_name}"')
    try:
        import django
        from django.core.management import call_command

        django.setup()
        for command, options in (("migrate", {}), ("load_demo", {}), ("collectstatic", {"interactive": False})):
            started = time.monotonic()
            call_command(command, verbosity=0, stdout=io.StringIO(), **options)
            log(f"manage.py {command}: {time.monotonic() - started:.1f} s")
        yield port
    finally:
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        _admin_sql(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        shutil.rmtree(var_dir, ignore_errors=True)
        cache = redis.Redis.from_url(REDIS_URL)
        for key in cache.scan_iter(f"{run}:*"):
            cache.delete(key)
        cache.delete(run)  # the run's task queue


@contextlib.contextmanager
def gunicorn(port, workers, threads=1, cpus=None):
    """gunicorn serving config.wsgi with the environment bench_site set up; sync workers when
    threads is 1, gthread otherwise; on the CPU cores `cpus` only (taskset), if given."""
    from django.db import connections

    connections.close_all()  # gunicorn gets the database to itself while it is measured
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--log-level",
        "warning",
    ]
    if cpus is not None:
        command = ["taskset", "--cpu-list", cpus, *command]
    process = subprocess.Popen(command, cwd=ROOT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while status(port, "/healthz/ready") != 200:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not start (exit code {process.poll()})")
            time.sleep(0.3)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # its own session: only gunicorn's processes
            process.wait()


def get(port, path, timeout=300):
    """(status, body) of a GET on the local server."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def status(port, path):
    try:
        return get(port, path, timeout=5)[0]
    except OSError:
        return None


def machine():
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown CPU",
    )
    memory_kib = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
    load = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"{os.cpu_count()} CPUs ({model}), {memory_kib / 1024**2:.0f} GiB RAM, load average {load} before the run"
