"""The reference training as a demo event: 70 seats, four target groups, four activities,
coordinated by the demo coordinator. It is set a month ahead so the demo can register for it."""

import datetime
import zoneinfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from portal.accounts.models import VolunteerGroup

from .models import Activity, ActivityKind, Event, EventStatus, Programme

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")
TRAINING_TITLE = "อบรมเสริมพลังเครือข่ายนวัตกรสังคมชุมชน ตำบลด่านแม่ละเมา"

ACTIVITIES = [
    (
        "บรรยายเรื่องศาสตร์พระราชากับการพัฒนาที่ยั่งยืน",
        "Lecture: the King's philosophy for sustainable development",
        ActivityKind.LECTURE,
        0,
        9,
        12,
    ),
    ("ฝึกปฏิบัติกลุ่ม: การคิดเชิงนวัตกรรมสังคม", "Group workshop: social-innovation thinking", ActivityKind.WORKSHOP, 0, 13, 16),
    ("การเยี่ยมบ้านผู้ประสบปัญหาทางสังคม", "Home visits to socially vulnerable families", ActivityKind.HOME_VISIT, 1, 9, 12),
    ("จิตอาสาพัฒนาวัด", "Volunteer temple clean-up", ActivityKind.TEMPLE_CLEANUP, 1, 13, 16),
]


def add_the_trainings_activities(event, first_day):
    """The reference training's four activities, over its two days from `first_day`."""
    for order, (title, title_en, kind, day, start, end) in enumerate(ACTIVITIES, start=1):
        day = first_day + datetime.timedelta(days=day)
        Activity.objects.create(
            event=event,
            title=title,
            title_en=title_en,
            kind=kind,
            order=order,
            starts_at=_at(day, start),
            ends_at=_at(day, end),
        )


def _at(day, hour):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=BANGKOK)


@transaction.atomic
def load(log):
    programme, created = Programme.objects.get_or_create(
        name="ตำบลสร้างเสริมสวัสดิการสังคม",
        fiscal_year=2563,
        defaults={
            "name_en": "Sub-district that strengthens social welfare",
            "organisers": "ศูนย์พัฒนาราษฎรบนพื้นที่สูงจังหวัดตาก\nองค์การบริหารส่วนตำบลด่านแม่ละเมา",
            "signatory_name": "นายสมพงษ์ ตัวอย่าง",
            "signatory_title": "ผู้อำนวยการศูนย์พัฒนาราษฎรบนพื้นที่สูงจังหวัดตาก",
        },
    )
    programme.coordinators.add(*get_user_model().objects.filter(username="coordinator"))
    if created:
        log("Created the demo programme")
    if Event.objects.filter(programme=programme, title=TRAINING_TITLE).exists():
        return
    first_day = timezone.localdate() + datetime.timedelta(days=30)
    event = Event.objects.create(
        programme=programme,
        title=TRAINING_TITLE,
        title_en="Training a network of community social innovators, Dan Mae Lamao",
        description=(
            "อบรมสองวันสำหรับเด็ก เยาวชน อพม. และภาคีเครือข่าย 70 คน: บรรยายศาสตร์พระราชา ฝึกคิดนวัตกรรมสังคม "
            "ลงพื้นที่เยี่ยมบ้านผู้ประสบปัญหาทางสังคม และจิตอาสาพัฒนาวัด"
        ),
        description_en=(
            "Two days for 70 children, youth, OPM volunteers and partners: a lecture on the King's philosophy, "
            "a social-innovation workshop, home visits and a temple clean-up."
        ),
        place_name="ห้องประชุม อบต.ด่านแม่ละเมา",
        province_code="63",
        district_code="6306",
        subdistrict_code="630609",
        starts_at=_at(first_day, 8),
        ends_at=_at(first_day + datetime.timedelta(days=1), 16),
        registration_opens_at=timezone.now() - datetime.timedelta(days=1),
        registration_closes_at=_at(first_day - datetime.timedelta(days=3), 17),
        cancellation_deadline=_at(first_day - datetime.timedelta(days=2), 17),
        capacity=70,
        eligible_groups=[VolunteerGroup.CHILD, VolunteerGroup.YOUTH, VolunteerGroup.OPM, VolunteerGroup.PARTNER],
        hours=14,
        status=EventStatus.PUBLISHED,
    )
    add_the_trainings_activities(event, first_day)
    log(f"Created the demo event “{event.title}” with 70 seats and 4 activities")
