"""No overbooking, ever: concurrent requests on PostgreSQL queue on the event's row lock."""

import random
import threading

import pytest
from django.db import connection

from portal.events import services
from portal.events.models import SignupStatus
from portal.events.services import SignupRefused


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
