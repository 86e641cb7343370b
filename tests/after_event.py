"""A finished event with people checked in, minors among them, for the after-event tests."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PillowImage

from portal.accounts import guardians
from portal.accounts.models import ConsentPurpose, VolunteerGroup
from portal.accounts.services import profile_of
from portal.events import services
from portal.events.models import Activity, ActivityKind, Event, EventStatus

FOUR_GROUPS = [VolunteerGroup.CHILD, VolunteerGroup.YOUTH, VolunteerGroup.OPM, VolunteerGroup.PARTNER]


def finished_event(programme, title="อบรมเครือข่ายนวัตกรสังคม", days_ago=3, capacity=70):
    """An event that ended `days_ago` days ago; registration stays open so the test can sign people up."""
    now = timezone.now()
    start = now - datetime.timedelta(days=days_ago)
    event = Event.objects.create(
        programme=programme,
        title=title,
        title_en="Training social innovators",
        place_name="ห้องประชุม อบต.ด่านแม่ละเมา",
        province_code="63",
        district_code="6306",
        subdistrict_code="630609",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=7),
        registration_opens_at=start - datetime.timedelta(days=20),
        registration_closes_at=now + datetime.timedelta(hours=1),
        cancellation_deadline=start - datetime.timedelta(days=1),
        capacity=capacity,
        eligible_groups=FOUR_GROUPS,
        status=EventStatus.PUBLISHED,
    )
    Activity.objects.create(
        event=event,
        title="บรรยายศาสตร์พระราชา",
        title_en="Lecture",
        kind=ActivityKind.LECTURE,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        order=1,
    )
    Activity.objects.create(
        event=event,
        title="จิตอาสาพัฒนาวัด",
        title_en="Temple clean-up",
        kind=ActivityKind.TEMPLE_CLEANUP,
        starts_at=start + datetime.timedelta(hours=4),
        ends_at=start + datetime.timedelta(hours=7),
        order=2,
    )
    return event


def attend(event, user, by):
    signup = services.sign_up(user, event)
    services.check_in(signup, by=by, now=event.starts_at + datetime.timedelta(hours=1))
    return signup


def in_group(user, group):
    profile = profile_of(user)
    profile.volunteer_group = group
    profile.save()
    return user


def minor(make_volunteer, username, group=VolunteerGroup.CHILD, photos=False):
    """A 15-year-old whose guardian consented to taking part, and to photos only when `photos`."""
    today = timezone.localdate()
    user = in_group(make_volunteer(username, born=today.replace(year=today.year - 15), consent=False), group)
    request = guardians.request_guardian_consent(
        profile_of(user), "สมศรี ใจดี", "แม่", "089-876-5432", f"mother-of-{username}@example.org"
    )
    guardians.give_guardian_consent(request, "สมศรี ใจดี", optional=(ConsentPurpose.PHOTOS,) if photos else ())
    return user


def jpeg(width=4000, height=3000, gps=True, colour="green"):
    """A phone photo: large, with the place it was taken in its EXIF."""
    picture = PillowImage.new("RGB", (width, height), colour)
    exif = PillowImage.Exif()
    exif[0x010F] = "PhoneMaker"
    if gps:
        exif[0x8825] = {1: "N", 2: (16.0, 43.0, 0.0), 3: "E", 4: (98.0, 34.0, 0.0)}
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif, quality=80)
    return out.getvalue()


def photo_upload(name="photo.jpg", **options):
    return SimpleUploadedFile(name, jpeg(**options), content_type="image/jpeg")
