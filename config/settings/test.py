"""`make test`: PostgreSQL and Redis on this machine unless DATABASE_URL / REDIS_URL say otherwise."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")

# `make test` runs the suite in parallel processes (pytest-xdist): pytest-django gives each its own database
# (test_<name>_gw0, …); here each also gets its own Redis database (REDIS_URL's number plus the worker's) and
# its own media and export folders, so that one worker's queue, locks and files are never another's. Set in
# os.environ, so the workers, web servers and beat that the drills start inherit the same.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if XDIST_WORKER.startswith("gw") and not os.environ.get("PORTAL_TEST_WORKER_ISOLATED"):
    _redis_base, _, _redis_db = os.environ["REDIS_URL"].rpartition("/")
    os.environ["REDIS_URL"] = f"{_redis_base}/{int(_redis_db or 0) + int(XDIST_WORKER[2:])}"
    os.environ["PORTAL_TEST_WORKER_ISOLATED"] = XDIST_WORKER

from .base import *
from .base import REDIS_URL, VAR_DIR, env

SECRET_KEY = "test-only-secret-key-not-for-any-real-site"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests that need Redis ask for it; the rest must not fail because a cache is down.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests of the page cache switch it on for themselves (tests/cms/test_page_cache.py).
PUBLIC_PAGE_CACHE_SECONDS = 0
# Tests change pages inside a transaction that never commits, so no version is raised: kept parts would be stale.
SITE_PARTS_CACHE_SECONDS = 0
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 2}
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_IGNORE_RESULT = False
MEDIA_ROOT = VAR_DIR / f"test-media{XDIST_WORKER}"
EXPORT_ROOT = VAR_DIR / f"test-exports{XDIST_WORKER}"
# Files on the local disk; the object storage tests switch S3 on for themselves (tests/object_storage.py).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "exports": {"BACKEND": "portal.exports.storage.LocalExportStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
