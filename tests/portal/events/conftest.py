import datetime

import pytest
from django.utils import timezone

from portal.events.models import Activity, ActivityKind, Event, EventStatus, Programme
from tests.portal.accounts.conftest import make_volunteer  # noqa: F401  (fixture)


@pytest.fixture
def programme(db):
    return Programme.objects.create(
        name="ตำบลสร้างเสริมสวัสดิการสังคม", organisers="ศูนย์พัฒนาราษฎรบนพื้นที่สูงจังหวัดตาก", fiscal_year=2563
    )


@pytest.fixture
def make_event(programme):
    def make(capacity=10, **fields):
        now = timezone.now()
        start = fields.pop("starts_at", now + datetime.timedelta(days=10))
        values = dict(
            programme=programme, title="อบรมอาสาสมัคร", place_name="อบต.ด่านแม่ละเมา", province_code="63",
            district_code="6306", subdistrict_code="630609", starts_at=start, ends_at=start + datetime.timedelta(hours=7),
            registration_opens_at=now - datetime.timedelta(days=1), registration_closes_at=start,
            cancellation_deadline=start - datetime.timedelta(days=1), capacity=capacity, status=EventStatus.PUBLISHED,
        )
        values.update(fields)
        return Event.objects.create(**values)

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
