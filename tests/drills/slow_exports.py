"""For the drills that kill a worker mid-export: exports slowed to a crawl in the worker (a pause per
row, progress saved every row), so that the kill lands mid-way."""

import time

from celery.signals import worker_init


def export_slowly(seconds_per_row):
    """Called by a worker's settings module: its exports take `seconds_per_row` for each row."""

    def slow_down(**kwargs):
        from portal.exports import tasks

        reporting_progress = tasks._reporting_progress

        def slowly(job, rows):
            for row in reporting_progress(job, rows):
                time.sleep(seconds_per_row)
                yield row

        tasks.PROGRESS_EVERY = 1
        tasks._reporting_progress = slowly

    worker_init.connect(slow_down, weak=False)
