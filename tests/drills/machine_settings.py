"""Settings of the machines that test_many_machines.py and test_one_beat.py start (web processes under
gunicorn, Celery workers, beats): the production settings, from the environment each drill gives
them, with three changes for a test: static files come from the finders (no collectstatic), the
test database's password hashes are understood, and
DRILL_* variables make a killed worker's task come back within seconds, exports crawl, and beat
tick every second."""

import os

from config.settings.production import *
from config.settings.production import STORAGES
from tests.drills.slow_exports import export_slowly

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
# The test database's passwords are hashed as config/settings/test.py hashes them (fast, for tests only).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

if "DRILL_VISIBILITY_TIMEOUT" in os.environ:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": int(os.environ["DRILL_VISIBILITY_TIMEOUT"]),
        "socket_connect_timeout": 2,
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }
if "DRILL_SECONDS_PER_EXPORT_ROW" in os.environ:
    export_slowly(float(os.environ["DRILL_SECONDS_PER_EXPORT_ROW"]))
if "DRILL_BEAT_TICK" in os.environ:
    CELERY_BEAT_SCHEDULE = {"drill-tick": {"task": os.environ["DRILL_BEAT_TICK"], "schedule": 1.0}}
    CELERY_BEAT_MAX_LOOP_INTERVAL = 1
    CELERY_REDBEAT_LOCK_TIMEOUT = 3
