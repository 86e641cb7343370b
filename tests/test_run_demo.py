"""`make run`'s supervisor on the demo settings (SQLite, filesystem broker): web, worker and beat
come up and talk to each other, and Ctrl-C leaves no process behind."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _processes_using(var_dir):
    """PIDs of every process whose environment points at this test's VAR_DIR."""
    marker = f"VAR_DIR={var_dir}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if marker in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.fixture
def demo_environment(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL", "CELERY_", "DJANGO_"))}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.dev", VAR_DIR=str(tmp_path), PORT=str(_free_port()))
    for command in (["migrate", "--noinput", "-v0"], ["load_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True, timeout=300
        )
    return env


def test_web_worker_and_beat_start_together_and_ctrl_c_stops_them_all(demo_environment, tmp_path):
    port = demo_environment["PORT"]
    log_path = tmp_path / "run.log"
    with log_path.open("w") as log:
        supervisor = subprocess.Popen(
            [sys.executable, "-m", "config.run_demo"],
            cwd=ROOT,
            env=demo_environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            output = log_path.read_text()
            if "Press Ctrl-C" in output and "ready." in output and "beat: Starting" in output:
                break
            assert supervisor.poll() is None, output
            time.sleep(1)
        else:
            pytest.fail("web, worker and beat did not all come up:\n" + log_path.read_text())

        # A task sent through the demo's filesystem broker reaches the worker and runs.
        subprocess.run(
            [sys.executable, "-m", "celery", "-A", "config", "call", "cms.tasks.publish_scheduled_pages"],
            cwd=ROOT,
            env=demo_environment,
            check=True,
            capture_output=True,
            timeout=60,
        )
        deadline = time.monotonic() + 30
        while "publish_scheduled_pages" not in log_path.read_text() or " succeeded in " not in log_path.read_text():
            assert time.monotonic() < deadline, "the worker did not run the task:\n" + log_path.read_text()
            time.sleep(0.5)

        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            assert response.status == 200
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            assert "พอร์ทัลอาสาสมัครพัฒนาสังคม" in response.read().decode()
        output = log_path.read_text()
        assert f"The portal is running at http://127.0.0.1:{port}/" in output
        assert "volunteer@example.org" in output and "demo-2563" in output
        assert "Connected to filesystem://" in output
        assert len(_processes_using(tmp_path)) >= 4  # supervisor, runserver (+ its reloader child), worker, beat

        supervisor.send_signal(signal.SIGINT)
        assert supervisor.wait(timeout=30) == 0
        time.sleep(0.5)
        assert _processes_using(tmp_path) == []
        assert "Stopped." in log_path.read_text()
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
        for pid in _processes_using(tmp_path):
            os.kill(pid, signal.SIGKILL)
