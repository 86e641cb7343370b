"""Settings of the worker subprocess that test_worker_killed_mid_export.py kills: the test database,
its own Redis (from the environment), exports under the test's folder, a visibility timeout of one
second so that a restarted worker gets the killed one's task back at once (acks_late), and exports
slowed to a crawl (a pause per row, progress saved every row) so that the kill lands mid-way."""

import os
import time

from celery.signals import worker_init

from config.settings.test import *  # noqa: F401,F403

CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 1, "socket_connect_timeout": 2}
EXPORT_ROOT = os.environ["TEST_EXPORT_ROOT"]
SECONDS_PER_ROW = 0.05


@worker_init.connect
def _export_slowly(**kwargs):
    from portal.exports import tasks

    reporting_progress = tasks._reporting_progress

    def slowly(job, rows):
        for row in reporting_progress(job, rows):
            time.sleep(SECONDS_PER_ROW)
            yield row

    tasks.PROGRESS_EVERY = 1
    tasks._reporting_progress = slowly
