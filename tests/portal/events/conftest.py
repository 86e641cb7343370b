import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone


@pytest.fixture
def coordinator(make_volunteer, programme):
    """A coordinator of the events' programme."""
    user = make_volunteer("coord")
    user.groups.add(Group.objects.get(name="Coordinators"))
    programme.coordinators.add(user)
    return user


@pytest.fixture
def event_today(make_event):
    """An event that starts within the hour: its check-in is open (CHECK_IN_OPENS_BEFORE)."""
    start = timezone.now() + datetime.timedelta(hours=1)
    return make_event(capacity=2, starts_at=start, cancellation_deadline=start)
