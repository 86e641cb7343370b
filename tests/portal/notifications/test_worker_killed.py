"""Kill the worker in the middle of a LINE push and start it again: the message arrives once.

The worker is a real `celery -A config worker` subprocess on Redis. LINE (the local fake) is slow
on purpose: it accepts the push, then takes seconds to answer, and the worker is SIGKILLed while it
waits. Nothing was acknowledged (acks_late), so the restarted worker gets the task again, finds the
ledger row left 'being sent', pushes again with the same X-Line-Retry-Key, and LINE answers 409:
already accepted. Counted at the fake: one delivery. The e-mail that went before is not sent again."""

import time
from pathlib import Path

import pytest

from portal.events import services
from portal.notifications.models import Delivery, DeliveryStatus
from tests.notification_helpers import link_line

from .test_worker import wait_until
from .workers import Worker

pytestmark = pytest.mark.redis


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
            "".join(second.lines)
        )
        time.sleep(1)
    finally:
        second.stop()

    assert len(line_fake.delivered_to(uid)) == 1, "arrived once, not twice and not zero times"
    assert [push.status for push in line_fake.requests] == [200, 409]
    assert {push.retry_key for push in line_fake.requests} == {str(line_row.key)}
    mails = "".join(path.read_text() for path in Path(tmp_path).iterdir())
    assert mails.count(f"X-Delivery-Key: {Delivery.objects.get(recipient=somchai, channel='email').key}") == 1
