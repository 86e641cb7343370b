"""The reference training as it was held: a first run two weeks ago, people of all four target
groups checked in (two children with their guardian's consent, one of them to photos) and a few
photos of the day, so the after-event draft and the programme report have something to show."""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from portal.accounts.models import ConsentPurpose, GuardianConsent, PrivacyNotice, VolunteerGroup
from portal.accounts.services import profile_of, record_consent
from portal.events import services
from portal.events.demo import ACTIVITIES, TRAINING_TITLE, _at, add_the_trainings_activities
from portal.events.models import Event, EventStatus, Programme
from portal.events.photos import add_photo
from portal.notifications.models import Delivery, DeliveryStatus

from .demo_images import _draw

FINISHED_TITLE = f"{TRAINING_TITLE} รุ่นที่ 1"
PEOPLE = [  # (username, first name, last name, group, age, photo consent)
    ("demo-child-1", "ด.ญ.ฟ้าใส", "ใจงาม", VolunteerGroup.CHILD, 12, True),
    ("demo-child-2", "ด.ช.ดินดี", "รักถิ่น", VolunteerGroup.CHILD, 13, False),
    ("demo-youth-1", "น้ำฝน", "แสงทอง", VolunteerGroup.YOUTH, 22, True),
    ("demo-youth-2", "ภูผา", "ศรีสุข", VolunteerGroup.YOUTH, 24, True),
    ("demo-opm-1", "สมศรี", "มั่นคง", VolunteerGroup.OPM, 48, True),
    ("demo-opm-2", "ประเสริฐ", "ทองดี", VolunteerGroup.OPM, 55, False),
    ("demo-partner-1", "วิไล", "พัฒนา", VolunteerGroup.PARTNER, 40, True),
]
PHOTOS = [
    ("ผู้เข้าอบรมฟังบรรยายศาสตร์พระราชา", 21, False),
    ("ระดมความคิดนวัตกรรมสังคม", 22, False),
    ("น้องฟ้าใสช่วยกวาดลานวัด", 23, True),
]


def _person(username, first_name, last_name, group, age, photos):
    email = f"{username}@example.org"
    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": first_name, "last_name": last_name, "email": email}
    )
    user.set_unusable_password()  # a participant in the story, not a demo login
    user.save()
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    profile = profile_of(user)
    profile.notify_by_email = profile.notify_by_line = False  # the story's people are not mailed
    today = timezone.localdate()
    profile.date_of_birth = today.replace(year=today.year - age, day=min(today.day, 28))
    profile.volunteer_group = group
    profile.phone = "+66812345678"
    profile.province_code, profile.district_code, profile.subdistrict_code = "63", "6306", "630609"
    profile.save()
    choices = {ConsentPurpose.PARTICIPATION: True, ConsentPurpose.PHOTOS: photos}
    if profile.is_minor:  # the guardian's word, as give_guardian_consent records it
        consent = GuardianConsent.objects.create(
            profile=profile,
            guardian_name="ผู้ปกครองตัวอย่าง",
            relation="แม่",
            guardian_phone="0898765432",
            consented_at=timezone.now(),
            signed_name="ผู้ปกครองตัวอย่าง",
            notice=PrivacyNotice.current(),
            activity_kinds=[kind for *_rest, kind, _day, _start, _end in ACTIVITIES],
        )
        record_consent(user, choices, guardian_consent=consent)
    else:
        record_consent(user, choices)
    return user


@transaction.atomic
def load(log):
    programme = Programme.objects.filter(name="ตำบลสร้างเสริมสวัสดิการสังคม", fiscal_year=2563).first()
    coordinator = get_user_model().objects.filter(username="coordinator").first()
    if programme is None or coordinator is None or Event.objects.filter(title=FINISHED_TITLE).exists():
        return
    first_day = timezone.localdate() - datetime.timedelta(days=14)
    event = Event.objects.create(
        programme=programme,
        title=FINISHED_TITLE,
        title_en="Training community social innovators, first run",
        description="อบรมสองวันสำหรับเด็ก เยาวชน อพม. และภาคีเครือข่าย",
        place_name="ห้องประชุม อบต.ด่านแม่ละเมา",
        province_code="63",
        district_code="6306",
        subdistrict_code="630609",
        starts_at=_at(first_day, 8),
        ends_at=_at(first_day + datetime.timedelta(days=1), 16),
        registration_opens_at=_at(first_day - datetime.timedelta(days=30), 8),
        registration_closes_at=timezone.now() + datetime.timedelta(minutes=5),  # closed again below
        cancellation_deadline=_at(first_day - datetime.timedelta(days=2), 17),
        capacity=60,
        eligible_groups=[VolunteerGroup.CHILD, VolunteerGroup.YOUTH, VolunteerGroup.OPM, VolunteerGroup.PARTNER],
        hours=14,
        status=EventStatus.PUBLISHED,
    )
    add_the_trainings_activities(event, first_day)
    people = [_person(*person) for person in PEOPLE]
    for user in people:
        signup = services.sign_up(user, event)
        services.check_in(signup, by=coordinator, now=event.starts_at + datetime.timedelta(hours=1))
    Event.objects.filter(pk=event.pk).update(registration_closes_at=_at(first_day - datetime.timedelta(days=3), 17))
    # The day was two weeks ago: what signing up and checking in would have sent then is not sent today.
    Delivery.objects.filter(recipient__in=people, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.SKIPPED, last_error=gettext_noop("Not sent: the event was over when the demo was loaded.")
    )
    for caption, seed, shows_child in PHOTOS:
        upload = SimpleUploadedFile(f"demo-day-{seed}.jpg", _draw(caption, seed), content_type="image/jpeg")
        add_photo(event, upload, caption, minors=[people[0]] if shows_child else [], by=coordinator)
    log(
        f"Created the finished demo event “{event.title}” with {len(people)} people checked in and {len(PHOTOS)} photos"
    )
