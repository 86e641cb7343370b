"""The production shape for the benchmarks: nginx from deploy/nginx.conf in front of two gunicorn pools,
`reading` and `seats` (docs/deployment.md), as docker-compose.yml runs them. The committed file is used
as it is, with only this machine's ports and paths put in place of the containers' (each replacement must
find its line exactly once, so a change to the file cannot slip past the benchmarks unnoticed)."""

import contextlib
import getpass
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from bench import ROOT, free_port, gunicorn, status

NGINX_CONF = ROOT / "deploy" / "nginx.conf"
SEAT_ROUTE_MAP = "        default reading;\n"


def nginx_config(port, reading_port, seats_port, run_dir, extra_seat_routes=()):
    """deploy/nginx.conf listening on 127.0.0.1:`port`, its pools on this machine's `reading_port` and
    `seats_port`, its pid, logs and temporary files under `run_dir`; `extra_seat_routes` (regular
    expressions of "METHOD /path") also go to the seats pool, as a benchmark's own ceiling must."""
    text = NGINX_CONF.read_text()
    replacements = {
        "user nginx;": f"user {getpass.getuser()};",
        "pid /var/run/nginx.pid;": f"pid {run_dir}/nginx.pid;",
        "error_log /dev/stderr warn;": f"error_log {run_dir}/error.log warn;",
        "access_log /dev/stdout combined;": f"access_log {run_dir}/access.log combined;",
        "listen 80;": f"listen 127.0.0.1:{port};",
        "server web:8000;": f"server 127.0.0.1:{reading_port};",
        "server web-seats:8000;": f"server 127.0.0.1:{seats_port};",
        "http {\n": "http {\n"
        + "".join(
            f"    {kind}_temp_path {run_dir}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        ),
        SEAT_ROUTE_MAP: SEAT_ROUTE_MAP + "".join(f'        "~{route}" seats;\n' for route in extra_seat_routes),
    }
    for before, after in replacements.items():
        found = text.count(before)
        assert found == 1, f"deploy/nginx.conf has {before!r} {found} times, not once: update bench/proxy.py"
        text = text.replace(before, after)
    return text


@contextlib.contextmanager
def nginx(port, reading_port, seats_port, extra_seat_routes=()):
    """nginx in the foreground, in its own session, with nginx_config's file; yields the run's folder
    (its logs) and stops it afterwards."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(binary):
        raise SystemExit("nginx is not installed (Debian: apt-get install nginx; its system service is not needed)")
    with tempfile.TemporaryDirectory(prefix="bench-nginx-") as run_dir:
        os.chmod(run_dir, 0o755)
        config = os.path.join(run_dir, "nginx.conf")
        with open(config, "w") as file:
            file.write(nginx_config(port, reading_port, seats_port, run_dir, extra_seat_routes))
        process = subprocess.Popen(
            [binary, "-p", run_dir, "-c", config, "-e", f"{run_dir}/error.log", "-g", "daemon off;"],
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 30
            while status(port, "/healthz/live") != 200:
                if process.poll() is not None or time.monotonic() > deadline:
                    errors = Path(run_dir, "error.log").read_text()
                    raise SystemExit(f"nginx did not start (exit code {process.poll()}):\n{errors}")
                time.sleep(0.2)
            yield run_dir
        finally:
            process.send_signal(signal.SIGQUIT)  # nginx's graceful stop
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # its own session: only this nginx's processes
                process.wait()


@contextlib.contextmanager
def proxied_pools(port, reading, seats, extra_seat_routes=()):
    """The site on `port` as production serves it: nginx, the reading pool and the seats pool, each pool
    (workers, threads) gunicorn serving config.wsgi on a port of its own. The pools believe the one proxy's
    X-Forwarded-For, as docker-compose.yml has them do."""
    reading_port = free_port(taken={port})
    seats_port = free_port(taken={port, reading_port})
    os.environ["TRUSTED_PROXY_COUNT"] = "1"
    with (
        gunicorn(reading_port, *reading),
        gunicorn(seats_port, *seats),
        nginx(port, reading_port, seats_port, extra_seat_routes),
    ):
        yield


def describe_pools(reading, seats):
    def pool(workers, threads):
        return f"{workers} sync workers" if threads == 1 else f"{workers} gthread workers × {threads} threads"

    return (
        f"nginx (deploy/nginx.conf) in front of the reading pool, {pool(*reading)}, and the seats pool, {pool(*seats)}"
    )
