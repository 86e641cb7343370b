"""No overbooking, ever: concurrent requests on PostgreSQL (real threads, one connection each) queue
on the event's row lock: sign-ups, cancels, the event's cancellation and its seats changing."""

import random
import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from portal.events import services
from portal.events.models import ACTIVE_STATUSES, ChangeReason, EventStatus, SignupChange, SignupStatus
from portal.events.services import SignupRefused
from portal.notifications.models import Delivery


def _run_concurrently(functions):
    barrier = threading.Barrier(len(functions))
    errors = []

    def run(function):
        try:
            barrier.wait()
            function()
        except SignupRefused:
            pass
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(function,)) for function in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []


def _invariants(event):
    signups = list(event.signups.all())
    confirmed = [s for s in signups if s.status == SignupStatus.CONFIRMED]
    waiting = sorted((s for s in signups if s.status == SignupStatus.WAITLISTED), key=lambda s: s.waitlist_position)
    assert len(confirmed) <= event.capacity
    assert [s.waitlist_position for s in waiting] == list(range(1, len(waiting) + 1))
    if waiting:
        assert len(confirmed) == event.capacity, "nobody waits while a seat is free"
    return confirmed, waiting


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_concurrent_sign_ups_for_ten_seats(make_event, make_volunteer):
    event = make_event(capacity=10)
    people = [make_volunteer(f"rush{n}") for n in range(50)]
    _run_concurrently([lambda person=person: services.sign_up(person, event) for person in people])
    confirmed, waiting = _invariants(event)
    assert len(confirmed) == 10
    assert len(waiting) == 40
    assert [s.waitlist_position for s in waiting] == list(range(1, 41))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_cancels_and_sign_ups_keep_the_waitlist_whole(make_event, make_volunteer):
    event = make_event(capacity=5)
    first_wave = [services.sign_up(make_volunteer(f"early{n}"), event) for n in range(12)]
    newcomers = [make_volunteer(f"late{n}") for n in range(12)]
    cancellers = random.Random(7).sample(first_wave, 8)
    work = [lambda s=s: services.cancel(s, s.user) for s in cancellers]
    work += [lambda p=p: services.sign_up(p, event) for p in newcomers]
    random.Random(11).shuffle(work)
    _run_concurrently(work)
    confirmed, waiting = _invariants(event)
    assert len(confirmed) == 5
    assert len(confirmed) + len(waiting) == 12 - 8 + 12


def _one_message_per_change(event):
    """Every status change of the event's sign-ups was told once, however the requests interleaved."""
    change_type = ContentType.objects.get_for_model(SignupChange)
    for change in SignupChange.objects.filter(signup__event=event):
        rows = Delivery.objects.filter(subject_type=change_type, subject_id=change.pk, channel="email")
        assert rows.count() == 1, (change.reason, list(rows.values_list("kind", flat=True)))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_cancelling_the_event_while_people_sign_up_leaves_nobody_registered(make_event, make_volunteer):
    event = make_event(capacity=5)
    for n in range(6):
        services.sign_up(make_volunteer(f"before{n}"), event)
    newcomers = [make_volunteer(f"during{n}") for n in range(16)]
    work = [lambda p=p: services.sign_up(p, event) for p in newcomers]
    work.insert(8, lambda: services.cancel_event(event, by=None))
    _run_concurrently(work)

    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert not event.signups.filter(status__in=ACTIVE_STATUSES).exists(), "nobody registered for a cancelled event"
    for signup in event.signups.all():
        assert [change.reason for change in signup.changes.all()] == [
            ChangeReason.SIGNED_UP,
            ChangeReason.EVENT_CANCELLED,
        ]
    _one_message_per_change(event)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_seats_changed_while_people_sign_up_and_cancel_keep_the_waitlist_whole(make_event, make_volunteer):
    event = make_event(capacity=3)
    first_wave = [services.sign_up(make_volunteer(f"early{n}"), event) for n in range(8)]
    newcomers = [make_volunteer(f"late{n}") for n in range(8)]
    work = [lambda s=s: services.cancel(s, s.user) for s in random.Random(3).sample(first_wave, 3)]
    work += [lambda p=p: services.sign_up(p, event) for p in newcomers]
    work += [lambda seats=seats: services.change_capacity(event, seats, by=None) for seats in (6, 4, 8)]
    random.Random(5).shuffle(work)
    _run_concurrently(work)

    event.refresh_from_db()
    confirmed, waiting = (
        list(event.signups.filter(status=SignupStatus.CONFIRMED)),
        list(event.signups.filter(status=SignupStatus.WAITLISTED)),
    )
    assert len(confirmed) <= 8 and len(confirmed) + len(waiting) == 8 - 3 + 8
    if waiting:
        assert len(confirmed) >= event.capacity, "nobody waits while a seat is free"
    assert sorted(s.waitlist_position for s in waiting) == list(range(1, len(waiting) + 1))
    _one_message_per_change(event)
