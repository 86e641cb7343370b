"""Production settings: refuse to start half-configured or on the demo's stand-ins, naming every missing
service in one message, and pass Django's deployment checklist once everything is there. The demo's
defaults live in dev.py only."""

import json
import subprocess
import sys

import pytest

from tests.production import ROOT, production_environment

S3 = {
    "S3_MEDIA_BUCKET": "portal-media",
    "S3_EXPORTS_BUCKET": "portal-exports",
    "S3_ENDPOINT_URL": "https://s3.example.org",
    "S3_ACCESS_KEY_ID": "portal",
    "S3_SECRET_ACCESS_KEY": "secret",
    "S3_REGION": "ap-southeast-1",
    "S3_MEDIA_PUBLIC_URL": "https://media.example.org",
}


def _manage(*args, **variables):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=production_environment(**variables),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _settings(module, names, **variables):
    """The settings `names` of `module` as it loads in a fresh process with `variables`; or the error."""
    script = (
        f"import json, {module} as s; print(json.dumps({{n: getattr(s, n, 'UNSET') for n in {names!r}}}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=production_environment(**variables),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return (json.loads(result.stdout) if result.returncode == 0 else None), result.stderr


def _refusal(**variables):
    found, error = _settings("config.settings.production", ["DEBUG"], **variables)
    assert found is None, "the production settings started"
    assert "ImproperlyConfigured: The production settings refuse to start:" in error
    return error


@pytest.mark.parametrize("object_storage", [{}, S3], ids=["files on this machine", "files on object storage"])
def test_a_complete_production_environment_starts_and_passes_the_deployment_checklist(object_storage):
    result = _manage("check", "--deploy", "--fail-level", "DEBUG", **object_storage)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    "variables, refusal",
    [
        (
            {"DATABASE_URL": None},
            "DATABASE_URL must name a PostgreSQL database (postgres://user:password@host:5432/portal); it is not set.",
        ),
        (
            {"DATABASE_URL": "sqlite:////srv/portal/demo.sqlite3"},
            "DATABASE_URL must name a PostgreSQL database (postgres://user:password@host:5432/portal); it names sqlite3.",
        ),
        (
            {"CELERY_BROKER_URL": None},
            "CELERY_BROKER_URL must name a real broker that every machine reaches (redis://host:6379/1); it is not set.",
        ),
        (
            {"CELERY_BROKER_URL": "filesystem://"},
            "CELERY_BROKER_URL must name a real broker that every machine reaches (redis://host:6379/1); filesystem:// is for the demo and tests.",
        ),
        ({"CELERY_BROKER_URL": "memory://"}, "memory:// is for the demo and tests."),
        (
            {"REDIS_URL": None},
            "REDIS_URL must name the Redis for the cache and rate limits (redis://host:6379/0); it is not set.",
        ),
        (
            {"EMAIL_URL": None},
            "EMAIL_URL must name an SMTP server (smtp://user:password@host:587, smtp+tls://…); it is not set.",
        ),
        (
            {"EMAIL_URL": "filemail:///srv/portal/mail"},
            "EMAIL_URL must name an SMTP server (smtp://user:password@host:587, smtp+tls://…); filemail:// does not send mail.",
        ),
        ({"EMAIL_URL": "consolemail://"}, "consolemail:// does not send mail."),
        ({"EMAIL_URL": "smtp://"}, "EMAIL_URL must name an SMTP server"),
        ({"S3_MEDIA_BUCKET": "portal-media"}, "S3_MEDIA_BUCKET and S3_EXPORTS_BUCKET go together"),
        ({"S3_EXPORTS_BUCKET": "portal-exports"}, "S3_MEDIA_BUCKET and S3_EXPORTS_BUCKET go together"),
    ],
    ids=[
        "no database",
        "sqlite",
        "no broker",
        "filesystem broker",
        "memory broker",
        "no redis",
        "no mail",
        "mail as files",
        "mail to the console",
        "smtp without a host",
        "media bucket alone",
        "exports bucket alone",
    ],
)
def test_production_refuses_each_demo_stand_in_and_says_which(variables, refusal):
    error = _refusal(**variables)
    assert refusal in error
    assert error.count("\n  - ") == 1, "only what is wrong is named"


def test_production_names_everything_missing_in_one_message():
    error = _refusal(
        SECRET_KEY=None, ALLOWED_HOSTS=None, DATABASE_URL=None, CELERY_BROKER_URL=None, REDIS_URL=None, EMAIL_URL=None
    )
    message = error.split("ImproperlyConfigured: ", 1)[1]
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL", "EMAIL_URL"):
        assert f"\n  - {name} must" in message, name
    assert message.count("\n  - ") == 6
    assert "see .env.example" in message


@pytest.mark.parametrize(
    "secret_key",
    ["", "django-insecure-demo-key-only-for-make-run", "short", "a" * 60],
    ids=["missing", "demo key", "too short", "one repeated character"],
)
def test_production_refuses_a_weak_or_missing_secret_key(secret_key):
    assert "SECRET_KEY must be set to a long random value" in _refusal(SECRET_KEY=secret_key)


def test_production_refuses_to_start_without_allowed_hosts():
    assert "ALLOWED_HOSTS must list the site's host names" in _refusal(ALLOWED_HOSTS=None)
