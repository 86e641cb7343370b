"""Production settings: refuse to start half-configured, and pass Django's deployment checklist."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD_SECRET = "a9F!k2-" * 10


def _manage(*args, **env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DATABASE_URL="postgres://portal:secret@127.0.0.1:5432/portal",
        REDIS_URL="redis://127.0.0.1:6379/0",
        SITE_URL="https://volunteers.example.org",
        VAR_DIR=str(ROOT / "var" / "test-production"),
    )
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_reports_nothing_with_production_settings():
    result = _manage(
        "check", "--deploy", "--fail-level", "DEBUG", SECRET_KEY=GOOD_SECRET, ALLOWED_HOSTS="volunteers.example.org"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    "secret_key",
    ["", "django-insecure-demo-key-only-for-make-run", "short", "a" * 60],
    ids=["missing", "demo key", "too short", "one repeated character"],
)
def test_production_refuses_a_weak_or_missing_secret_key(secret_key):
    result = _manage("check", SECRET_KEY=secret_key, ALLOWED_HOSTS="volunteers.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set to a long random value" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _manage("check", SECRET_KEY=GOOD_SECRET)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must list the site's host names" in result.stderr
