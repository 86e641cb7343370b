"""Through a real Celery worker on Redis: a sign-up produces exactly one e-mail and one LINE push."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from config.celery import app
from portal.events import services
from portal.notifications.models import Delivery, DeliveryStatus
from tests.notification_helpers import link_line

pytestmark = pytest.mark.redis


@pytest.fixture(scope="module")
def worker():
    app.loader.import_default_modules()
    app.control.purge()  # tasks left by other tests' sign-ups name rows that no longer exist
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


def wait_until(condition, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_sign_up_sends_one_email_and_one_line_push(worker, event, make_volunteer, line_fake, settings):
    settings.NOTIFICATIONS_QUIET_HOURS = ""  # the push must go now, whatever the hour the suite runs at
    somchai = make_volunteer("somchai")
    uid = link_line(somchai)
    signup = services.sign_up(somchai, event)

    rows = Delivery.objects.filter(recipient=somchai)
    assert wait_until(lambda: rows.filter(status=DeliveryStatus.SENT).count() == 2), list(
        rows.values("channel", "status", "last_error")
    )
    time.sleep(0.5)  # anything sent twice would arrive meanwhile

    [email] = [message for message in mail.outbox if message.to == [somchai.email]]
    assert event.title in email.subject
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html" and event.title in html
    [ics] = email.attachments  # an invitation: text/calendar; method=REQUEST
    assert ics.get_filename() == "event.ics" and "BEGIN:VEVENT" in ics.get_payload(decode=True).decode()
    assert ics.get_content_type() == "text/calendar" and ics.get_param("method") == "REQUEST"
    assert "List-Unsubscribe" not in email.extra_headers, "a confirmation is not optional"

    [push] = line_fake.delivered_to(uid)
    assert push.body["messages"][0]["type"] == "flex"
    assert line_fake.duplicates() == {} and len(line_fake.requests) == 1
    assert rows.get(channel="line").subject_id == signup.changes.get().pk
