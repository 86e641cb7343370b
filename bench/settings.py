"""Settings for benchmarks only: production settings, plus a URLconf with a trivial view to compare
against. Never used by the site itself; bench.bench_site points DJANGO_SETTINGS_MODULE here."""

import os

from config.settings.production import *
from config.settings.production import CACHES

ROOT_URLCONF = "bench.trivial_urls"

# Each run gets its own cache key prefix, so a shared Redis never hands it another site's data.
CACHES = {
    name: {**cache, "KEY_PREFIX": os.environ.get("BENCH_CACHE_KEY_PREFIX", "bench")} for name, cache in CACHES.items()
}

# Tasks go to a queue of the run's own (bench.bench_site), which only a worker started for it reads.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("BENCH_TASK_QUEUE", "celery")
# Mail is written to files there, unless a script gives its worker a mail server (bench/reminders.py).
if os.environ.get("BENCH_MAIL_DIR"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["BENCH_MAIL_DIR"]

# bench/lock_probe.py: how long each transaction holds an event's lock (bench/signup_rush.py).
if os.environ.get("BENCH_LOCK_LOG"):
    from bench.lock_probe import ProbedConnection, ProbedCursor
    from config.settings.production import DATABASES

    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connection_factory=ProbedConnection, cursor_factory=ProbedCursor
    )
