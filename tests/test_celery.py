"""A task sent through the real Redis broker is run by a real Celery worker and its result comes back."""

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app

pytestmark = pytest.mark.redis


@app.task(name="tests.add_up")
def add_up(*numbers):
    return sum(numbers)


@pytest.fixture(scope="module")
def celery_worker():
    app.loader.import_default_modules()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


def test_a_task_goes_through_redis_to_a_worker_and_back(celery_worker):
    assert app.conf.broker_url.startswith("redis://")
    result = add_up.delay(2563, -543)
    assert result.get(timeout=20) == 2020
    assert result.status == "SUCCESS"


def test_the_worker_has_every_task_beat_schedules(celery_worker):
    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert scheduled <= set(celery_worker.app.tasks)


def test_tasks_are_acknowledged_late_so_a_killed_worker_loses_nothing():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
