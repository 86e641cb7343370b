"""Demo accounts, one per role, all with the password that `make run` prints."""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from .models import ConsentPurpose, Title, VolunteerGroup
from .services import profile_of, record_consent

DEMO_PASSWORD = "demo-2563"

# username, e-mail, first name, last name, groups, superuser
DEMO_USERS = [
    ("admin", "admin@example.org", "ผู้ดูแล", "ระบบ", [], True),
    ("editor", "editor@example.org", "สมศรี", "ใจดี", ["Editors"], False),
    ("approver", "approver@example.org", "ประเสริฐ", "ตรวจทาน", ["Approvers"], False),
    ("coordinator", "coordinator@example.org", "วิไล", "ประสานงาน", ["Coordinators"], False),
    ("volunteer", "volunteer@example.org", "มานะ", "อาสา", [], False),
]


@transaction.atomic
def load(log):
    User = get_user_model()
    for username, email, first_name, last_name, groups, is_superuser in DEMO_USERS:
        user, created = User.objects.get_or_create(username=username, defaults={"email": email})
        user.email, user.first_name, user.last_name = email, first_name, last_name
        user.is_superuser = user.is_staff = is_superuser
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set(Group.objects.filter(name__in=groups))
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        if created:
            log(f"Created the demo user {username}")
    _volunteer_profile(User.objects.get(username="volunteer"))


def _volunteer_profile(user):
    """The demo volunteer: an OPM volunteer from Dan Mae Lamao with a complete profile and consent."""
    profile = profile_of(user)
    if not profile.is_complete:
        profile.title = Title.MR
        profile.date_of_birth = datetime.date(1985, 3, 14)
        profile.phone = "+66812345678"
        profile.province_code, profile.district_code, profile.subdistrict_code = "63", "6306", "630609"
        profile.village_number, profile.village_name = 4, "บ้านห้วยกระโห้"
        profile.volunteer_group = VolunteerGroup.OPM
        profile.save()
    record_consent(user, {ConsentPurpose.PARTICIPATION: True, ConsentPurpose.LINE_REMINDERS: True})


def logins():
    """(role, login, password) rows for the `make run` banner."""
    return [(username, email, DEMO_PASSWORD) for username, email, *_ in DEMO_USERS]
