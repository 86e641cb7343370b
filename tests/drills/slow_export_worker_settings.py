"""Settings of the worker subprocess that test_worker_killed_mid_export.py kills: the test database,
its own Redis (from the environment), exports under the test's folder, a visibility timeout of one
second so that a restarted worker gets the killed one's task back at once (acks_late), and exports
slowed to a crawl (tests/drills/slow_exports.py) so that the kill lands mid-way."""

import os

from config.settings.test import *
from tests.drills.slow_exports import export_slowly

CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 1, "socket_connect_timeout": 2}
EXPORT_ROOT = os.environ["TEST_EXPORT_ROOT"]

export_slowly(seconds_per_row=0.05)
