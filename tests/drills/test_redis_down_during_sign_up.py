"""Drill: Redis (the Celery broker and the cache, as in production) is down while a volunteer signs up.

The sign-up is saved and the volunteer sees the usual confirmation; the confirmation e-mail waits
in the delivery ledger. When Redis is back, the beat's sweep (dispatch_due) hands it to a worker,
and it is sent exactly once. Meanwhile visitors read the pages uncached and volunteers log in."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from config.celery import app
from portal.events.models import Signup, SignupStatus
from portal.notifications.ledger import dispatch_due, requeue_after
from portal.notifications.models import Delivery, DeliveryStatus
from tests.fixtures.volunteers import PASSWORD
from tests.portal.notifications.test_worker import wait_until

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_sign_up_while_redis_is_down_is_saved_and_its_email_goes_once_redis_is_back(
    client, own_redis, event, make_volunteer
):
    somchai = make_volunteer("somchai")
    client.force_login(somchai)
    own_redis.stop()

    started = time.monotonic()
    response = client.post(reverse("events:register", args=[event.pk]), follow=True)
    took = time.monotonic() - started

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("events:mine")
    with translation.override("th"):
        confirmation = translation.gettext("You are registered. Show your QR code at check-in.")
    assert confirmation in response.content.decode()
    # kombu's default would retry the dead broker for ~6 s first (config/celery.py makes it fail fast).
    assert took < 3, f"the volunteer waited {took:.1f} s on the dead broker"
    signup = Signup.objects.get(user=somchai, event=event)
    assert signup.status == SignupStatus.CONFIRMED
    [row] = Delivery.objects.filter(recipient=somchai)
    assert row.status == DeliveryStatus.PENDING, "the message waits in the ledger"
    assert mail.outbox == []

    own_redis.start()
    app.loader.import_default_modules()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        later = timezone.now() + requeue_after()  # the beat's sweep a few minutes on
        assert dispatch_due(now=later) == 1
        assert wait_until(lambda: Delivery.objects.get(pk=row.pk).status == DeliveryStatus.SENT)
        assert dispatch_due(now=later + requeue_after()) == 0, "a sent message is not swept again"
        time.sleep(1)  # anything sent twice would arrive meanwhile

    assert [message.to for message in mail.outbox] == [[somchai.email]]
    assert event.title in mail.outbox[0].subject


def test_while_redis_is_down_visitors_read_the_pages_and_volunteers_log_in(client, own_redis, event, make_volunteer):
    somchai = make_volunteer("somchai")
    assert client.get("/").status_code == 200  # the page cache is filled while Redis is up
    own_redis.stop()

    for path in ("/", "/en/", reverse("events:detail", args=[event.pk])):
        response = client.get(path)
        assert response.status_code == 200, path
    assert event.title in response.content.decode()

    response = client.post(reverse("account_login"), {"login": somchai.email, "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert response.context["user"] == somchai
