"""Processes standing in for separate machines in the drills: each runs in a working directory of its
own, with its own MEDIA_ROOT, EXPORT_ROOT and VAR_DIR inside it, so nothing can pass between them
through a local disk: only through what they share in production (PostgreSQL, Redis, object storage)."""

import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = "tests.drills.machine_settings"


def machine_environment(database_url, redis, **variables):
    """The environment of one machine: production settings (tests/drills/machine_settings.py) on the given
    database and Redis (broker db 0, cache db 1). Mail goes nowhere: no drill sends any."""
    environment = {name: value for name, value in os.environ.items() if not name.startswith(("S3_", "DJANGO_"))}
    environment.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        CELERY_BROKER_URL=redis.url,
        REDIS_URL=redis.url[:-1] + "1",
        EMAIL_URL="smtp://127.0.0.1:9",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="INFO",
        **variables,
    )
    return environment


class Machine:
    """One process (web, worker or beat) in a working directory of its own, which stop() removes; its
    output is kept in `lines`."""

    def __init__(self, name, command, environment):
        self.name = name
        self.folder = Path(tempfile.mkdtemp(prefix=f"drill-{name}-"))
        own_disk = {
            "VAR_DIR": self.folder / "var",
            "MEDIA_ROOT": self.folder / "media",
            "EXPORT_ROOT": self.folder / "exports",
        }
        self.lines = []
        self.process = subprocess.Popen(
            command,
            cwd=self.folder,
            env={**environment, "PYTHONPATH": str(ROOT), **{k: str(v) for k, v in own_disk.items()}},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line)

    def said(self, text):
        return any(text in line for line in self.lines)

    def log(self):
        return f"--- {self.name} ---\n" + "".join(self.lines[-60:])

    def kill(self):
        """As a machine that loses power: every process of it at once, nothing cleaned up."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def files_kept(self):
        """What the process wrote to its own MEDIA_ROOT and EXPORT_ROOT."""
        return [path for folder in ("media", "exports") for path in (self.folder / folder).rglob("*") if path.is_file()]

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


def web(name, port, environment):
    return Machine(
        name,
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        environment,
    )


# A solo-pool Celery worker that logs what it does and talks to no other worker.
WORKER_COMMAND = [
    sys.executable,
    "-m",
    "celery",
    "-A",
    "config",
    "worker",
    "--pool",
    "solo",
    "--loglevel",
    "INFO",
    "--without-heartbeat",
    "--without-mingle",
    "--without-gossip",
]


def worker(name, environment):
    return Machine(name, [*WORKER_COMMAND, "-n", f"{name}@%h"], environment)


def beat(name, environment):
    return Machine(name, [sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel", "INFO"], environment)
