"""A reminder leaves at its moment, not at beat's first run of the every-minute sweep after it: a
run sends the worker one more run for each moment that comes before the next, with that moment for
its ETA, and that run sees the sign-ups as they are then."""

import datetime
from unittest import mock

import pytest
from django.core import mail

from portal.events import services, tasks
from portal.notifications import ledger
from portal.notifications.models import Delivery, DeliveryStatus

from .test_reminders import MINUTE, MOMENTS, START, _sign_up

SECOND = datetime.timedelta(seconds=1)
MOMENT = MOMENTS["3d"]
pytestmark = pytest.mark.django_db


@pytest.fixture
def training(make_event):
    return make_event(capacity=5, starts_at=START, registration_opens_at=START - datetime.timedelta(days=30))


@pytest.fixture
def somchai(training, make_volunteer):
    person = make_volunteer("somchai")
    signup = _sign_up(person, training, at=START - datetime.timedelta(days=10))
    mail.outbox.clear()
    return signup


def _deliver(now):
    ledger.deliver(list(Delivery.objects.filter(status=DeliveryStatus.PENDING).values_list("pk", flat=True)), now=now)


def _beat(now):
    """Beat's run at `now`; returns the runs it sent the worker, as (moment, ETA)."""
    with mock.patch.object(tasks.queue_due_reminders_task, "apply_async") as sent:
        tasks.sweep(now)
    calls = sent.call_args_list
    return [(datetime.datetime.fromisoformat(call.kwargs["kwargs"]["at"]), call.kwargs["eta"]) for call in calls]


def _run_sent_for(moment, clock):
    """The worker runs the task sent for `moment` when its own clock says `clock`."""
    with mock.patch.object(tasks.timezone, "now", return_value=clock):
        return tasks.queue_due_reminders_task.run(at=moment.isoformat())


def test_a_reminder_due_just_after_beat_runs_leaves_at_its_moment_not_a_minute_later(somchai):
    assert _beat(MOMENT - SECOND) == [(MOMENT, MOMENT)], "one run, for the moment, due at the moment"
    assert len(mail.outbox) == 0 and not Delivery.objects.filter(kind="reminder").exists(), "nothing early"

    assert _run_sent_for(MOMENT, clock=MOMENT) == 1
    _deliver(MOMENT)
    assert len(mail.outbox) == 1 and "อบรมอาสาสมัคร" in mail.outbox[0].subject

    assert _beat(MOMENT - SECOND + MINUTE) == [], "the next minute's run finds it sent"
    _deliver(MOMENT + MINUTE)
    assert len(mail.outbox) == 1, "exactly once"


def test_the_run_for_a_moment_counts_it_due_when_the_workers_clock_is_a_little_ahead(somchai):
    assert _run_sent_for(MOMENT, clock=MOMENT - SECOND / 10) == 1


def test_a_moment_a_whole_minute_ahead_is_left_to_the_next_beat(somchai):
    assert _beat(MOMENT - MINUTE) == []
    assert _beat(MOMENT - MINUTE + SECOND) == [(MOMENT, MOMENT)]


def test_whoever_cancels_before_the_moment_gets_no_reminder(somchai):
    assert _beat(MOMENT - 30 * SECOND) == [(MOMENT, MOMENT)]
    services.cancel(somchai, by=somchai.user)
    assert _run_sent_for(MOMENT, clock=MOMENT) == 0
    _deliver(MOMENT)
    assert not Delivery.objects.filter(kind="reminder").exists()
    assert not [message for message in mail.outbox if "แจ้งเตือน" in message.subject]


def test_an_event_moved_before_the_moment_reminds_at_its_new_time(somchai, training):
    assert _beat(MOMENT - 30 * SECOND) == [(MOMENT, MOMENT)]
    training.starts_at += datetime.timedelta(hours=5)
    training.ends_at += datetime.timedelta(hours=5)
    training.save()
    mail.outbox.clear()
    assert _run_sent_for(MOMENT, clock=MOMENT) == 0, "the old moment reminds nobody"
    new_moment = MOMENT + datetime.timedelta(hours=5)
    assert _beat(new_moment - SECOND) == [(new_moment, new_moment)]
    assert _run_sent_for(new_moment, clock=new_moment) == 1
