"""A test whose PostgreSQL or Redis is missing is skipped with the reason, except under CI=true,
where it fails: CI must not go green by skipping what it exists to test."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATABASE_TEST = "tests/cms/test_home_page.py::test_home_page_is_thai_at_the_root"
REDIS_TEST = "tests/test_healthz.py::test_readiness_is_ok_when_database_and_broker_answer[/healthz]"


def _pytest(test_id, ci, **overrides):
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(overrides)
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        [sys.executable, "-m", "pytest", test_id, "-p", "no:cacheprovider", "-rs", "-q"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "test_id, variable, reason",
    [
        (DATABASE_TEST, "DATABASE_URL", "PostgreSQL is not answering at postgres://127.0.0.1:1"),
        (REDIS_TEST, "REDIS_URL", "Redis is not answering at redis://127.0.0.1:1/0"),
    ],
)
def test_a_missing_service_skips_locally_and_fails_under_ci(test_id, variable, reason):
    unreachable = {"DATABASE_URL": "postgres://postgres@127.0.0.1:1/test", "REDIS_URL": "redis://127.0.0.1:1/0"}
    overrides = {variable: unreachable[variable]}

    local = _pytest(test_id, ci=False, **overrides)
    assert local.returncode == 0, local.stdout
    assert "1 skipped" in local.stdout and reason in local.stdout

    ci = _pytest(test_id, ci=True, **overrides)
    assert ci.returncode == 1, ci.stdout
    assert "1 error" in ci.stdout and f"CI=true and a required service is missing: {reason}" in ci.stdout
