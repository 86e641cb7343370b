"""Reminders with a controlled clock: queue_due_reminders(now) and deliver(now) are given the time."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from portal.events import services
from portal.events.models import Signup
from portal.events.tasks import queue_due_reminders
from portal.notifications import ledger
from portal.notifications.models import Delivery, DeliveryStatus
from tests.notification_helpers import bangkok

START = bangkok(2026, 12, 20, 9, 0)  # 09:00 on 20 Dec, Bangkok
MOMENTS = {"3d": bangkok(2026, 12, 17, 9, 0), "1d": bangkok(2026, 12, 19, 9, 0), "07:00": bangkok(2026, 12, 20, 7, 0)}
MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture
def training(make_event):
    return make_event(capacity=5, starts_at=START, registration_opens_at=START - datetime.timedelta(days=30))


def _sign_up(user, event, at):
    """Register at the time `at`; the confirmation goes out then, so only reminders remain to count."""
    signup = services.sign_up(user, event)
    Signup.objects.filter(pk=signup.pk).update(created_at=at, status_changed_at=at)
    ledger.deliver(list(Delivery.objects.filter(status=DeliveryStatus.PENDING).values_list("pk", flat=True)), now=at)
    return signup


def _reminders(user):
    return list(Delivery.objects.filter(recipient=user, kind="reminder").order_by("created_at", "pk"))


def _tick(now):
    """One beat: queue what is due, then deliver it (the worker's part), at the same controlled time."""
    queued = queue_due_reminders(now=now)
    ids = list(Delivery.objects.filter(status=DeliveryStatus.PENDING).values_list("pk", flat=True))
    ledger.deliver(ids, now=now)
    return queued


@pytest.mark.django_db
def test_each_offset_fires_once_at_its_moment(training, make_volunteer):
    somchai = make_volunteer("somchai")
    _sign_up(somchai, training, at=START - datetime.timedelta(days=10))
    mail.outbox.clear()
    fired = {}
    for code, moment in MOMENTS.items():
        assert _tick(moment - MINUTE) == 0, f"nothing is due just before the {code} reminder"
        assert _tick(moment) == 1, f"the {code} reminder is due at its moment"
        assert _tick(moment + 5 * MINUTE) == 0, f"the {code} reminder fires once"
        fired[code] = len(mail.outbox)
    assert fired == {"3d": 1, "1d": 2, "07:00": 3}
    assert _tick(START + MINUTE) == 0, "no reminder once the event has started"
    assert [message.to for message in mail.outbox] == [["somchai@example.org"]] * 3
    assert all("อบรมอาสาสมัคร" in message.subject for message in mail.outbox)
    assert all("List-Unsubscribe" in message.extra_headers for message in mail.outbox)


@pytest.mark.django_db
def test_moving_the_event_moves_its_pending_reminders(training, make_volunteer):
    somchai = make_volunteer("somchai")
    _sign_up(somchai, training, at=START - datetime.timedelta(days=10))
    assert _tick(MOMENTS["3d"]) == 1

    training.starts_at = bangkok(2026, 12, 22, 15, 0)
    training.ends_at = training.starts_at + datetime.timedelta(hours=4)
    training.save()
    changed = Delivery.objects.get(recipient=somchai, kind="event_changed", channel="email")
    assert "22" in str(changed.content["details"]) and "20" in str(changed.content["details"]), "says what changed"

    assert _tick(MOMENTS["1d"]) == 0, "the old one-day-before moment is no reminder any more"
    assert _tick(bangkok(2026, 12, 19, 15, 0)) == 1, "three days before the new time"
    assert _tick(MOMENTS["07:00"]) == 0, "nothing at 07:00 on the old day"
    assert _tick(bangkok(2026, 12, 21, 15, 0)) == 1, "one day before the new time"
    assert _tick(bangkok(2026, 12, 22, 7, 0)) == 1, "07:00 on the new day"
    assert [d.occasion.split("@")[0] for d in _reminders(somchai)] == ["3d", "3d", "1d", "07:00"]


@pytest.mark.django_db
def test_cancelled_sign_ups_get_no_reminders(training, make_volunteer):
    somchai, somsri = make_volunteer("somchai"), make_volunteer("somsri")
    _sign_up(somchai, training, at=START - datetime.timedelta(days=10))
    cancelled = _sign_up(somsri, training, at=START - datetime.timedelta(days=10))
    services.cancel(cancelled, by=somsri)
    for moment in MOMENTS.values():
        _tick(moment)
    assert len(_reminders(somchai)) == 3
    assert _reminders(somsri) == []


@pytest.mark.django_db
def test_a_late_sign_up_skips_the_reminders_whose_moment_has_passed(training, make_volunteer):
    early, late = make_volunteer("early"), make_volunteer("late")
    _sign_up(early, training, at=START - datetime.timedelta(days=10))
    assert _tick(MOMENTS["3d"]) == 1
    _sign_up(late, training, at=MOMENTS["3d"] + datetime.timedelta(hours=2))
    assert _tick(MOMENTS["3d"] + datetime.timedelta(hours=3)) == 0, "the late one does not get the passed reminder"
    _tick(MOMENTS["1d"])
    _tick(MOMENTS["07:00"])
    assert [d.occasion.split("@")[0] for d in _reminders(late)] == ["1d", "07:00"]
    assert [d.occasion.split("@")[0] for d in _reminders(early)] == ["3d", "1d", "07:00"]


@pytest.mark.django_db
def test_after_an_outage_only_the_latest_due_reminder_goes_out(training, make_volunteer):
    somchai = make_volunteer("somchai")
    _sign_up(somchai, training, at=START - datetime.timedelta(days=10))
    assert _tick(MOMENTS["1d"] + datetime.timedelta(hours=1)) == 1
    assert [d.occasion.split("@")[0] for d in _reminders(somchai)] == ["1d"]


@pytest.mark.django_db
def test_an_event_with_its_own_schedule(make_event, make_volunteer):
    event = make_event(
        starts_at=START, registration_opens_at=START - datetime.timedelta(days=30), reminder_schedule="2h"
    )
    somchai = make_volunteer("somchai")
    _sign_up(somchai, event, at=START - datetime.timedelta(days=10))
    assert _tick(MOMENTS["1d"]) == 0
    assert _tick(START - datetime.timedelta(hours=2)) == 1


@pytest.mark.django_db
def test_line_reminders_wait_for_morning_outside_the_event_day(training, make_volunteer, line_fake):
    from tests.notification_helpers import link_line

    somchai = make_volunteer("somchai")
    uid = link_line(somchai)
    _sign_up(somchai, training, at=START - datetime.timedelta(days=10))
    line_fake.delivered.clear()
    training.reminder_schedule = "60h"  # 21:00 on 17 Dec: quiet hours
    training.save()
    night = bangkok(2026, 12, 17, 21, 0)
    assert _tick(night) == 1
    reminder = Delivery.objects.get(recipient=somchai, kind="reminder", channel="line")
    assert reminder.status == DeliveryStatus.PENDING
    assert timezone.localtime(reminder.not_before) == bangkok(2026, 12, 18, 7, 0), "deferred, not dropped"
    assert Delivery.objects.get(recipient=somchai, kind="reminder", channel="email").status == DeliveryStatus.SENT
    assert ledger.dispatch_due(now=bangkok(2026, 12, 18, 6, 59)) == 0
    ledger.deliver([reminder.pk], now=bangkok(2026, 12, 18, 7, 0))
    assert len(line_fake.delivered_to(uid)) == 1

    # On the event's own day there are no quiet hours.
    training.reminder_schedule = "4h"  # 05:00 on the day
    training.save()
    _tick(bangkok(2026, 12, 20, 5, 0))
    assert len(line_fake.delivered_to(uid)) == 2
