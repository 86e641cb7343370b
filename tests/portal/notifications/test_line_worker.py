"""The acceptance of answering on LINE, with everything real but LINE: the site's webhook on a live
server, a `celery -A config worker` subprocess on Redis, PostgreSQL, and the fake LINE Platform
sending signed webhooks over HTTP and receiving the pushes and replies.

A reminder's "ยกเลิก" asks for a second tap; the second tap cancels the sign-up exactly once and
the seat goes to the first person waiting; LINE delivers that webhook again (twice, at the same
time, as a platform that did not see the first 200 does), and still each of the two people gets
their LINE message once, and the one who tapped one reply."""

import threading
import time

import pytest

from portal.events import notices, services
from portal.events.models import SignupChange, SignupStatus
from portal.notifications import ledger
from portal.notifications.models import LineEventStatus, LineWebhookEvent
from tests.fakes import line_webhooks as webhooks
from tests.fakes.line_reading import postbacks, texts
from tests.fakes.line_webhooks import TEST_CHANNEL_SECRET
from tests.notification_helpers import link_line

from .test_worker import wait_until
from .workers import Worker

pytestmark = pytest.mark.redis


def pushes_saying(fake, uid, words):
    return [push for push in fake.delivered_to(uid) if words in " ".join(texts(push.body["messages"]))]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_reminders_cancel_on_line_cancels_once_and_promotes_once_despite_redelivery(
    live_server, line_platform, worker_env, make_event, make_volunteer, settings
):
    worker_env["LINE_CHANNEL_SECRET"] = TEST_CHANNEL_SECRET
    event = make_event(capacity=1)
    somchai, somsri = make_volunteer("somchai"), make_volunteer("somsri")
    uid, waiting_uid = link_line(somchai), link_line(somsri)
    seat = services.sign_up(somchai, event)
    services.sign_up(somsri, event)
    webhook_url = live_server.url + "/line/webhook/"

    worker = Worker(worker_env)
    try:
        assert wait_until(worker.ready, timeout=40), "".join(worker.lines)
        ledger.notify_many([notices.reminder(seat, "1d@acceptance")])
        assert wait_until(lambda: pushes_saying(line_platform, uid, "ยืนยันว่าจะไป"), timeout=30), "".join(worker.lines)
        [reminder] = pushes_saying(line_platform, uid, "ยืนยันว่าจะไป")

        first_tap = webhooks.postback(line_platform, uid, postbacks(reminder.body["messages"])["ยกเลิก"])
        assert webhooks.send(webhook_url, [first_tap]) == 200
        assert wait_until(lambda: line_platform.replies_to(first_tap["replyToken"]), timeout=30), "".join(worker.lines)
        [question] = line_platform.replies_to(first_tap["replyToken"])
        seat.refresh_from_db()
        assert seat.status == SignupStatus.CONFIRMED, "the first tap only asks"

        second_tap = webhooks.postback(line_platform, uid, postbacks(question.body["messages"])["ใช่ ยกเลิกเลย"])
        assert webhooks.send(webhook_url, [second_tap]) == 200
        again = webhooks.redelivered([second_tap])
        answers = []
        threads = [threading.Thread(target=lambda: answers.append(webhooks.send(webhook_url, again))) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert answers == [200, 200], "a redelivery is answered 200 like the first delivery"

        def settled():
            return (
                pushes_saying(line_platform, uid, "ยกเลิกการลงทะเบียนแล้ว")
                and pushes_saying(line_platform, waiting_uid, "คุณได้ที่นั่งแล้ว")
                and line_platform.replies_to(second_tap["replyToken"])
            )

        assert wait_until(settled, timeout=40), "".join(worker.lines)
        time.sleep(2)  # anything done twice would arrive meanwhile
    finally:
        worker.stop()

    seat.refresh_from_db()
    assert seat.status == SignupStatus.CANCELLED
    assert event.signups.get(user=somsri).status == SignupStatus.CONFIRMED
    assert SignupChange.objects.filter(signup=seat, to_status=SignupStatus.CANCELLED).count() == 1
    assert len(pushes_saying(line_platform, uid, "ยกเลิกการลงทะเบียนแล้ว")) == 1, "the one who cancelled: once"
    assert len(pushes_saying(line_platform, waiting_uid, "คุณได้ที่นั่งแล้ว")) == 1, "the one promoted: once"
    assert line_platform.duplicates() == {}
    [reply] = line_platform.replies_to(second_tap["replyToken"])
    assert "ยกเลิกการลงทะเบียน" in " ".join(texts(reply.body["messages"]))
    assert len(line_platform.replies) == 2, "one reply per tap, none for the redeliveries"
    row = LineWebhookEvent.objects.get(webhook_event_id=second_tap["webhookEventId"])
    assert row.status == LineEventStatus.DONE and row.payload == {}
