"""Test data through factory-boy: a programme and a published event ten days ahead, in Tak, whose
registration is open. Fixtures in the conftest files build on these."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from portal.events.models import Activity, ActivityKind, Event, EventStatus, Programme

WITHIN_THE_HOUR = 1 / 24  # days_ahead for an event whose check-in is open


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme

    name = "ตำบลสร้างเสริมสวัสดิการสังคม"
    organisers = "ศูนย์พัฒนาราษฎรบนพื้นที่สูงจังหวัดตาก"
    fiscal_year = 2563


class EventFactory(DjangoModelFactory):
    """`days_ahead` places the start (1/24: within the hour, when check-in is open)."""

    class Meta:
        model = Event

    class Params:
        days_ahead = 10

    programme = factory.SubFactory(ProgrammeFactory)
    title = "อบรมอาสาสมัคร"
    place_name = "อบต.ด่านแม่ละเมา"
    province_code, district_code, subdistrict_code = "63", "6306", "630609"
    starts_at = factory.LazyAttribute(lambda event: timezone.now() + datetime.timedelta(days=event.days_ahead))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + datetime.timedelta(hours=7))
    registration_opens_at = factory.LazyAttribute(
        lambda event: min(timezone.now(), event.starts_at) - datetime.timedelta(days=2)
    )
    registration_closes_at = factory.SelfAttribute("starts_at")
    cancellation_deadline = factory.LazyAttribute(lambda event: event.starts_at - datetime.timedelta(days=1))
    capacity = 10
    status = EventStatus.PUBLISHED


class LectureFactory(DjangoModelFactory):
    """An event's first activity: a two-hour lecture from the event's start."""

    class Meta:
        model = Activity

    title = "บรรยายศาสตร์พระราชา"
    kind = ActivityKind.LECTURE
    starts_at = factory.SelfAttribute("event.starts_at")
    ends_at = factory.LazyAttribute(lambda activity: activity.starts_at + datetime.timedelta(hours=2))
    order = 1
