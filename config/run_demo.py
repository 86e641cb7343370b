"""`make run`: the web server, a Celery worker and Celery beat in one terminal.

Each runs in its own process group, so Ctrl-C stops them and everything they started
(runserver's reloader child, the worker's pool) and leaves nothing behind."""

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request

STOP_GRACE_SECONDS = 10


def _commands(port):
    python = sys.executable
    var_dir = os.environ.get("VAR_DIR", "var")
    return {
        "web": [python, "manage.py", "runserver", f"127.0.0.1:{port}"],
        "worker": [python, "-m", "celery", "-A", "config", "worker", "--loglevel", "INFO", "--concurrency", "2"],
        "beat": [
            python,
            "-m",
            "celery",
            "-A",
            "config",
            "beat",
            "--loglevel",
            "INFO",
            "--schedule",
            os.path.join(var_dir, "celerybeat-schedule"),
        ],
    }


def _logins_table():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from portal.accounts.demo import logins

    rows = [f"  {'user name':<12} {'e-mail':<26} password"]
    rows += [f"  {username:<12} {email:<26} {password}" for username, email, password in logins()]
    return "\n".join(rows)


def _relay(name, stream):
    for line in iter(stream.readline, ""):
        sys.stdout.write(f"{name:>6} | {line}")
        sys.stdout.flush()


def _wait_until_healthy(url, processes, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(process.poll() is not None for process in processes.values()):
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def _stop(processes):
    # The leader shuts down what it started (celery stops its pool); its group is cleared after.
    for process in processes.values():
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
    # Whatever is left in a group (runserver's reloader child, a stuck pool process) goes now.
    for process in processes.values():
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()


def main():
    port = os.environ.get("PORT", "8000")
    processes = {}
    stopping = threading.Event()

    def request_stop(signum, frame):
        stopping.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)

    for name, command in _commands(port).items():
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1, start_new_session=True
        )
        processes[name] = process
        threading.Thread(target=_relay, args=(name, process.stdout), daemon=True).start()

    url = f"http://127.0.0.1:{port}/"
    if _wait_until_healthy(url + "healthz", processes):
        logins = _logins_table()
        print(f"\n  The portal is running at {url}  (English: {url}en/, staff admin: {url}admin/)")
        print(logins)
        print("  Press Ctrl-C to stop the web server, the worker and beat.\n", flush=True)

    exit_code = 0
    while not stopping.is_set():
        if any(process.poll() is not None for process in processes.values()):
            crashed = [name for name, process in processes.items() if process.poll() is not None]
            print(f"\n  Stopped because {', '.join(crashed)} exited; see its log above.", flush=True)
            exit_code = 1
            break
        stopping.wait(0.5)

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    print("\n  Stopping web, worker and beat…", flush=True)
    _stop(processes)
    print("  Stopped.", flush=True)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
