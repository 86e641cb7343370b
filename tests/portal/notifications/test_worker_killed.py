"""Kill the worker in the middle of a LINE push and start it again: the message arrives once.

The worker is a real `celery -A config worker` subprocess on Redis. LINE (the local fake) is slow
on purpose: it accepts the push, then takes seconds to answer, and the worker is SIGKILLed while it
waits. Nothing was acknowledged (acks_late), so the restarted worker gets the task again, finds the
ledger row left 'being sent', pushes again with the same X-Line-Retry-Key, and LINE answers 409:
already accepted. Counted at the fake: one delivery. The e-mail that went before is not sent again."""

import os
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from config.celery import app
from portal.events import services
from portal.notifications.models import Delivery, DeliveryStatus
from tests.drills.machines import Machine
from tests.fakes.line_messaging import TEST_ACCESS_TOKEN

from .conftest import link_line
from .test_worker import wait_until

pytestmark = pytest.mark.redis


def _database_url():
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker(Machine):
    """A real `celery -A config worker` subprocess (solo pool), in a folder of its own."""

    def __init__(self, env):
        super().__init__("worker", [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo",
                                    "--loglevel", "INFO", "--without-heartbeat", "--without-mingle", "--without-gossip"],
                         env)

    def ready(self):
        return self.said(" ready.")


@pytest.fixture
def worker_env(line_fake, tmp_path, settings):
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="tests.portal.notifications.worker_settings",
        DATABASE_URL=_database_url(),
        REDIS_URL=settings.REDIS_URL,
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        LINE_CHANNEL_ACCESS_TOKEN=TEST_ACCESS_TOKEN,
        LINE_MESSAGING_API_URL=line_fake.url,
        TEST_MAIL_DIR=str(tmp_path),
    )
    app.control.purge()
    return env


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_push_delivers_once_after_restart(worker_env, event, make_volunteer, line_fake, tmp_path):
    somchai = make_volunteer("somchai")
    uid = link_line(somchai)
    line_fake.delay = 4  # LINE accepts the push, then keeps the worker waiting

    first = Worker(worker_env)
    try:
        assert wait_until(first.ready, timeout=30), "".join(first.lines)
        services.sign_up(somchai, event)
        assert wait_until(lambda: len(line_fake.requests) == 1), "".join(first.lines)
        first.kill()
    finally:
        first.stop()
    line_row = Delivery.objects.get(recipient=somchai, channel="line")
    assert line_row.status == DeliveryStatus.SENDING, "killed mid-send: LINE has it, the ledger does not know yet"
    assert Delivery.objects.get(recipient=somchai, channel="email").status == DeliveryStatus.SENT

    line_fake.delay = 0
    second = Worker(worker_env)
    try:
        assert wait_until(lambda: Delivery.objects.get(pk=line_row.pk).status == DeliveryStatus.SENT, timeout=40), (
            "".join(second.lines))
        time.sleep(1)
    finally:
        second.stop()

    assert len(line_fake.delivered_to(uid)) == 1, "arrived once, not twice and not zero times"
    assert [push.status for push in line_fake.requests] == [200, 409]
    assert {push.retry_key for push in line_fake.requests} == {str(line_row.key)}
    mails = "".join(path.read_text() for path in Path(tmp_path).iterdir())
    assert mails.count(f"X-Delivery-Key: {Delivery.objects.get(recipient=somchai, channel='email').key}") == 1
