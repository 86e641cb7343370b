"""Is the PostgreSQL / Redis / chromium that a test needs actually here?"""

import functools
import os
import shutil
import socket
from urllib.parse import urlparse

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def _reachable(url, default_port):
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=2):
            return True
    except OSError:
        return False


@functools.cache
def postgres_missing():
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        return f"DATABASE_URL does not point at PostgreSQL (engine {database['ENGINE']})"
    url = f"postgres://{database.get('HOST') or '127.0.0.1'}:{database.get('PORT') or 5432}"
    if not _reachable(url, 5432):
        return f"PostgreSQL is not answering at {url} (set DATABASE_URL)"
    return None


@functools.cache
def redis_missing():
    from django.conf import settings

    if not _reachable(settings.REDIS_URL, 6379):
        return f"Redis is not answering at {settings.REDIS_URL} (set REDIS_URL)"
    return None


@functools.cache
def chromium_missing():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    return None


def service_missing(reason):
    """As tests/conftest.py does for PostgreSQL and Redis: skip with the reason, but fail under CI=true."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and a required service is missing: {reason}", pytrace=False)
    pytest.skip(reason)
