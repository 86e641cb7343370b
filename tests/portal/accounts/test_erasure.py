"""Erasing an account leaves no live trace, row by row as docs/privacy.md's table says: each row of
"What erasing an account does" has its check here (or, for the events app's part, in its tests)."""

import csv
import io
import re
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.utils import timezone

from portal.accounts import guardians
from portal.accounts.models import ConsentRecord, GuardianConsent, Profile
from portal.accounts.services import erase_account, forget_ended_sessions
from portal.events import services as event_services
from portal.exports import tasks as export_tasks
from portal.exports.models import ExportJob, ExportStatus
from portal.notifications.models import ChannelStatus, Delivery
from tests.factories import EventFactory
from tests.fixtures.volunteers import PASSWORD

pytestmark = pytest.mark.django_db

PRIVACY = (Path(__file__).resolve().parents[3] / "docs" / "privacy.md").read_text()
# The events app's receiver of erasing_person cancels sign-ups still to come and deletes the calendar
# feed; tests/portal/events check those rows. The rest of those rows are checked below.
CHECKED_BY_THE_EVENTS_APP = {"Calendar feed"}


def erasure_rows():
    table = PRIVACY.split("## What erasing an account does")[1].split("\n## ")[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and not line.startswith("| ---")][1:]
    return [row.split("|")[1].strip() for row in rows]


def _log_in(client, user, browser):
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD}, HTTP_USER_AGENT=browser)
    assert client.session.get("_auth_user_id") == str(user.pk)


def _build(job):
    export_tasks.build_signup_export(str(job.pk))
    job.refresh_from_db()
    return job


def _names_in(job):
    with job.file.open("rb") as file:
        return file.read().decode("utf-8-sig")


@pytest.fixture
def erased(client, make_volunteer, ours, theirs, staff, django_capture_on_commit_callbacks):
    """A volunteer with everything, two other people, and the coordinators' export files; then erased."""
    person, other = make_volunteer("somchai"), make_volunteer("somsak")
    person.first_name, other.first_name = "มานะ", "สมศักดิ์"
    person.save(), other.save()
    SocialAccount.objects.create(user=person, provider="line", uid="U123")
    profile = person.profile
    profile.nickname, profile.skills, profile.emergency_contact_name = "ชาย", "ทำอาหาร", "แม่"
    profile.save()
    event, elsewhere = (
        EventFactory(programme=ours, title="อบรมนวัตกรสังคม"),
        EventFactory(programme=theirs, title="งานอื่น"),
    )
    signup = event_services.sign_up(person, event)
    event_services.sign_up(other, event)
    event_services.sign_up(other, elsewhere)
    ChannelStatus.objects.create(user=person, channel="line", address="U123", active=False)
    coordinator, other_coordinator = staff["coordinator"], staff["other_coordinator"]
    holding = _build(
        ExportJob.objects.create(
            requested_by=coordinator, file_format="csv", language="th", filters={"event": [str(event.pk)]}
        )
    )
    not_holding = _build(
        ExportJob.objects.create(
            requested_by=other_coordinator, file_format="csv", language="th", filters={"event": [str(elsewhere.pk)]}
        )
    )
    being_written = ExportJob.objects.create(
        requested_by=coordinator,
        file_format="csv",
        language="th",
        filters={"event": [str(event.pk)]},
        status=ExportStatus.RUNNING,
    )
    assert "มานะ" in _names_in(holding) and holding.status == ExportStatus.READY
    holding_file = holding.file.name
    _log_in(client, person, "Phone browser")
    other_device = client.__class__()
    _log_in(other_device, person, "Desk browser")
    bystander = client.__class__()
    _log_in(bystander, other, "Someone else's browser")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/profile/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    person.refresh_from_db()
    return {
        "person": person,
        "other": other,
        "signup": signup,
        "holding": holding,
        "holding_file": holding_file,
        "not_holding": not_holding,
        "being_written": being_written,
        "other_device": other_device,
        "bystander": bystander,
        "coordinator": coordinator,
    }


def test_every_row_of_the_privacy_table_has_its_check():
    assert set(erasure_rows()) == set(CHECKS) | CHECKED_BY_THE_EVENTS_APP


def check_account(case):
    person = case["person"]
    assert (person.email, person.first_name, person.last_name, person.last_login) == ("", "", "", None)
    assert person.username.startswith("erased-") and not person.is_active and not person.has_usable_password()


def check_profile(case):
    profile = Profile.objects.get(user=case["person"])
    kept = {name for name in ("volunteer_group", "created_at", "updated_at", "erased_at") if getattr(profile, name)}
    emptied = [
        field.name
        for field in Profile._meta.concrete_fields
        if field.name not in {"id", "user", "preferred_language", "notify_by_email", "notify_by_line"} | kept
    ]
    assert {name: getattr(profile, name) for name in emptied if getattr(profile, name) not in ("", None)} == {}
    assert kept == {"volunteer_group", "created_at", "updated_at", "erased_at"}


def check_email_addresses(case):
    assert not EmailAddress.objects.filter(user=case["person"]).exists()
    assert get_user_model().objects.get(pk=case["other"].pk).email == "somsak@example.org"


def check_line_link(case):
    assert not SocialAccount.objects.filter(user=case["person"]).exists()


def check_consent_records(case):
    assert not ConsentRecord.objects.filter(user=case["person"]).exists()
    assert ConsentRecord.objects.filter(user=case["other"]).exists()


def check_guardians_consent(case):
    assert not GuardianConsent.objects.filter(profile__user=case["person"]).exists()


def check_messages_sent(case):
    rows = Delivery.objects.filter(recipient=case["person"])
    assert rows.exists() and set(rows.values_list("address", flat=True)) == {""}
    assert all(row.content == {} for row in rows)
    assert not ChannelStatus.objects.filter(user=case["person"]).exists()


def check_sessions(case):
    person = case["person"]
    assert not UserSession.objects.filter(user=person).exists()
    assert not [
        session for session in Session.objects.all() if session.get_decoded().get("_auth_user_id") == str(person.pk)
    ]
    assert case["other_device"].get("/profile/").status_code == 302
    # Someone else's session and device record are untouched.
    assert UserSession.objects.filter(user=case["other"]).exists()
    assert case["bystander"].get("/profile/").status_code == 200


def check_export_files(case):
    holding = ExportJob.objects.get(pk=case["holding"].pk)
    assert holding.status == ExportStatus.REMOVED and not holding.file
    assert not holding.file.storage.exists(case["holding_file"])
    not_holding = ExportJob.objects.get(pk=case["not_holding"].pk)
    assert not_holding.status == ExportStatus.READY and not_holding.file.storage.exists(not_holding.file.name)
    assert ExportJob.objects.get(pk=case["being_written"].pk).erased_while_building
    coordinator_sees = case["bystander"].__class__()
    coordinator_sees.force_login(case["coordinator"])
    page = coordinator_sees.get(f"/admin/exports/jobs/{holding.pk}/download")
    assert page.status_code == 409 and "ขอลบข้อมูลส่วนบุคคล" in page.content.decode()


def check_sign_ups(case):
    """The events app cancels sign-ups still to come; here: what stays is the anonymous record."""
    signup = case["signup"].__class__.objects.get(pk=case["signup"].pk)
    assert signup.user_id == case["person"].pk and signup.event_id == case["signup"].event_id


CHECKS = {
    "Account": check_account,
    "Profile": check_profile,
    "E-mail addresses": check_email_addresses,
    "LINE link": check_line_link,
    "Consent records": check_consent_records,
    "Guardian's consent": check_guardians_consent,
    "Messages sent": check_messages_sent,
    "Sessions": check_sessions,
    "Export files": check_export_files,
    "Sign-ups": check_sign_ups,
}


@pytest.mark.parametrize("row", sorted(CHECKS))
def test_erasure_does_what_the_privacy_notice_says(erased, row):
    CHECKS[row](erased)


def test_a_minors_guardian_records_go_too(client, make_volunteer):
    today = timezone.localdate()
    minor = make_volunteer("nong", born=today.replace(year=today.year - 15))
    request = guardians.request_guardian_consent(minor.profile, "สมศรี ใจดี", "แม่", "0898765432", "mother@example.org")
    guardians.give_guardian_consent(request, "สมศรี ใจดี")
    erase_account(minor)
    assert not GuardianConsent.objects.filter(pk=request.pk).exists()
    assert not Delivery.objects.filter(recipient=minor).exclude(address="").exists()


def test_a_file_being_written_while_someone_in_it_is_erased_is_written_again_without_them(
    make_volunteer, ours, staff, monkeypatch
):
    person = make_volunteer("somchai")
    person.first_name = "มานะ"
    person.save()
    event = EventFactory(programme=ours, title="อบรมนวัตกรสังคม")
    event_services.sign_up(person, event)
    job = ExportJob.objects.create(
        requested_by=staff["coordinator"], file_format="csv", language="th", filters={"event": [str(event.pk)]}
    )
    write, writes = export_tasks._write, []

    def erased_meanwhile(job):
        event_ids = write(job)
        if not writes:
            erase_account(person)  # after the rows were read, before the file is marked ready
        writes.append(job.file.name)
        return event_ids

    monkeypatch.setattr(export_tasks, "_write", erased_meanwhile)
    job = _build(job)
    assert len(writes) == 2 and job.status == ExportStatus.READY
    names = [row[1] for row in csv.reader(io.StringIO(_names_in(job)))]
    assert "มานะ" not in names
    _folders, files = job.file.storage.listdir(f"exports/{job.pk}")
    assert files == [job.file.name.rsplit("/", 1)[1]]  # the first file, which held the person, is gone


def test_a_staff_members_own_export_files_go_with_their_account(make_volunteer, ours, staff):
    coordinator = staff["coordinator"]
    job = _build(
        ExportJob.objects.create(
            requested_by=coordinator,
            file_format="csv",
            language="th",
            filters={"event": [str(EventFactory(programme=ours, title="อบรม").pk)]},
        )
    )
    erase_account(coordinator)
    assert ExportJob.objects.get(pk=job.pk).status == ExportStatus.REMOVED


def test_ended_sessions_and_their_device_records_are_forgotten_at_night(client, make_volunteer):
    user = make_volunteer("somchai")
    _log_in(client, user, "Phone browser")
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    assert forget_ended_sessions() == 1
    assert not Session.objects.exists() and not UserSession.objects.exists()


def test_the_erasure_table_names_each_thing_once():
    rows = erasure_rows()
    assert len(rows) == len(set(rows)) and all(re.fullmatch(r"[A-Z][\w' -]+", row) for row in rows)
