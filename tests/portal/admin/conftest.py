
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from portal.accounts.models import VolunteerGroup
from portal.accounts.services import profile_of
from portal.events import services
from tests.factories import EventFactory, ProgrammeFactory
from tests.portal.accounts.conftest import make_volunteer  # noqa: F401  (fixture)

WITHIN_THE_HOUR = 1 / 24  # days_ahead for an event whose check-in is open


def _staff(username, group=None, superuser=False):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password="x", first_name=username, last_name="staff",
        is_superuser=superuser, is_staff=superuser,
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def make_event(programme, title, capacity=10, requires_approval=False, days_ahead=10):
    return EventFactory(programme=programme, title=title, capacity=capacity, requires_approval=requires_approval,
                        days_ahead=days_ahead)


@pytest.fixture
def staff(db):
    """One user per admin role; "coordinator" coordinates `ours`, "other_coordinator" `theirs`."""
    return {
        "volunteer": _staff("plainvolunteer"),
        "editor": _staff("editor1", "Editors"),
        "approver": _staff("approver1", "Approvers"),
        "coordinator": _staff("coordinator1", "Coordinators"),
        "other_coordinator": _staff("coordinator2", "Coordinators"),
        "admin": _staff("admin1", superuser=True),
    }


@pytest.fixture
def ours(staff):
    programme = ProgrammeFactory(organisers="อบต.ด่านแม่ละเมา")
    programme.coordinators.add(staff["coordinator"])
    return programme


@pytest.fixture
def theirs(staff):
    programme = ProgrammeFactory(name="โครงการอื่น", organisers="อบต.ด่านแม่ละเมา")
    programme.coordinators.add(staff["other_coordinator"])
    return programme


@pytest.fixture
def make_signup(make_volunteer):
    def make(event, username, group=VolunteerGroup.YOUTH, **profile_fields):
        user = make_volunteer(username)
        profile = profile_of(user)
        profile.volunteer_group = group
        for name, value in profile_fields.items():
            setattr(profile, name, value)
        profile.save()
        return services.sign_up(user, event)

    return make
