import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from portal.events.models import Activity, ActivityKind
from tests.factories import EventFactory, ProgrammeFactory
from tests.portal.accounts.conftest import make_volunteer  # noqa: F401  (fixture)


@pytest.fixture
def programme(db):
    return ProgrammeFactory()


@pytest.fixture
def coordinator(make_volunteer, programme):
    """A coordinator of the events' programme."""
    user = make_volunteer("coord")
    user.groups.add(Group.objects.get(name="Coordinators"))
    programme.coordinators.add(user)
    return user


@pytest.fixture
def make_event(programme):
    def make(capacity=10, **fields):
        fields.setdefault("registration_opens_at", timezone.now() - datetime.timedelta(days=1))
        fields.setdefault("programme", programme)
        return EventFactory(capacity=capacity, **fields)

    return make


@pytest.fixture
def event(make_event):
    event = make_event(capacity=2)
    Activity.objects.create(event=event, title="บรรยายศาสตร์พระราชา", kind=ActivityKind.LECTURE,
                            starts_at=event.starts_at, ends_at=event.starts_at + datetime.timedelta(hours=2), order=1)
    return event


@pytest.fixture
def event_today(make_event):
    """An event that starts within the hour: its check-in is open (CHECK_IN_OPENS_BEFORE)."""
    start = timezone.now() + datetime.timedelta(hours=1)
    return make_event(capacity=2, starts_at=start, cancellation_deadline=start)
