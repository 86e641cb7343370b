"""A walk-in is an ordinary sign-up everywhere after the desk: found and checked in (and undone) at the
door, on the sign-ups list, on the sign-in sheet and in CSV/XLSX, counted by group on the dashboard,
given a certificate when checked in; and the person may claim it after logging in with LINE alone."""

import csv
import datetime
import io
import subprocess

import openpyxl
import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as catalogue  # not `_`: these msgids are the code's

from portal.accounts.models import ConsentPurpose, VolunteerGroup
from portal.accounts.services import record_consent
from portal.events import services
from portal.events.admin_dashboard import UpcomingEventsPanel
from portal.events.models import Activity, ActivityKind

from .test_walk_ins import ADULT, CHILD, _walk_in

pytestmark = pytest.mark.django_db
NEIGHBOUR = {
    **ADULT,
    "phone": "0891234567",
    "guardian_name": "สมพร ใจดี",
    "guardian_relation": "ลูกสาว",
    "guardian_phone": "0819876543",
}


@pytest.fixture
def training_today(make_event):
    start = timezone.now() + datetime.timedelta(hours=1)
    event = make_event(
        capacity=10,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
        cancellation_deadline=start,
        eligible_groups=[],
    )
    Activity.objects.create(
        event=event,
        title="จิตอาสาพัฒนาวัด",
        kind=ActivityKind.TEMPLE_CLEANUP,
        order=1,
        starts_at=start,
        ends_at=event.ends_at,
    )
    return event


@pytest.fixture
def walk_ins(training_today, coordinator, make_volunteer):
    """The elderly neighbour and the child, at the desk, beside one person who signed up online."""
    services.sign_up(make_volunteer("online"), training_today)
    return [_walk_in(training_today, coordinator, details) for details in (NEIGHBOUR, CHILD)]


def _content(response):
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def _pdf_text(pdf):
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def test_a_walk_in_is_found_checked_in_and_undone_at_the_door(client, training_today, coordinator, walk_ins):
    (neighbour, _code), _child = walk_ins
    client.force_login(coordinator)
    url = reverse("events:check_in", args=[training_today.pk])
    found = client.get(url, {"q": "๙๑๒๓๔๕๖๗"})  # most of her phone, in Thai digits
    assert [signup.pk for signup in found.context["found"]] == [neighbour.pk]
    roster = client.get(reverse("events:check_in_roster", args=[training_today.pk])).json()
    assert {"บุญมี ใจดี", "ดารุณี แสงทอง"} <= {person["name"] for person in roster["people"]}

    client.post(url, {"signup": neighbour.pk})
    neighbour.refresh_from_db()
    assert neighbour.checked_in_at and neighbour.certificate_code and neighbour.hours_credited
    page = client.get(url)
    assert page.context["checked_in"] == 1
    opm = next(row for row in page.context["by_group"] if row["label"] == VolunteerGroup.OPM.label)
    assert (opm["arrived"], opm["expected"]) == (1, 1)

    undone = client.post(url, {"undo": neighbour.pk}, follow=True)
    assert "ยกเลิกการลงชื่อเข้าร่วมของ บุญมี ใจดี แล้ว" in undone.content.decode()
    neighbour.refresh_from_db()
    assert neighbour.checked_in_at is None and neighbour.certificate_code is None


def test_a_walk_in_is_on_the_sign_ups_list_the_sheet_and_the_exports(client, training_today, coordinator, walk_ins):
    client.force_login(coordinator)
    listing = client.get(reverse("portal_events_signups:index"), {"event": training_today.pk}).content.decode()
    assert "บุญมี" in listing and "ดารุณี" in listing
    sheet = _pdf_text(client.get(reverse("exports:sign_in_sheet", args=[training_today.pk])).content)
    assert "นางบุญมี" in sheet and "เด็กหญิงดารุณี" in sheet and "089-123-4567" in sheet

    with translation.override("th"):
        first_name, age, guardian = (
            catalogue("First name"),
            catalogue("Age"),
            catalogue("Guardian or emergency contact"),
        )
    exported = _content(client.get(reverse("exports:signups", kwargs={"fmt": "csv"}), {"event": training_today.pk}))
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"))))
    header = next(row for row in rows if first_name in row)
    child = dict(zip(header, next(row for row in rows if "ดารุณี" in row), strict=True))
    assert "ครูสมศรี มีสุข" in child[guardian] and int(child[age]) >= 10
    workbook = _content(client.get(reverse("exports:signups", kwargs={"fmt": "xlsx"}), {"event": training_today.pk}))
    cells = {
        cell for row in openpyxl.load_workbook(io.BytesIO(workbook)).active.iter_rows(values_only=True) for cell in row
    }
    assert {"บุญมี", "ดารุณี"} <= cells


def test_walk_ins_count_by_group_on_the_dashboard(training_today, coordinator, walk_ins):
    [event] = [event for event in UpcomingEventsPanel(coordinator).events() if event.pk == training_today.pk]
    counts = dict(zip(VolunteerGroup.values, event.by_group, strict=True))
    assert counts[VolunteerGroup.OPM] == 1 and counts[VolunteerGroup.CHILD] == 1
    assert event.confirmed_count == 3


def test_someone_with_line_only_claims_the_walk_in_and_its_certificate(client, training_today, coordinator, walk_ins):
    (neighbour, code), _child = walk_ins
    services.check_in(neighbour, by=coordinator)
    line_only = get_user_model().objects.create_user(username="line-Ua1b2c3", email="")
    SocialAccount.objects.create(user=line_only, provider="line", uid="Ua1b2c3d4e5f60718293a4b5c6d7e8f90")
    record_consent(line_only, {ConsentPurpose.PARTICIPATION: True})
    client.force_login(line_only)

    claimed = client.post(reverse("events:claim"), {"code": code}, follow=True)
    assert claimed.redirect_chain[-1][0] == reverse("events:mine"), claimed.content.decode()[:2000]
    neighbour.refresh_from_db()
    assert neighbour.user == line_only and line_only.signups.count() == 1, "one person, one sign-up, no duplicate"
    line_only.refresh_from_db()
    assert line_only.get_full_name() == "บุญมี ใจดี" and line_only.profile.phone == "+66891234567"
    certificate = client.get(reverse("events:certificate", args=[neighbour.pk]))
    assert certificate.status_code == 200 and "บุญมี" in _pdf_text(certificate.content)
