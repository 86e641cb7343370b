"""A complete production environment, for the tests and drills that start the production settings."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOOD_SECRET = "a9F!k2-" * 10
# The settings of the machine running the tests, which the production ones must not pick up.
LOCAL_VARIABLES = {
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "EMAIL_URL",
    "S3_MEDIA_BUCKET",
    "S3_EXPORTS_BUCKET",
    "S3_ENDPOINT_URL",
    "S3_BROWSER_ENDPOINT_URL",
    "S3_MEDIA_PUBLIC_URL",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "S3_REGION",
}


def production_environment(**variables):
    """os.environ without the local settings, plus what production needs; `variables` override (None: unset)."""
    environment = {name: value for name, value in os.environ.items() if name not in LOCAL_VARIABLES}
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=GOOD_SECRET,
        ALLOWED_HOSTS="volunteers.example.org",
        SITE_URL="https://volunteers.example.org",
        DATABASE_URL="postgres://portal:secret@127.0.0.1:5432/portal",
        REDIS_URL="redis://127.0.0.1:6379/0",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/1",
        EMAIL_URL="smtp+tls://portal:secret@mail.example.org:587",
        VAR_DIR=str(ROOT / "var" / "test-production"),
    )
    for name, value in variables.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return environment
