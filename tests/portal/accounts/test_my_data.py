"""My data holds everything the portal keeps about the person, as docs/privacy.md lists it: the page
in Thai a person can read (names of places, Buddhist-Era dates, no field names), the download as
plain data. The events app adds its part through accounts' signal (accounts does not import events)."""

import datetime
import json
import re
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession
from django.utils import timezone

from portal.accounts import guardians
from portal.accounts.personal_data import export_personal_data
from portal.events import services
from portal.events.models import Activity, ActivityKind, CalendarFeed, Event
from tests.factories import EventFactory
from tests.fixtures.volunteers import PASSWORD

pytestmark = pytest.mark.django_db

PRIVACY = (Path(__file__).resolve().parents[3] / "docs" / "privacy.md").read_text()


def documented_sections():
    """The backticked names in the last column of the "What the portal holds" table."""
    table = PRIVACY.split("## What the portal holds, and where")[1].split("\n## ")[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and not line.startswith("| ---")][1:]
    return {name for row in rows for name in re.findall(r"`([a-z_]+)`", row.rstrip(" |").rsplit("|", 1)[1])}


@pytest.fixture
def everything(client, make_volunteer, ours, staff):
    """A fifteen-year-old with a guardian's consent, a LINE link, a second address, a checked-in
    sign-up with activities, a cancelled one, a calendar feed, messages and a logged-in device."""
    today = timezone.localdate()
    user = make_volunteer("nong", born=today.replace(year=today.year - 15))
    EmailAddress.objects.create(user=user, email="nong.second@example.org", verified=False, primary=False)
    SocialAccount.objects.create(user=user, provider="line", uid="U4af4980629")
    profile = user.profile
    profile.village_number, profile.village_name, profile.nickname = 4, "บ้านห้วยกระโห้", "น้อง"
    profile.save()
    request = guardians.request_guardian_consent(profile, "สมศรี ใจดี", "แม่", "0898765432", "mother@example.org")
    guardians.give_guardian_consent(request, "สมศรี ใจดี", [ActivityKind.LECTURE], [])
    event = EventFactory(programme=ours, title="อบรมนวัตกรสังคม")
    lecture = Activity.objects.create(
        event=event,
        title="บรรยายศาสตร์พระราชา",
        kind=ActivityKind.LECTURE,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
    )
    signup = services.sign_up(user, event, [lecture])
    now = timezone.now()  # the day has come: check-in is open
    Event.objects.filter(pk=event.pk).update(
        starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=6)
    )
    services.check_in(signup, by=staff["coordinator"])
    cancelled = services.sign_up(user, EventFactory(programme=ours, title="จิตอาสาพัฒนาวัด"))
    services.cancel(cancelled, by=staff["coordinator"])
    CalendarFeed.objects.create(user=user)
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD}, HTTP_USER_AGENT="Firefox/120")
    assert UserSession.objects.filter(user=user).exists()
    signup.refresh_from_db()
    return {"user": user, "signup": signup, "event": event}


def test_the_download_holds_every_section_the_privacy_notice_lists(client, everything):
    data = json.loads(client.get("/profile/my-data.json").content)
    assert set(data) - {"exported_at"} == documented_sections()
    assert all(data[section] for section in documented_sections()), [name for name in data if not data[name]]


def test_the_download_holds_sign_ups_hours_certificates_messages_sessions_and_the_feed(client, everything):
    user, signup = everything["user"], everything["signup"]
    data = json.loads(client.get("/profile/my-data.json").content)
    attended = next(item for item in data["signups"] if item["event"] == "อบรมนวัตกรสังคม")
    assert attended["status"] == "confirmed" and attended["activities"] == ["บรรยายศาสตร์พระราชา"]
    assert attended["certificate_code"] == signup.certificate_code and attended["hours"] == str(signup.hours_credited)
    assert [change["to"] for change in attended["status_history"]] == ["confirmed", "confirmed"]
    assert any(item["status"] == "cancelled" for item in data["signups"])
    assert data["hours"]["total"] == str(signup.hours_credited)
    assert str(CalendarFeed.objects.get(user=user).token) in data["calendar_feed"]["url"]
    kinds = {message["kind"] for message in data["messages"]}
    assert {"signup_confirmed", "signup_cancelled", "guardian_request", "guardian_consent_given"} <= kinds
    assert data["sessions"][0]["user_agent"] == "Firefox/120" and data["sessions"][0]["ip"] == "127.0.0.1"
    assert data["guardian_consents"][0]["activity_kinds"] == ["lecture"]
    assert data["consents"] and data["linked_accounts"][0]["uid"] == "U4af4980629"
    assert {address["email"] for address in data["email_addresses"]} == {user.email, "nong.second@example.org"}
    assert data["profile"]["province_code"] == "63"
    # Not the words of the messages, nor the guardian's link.
    assert "/guardian/" not in json.dumps(data)


def test_the_page_reads_as_thai_on_paper_with_names_of_places_and_buddhist_era_dates(client, everything):
    page = client.get("/profile/my-data/").content.decode()
    main = page.split("<main", 1)[1]
    for raw in ("province_code", "volunteer_group", "signup_confirmed", "True", "False", "None", ">63<", "opm"):
        assert raw not in main, raw
    born = everything["user"].profile.date_of_birth
    assert str(born.year + 543) in main and str(born.year) not in main
    for readable in (
        "ตาก",
        "แม่สอด",
        "ด่านแม่ละเมา",
        "หมู่ที่ 4",
        "บ้านห้วยกระโห้",
        "ยืนยันแล้ว",
        "อบรมนวัตกรสังคม",
        everything["signup"].certificate_code,
        "บรรยายศาสตร์พระราชา",
        "สมศรี ใจดี",
        "Firefox/120",
        "ที่อยู่ลับของปฏิทินของคุณ",
        "การบรรยาย",
    ):
        assert readable in main, readable


def test_the_export_function_for_admins_gives_the_same_data(everything):
    data = export_personal_data(everything["user"])
    assert isinstance(data["exported_at"], datetime.datetime)
    assert set(data) - {"exported_at"} == documented_sections()
