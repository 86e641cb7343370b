import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from portal.accounts.models import VolunteerGroup
from portal.events import services
from portal.events.models import Activity, ActivityKind, Programme
from tests.portal.events.conftest import event, make_event, programme  # noqa: F401  (fixtures)
from tests.portal.accounts.conftest import make_volunteer  # noqa: F401  (fixture)

# What a spreadsheet would take for a formula: ASCII and full-width triggers, after spaces, tab and line breaks first.
HOSTILE_NAMES = ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)", "\tแท็บ", "\rขึ้นบรรทัด",
                 "＝1+1", "＋66", "－2", "＠SUM(A1)", " =1+1", "\u3000＝HYPERLINK(\"x\")", "\nบรรทัดใหม่"]


@pytest.fixture
def training(make_event):
    """A two-activity training that starts within the hour (check-in is open), big enough for a few
    pages of sign-in sheet."""
    training = make_event(capacity=200, title="อบรมเสริมพลังเครือข่ายนวัตกรสังคม", title_en="Innovators training",
                          starts_at=timezone.now() + datetime.timedelta(hours=1))
    start = training.starts_at
    for order, (title, kind) in enumerate(
        [("บรรยายศาสตร์พระราชา", ActivityKind.LECTURE), ("จิตอาสาพัฒนาวัด", ActivityKind.TEMPLE_CLEANUP)], start=1
    ):
        Activity.objects.create(event=training, title=title, kind=kind, order=order,
                                starts_at=start + datetime.timedelta(hours=3 * (order - 1)),
                                ends_at=start + datetime.timedelta(hours=3 * order))
    return training


@pytest.fixture
def sign_up_person(make_volunteer):
    """sign_up_person(event, "first", "last", group=..., activities=...) → a sign-up made by the service."""
    made = []

    def sign_up(event, first_name, last_name, group=VolunteerGroup.YOUTH, activities=()):
        user = make_volunteer(f"signed-up-{len(made)}")
        user.first_name, user.last_name = first_name, last_name
        user.save(update_fields=["first_name", "last_name"])
        user.profile.volunteer_group = group
        user.profile.save(update_fields=["volunteer_group"])
        made.append(user)
        return services.sign_up(user, event, activities)

    return sign_up


def _staff(make_volunteer, username, group_name):
    user = make_volunteer(username)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def coordinator(make_volunteer, programme):
    user = _staff(make_volunteer, "programme-coordinator", "Coordinators")
    programme.coordinators.add(user)
    return user


@pytest.fixture
def other_coordinator(make_volunteer):
    """Coordinates another programme, not the training's."""
    user = _staff(make_volunteer, "elsewhere", "Coordinators")
    Programme.objects.create(name="โครงการอื่น", organisers="อบต.อื่น", fiscal_year=2564).coordinators.add(user)
    return user


@pytest.fixture
def editor(make_volunteer):
    return _staff(make_volunteer, "writer", "Editors")
