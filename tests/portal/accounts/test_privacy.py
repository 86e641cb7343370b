"""PDPA: consent per purpose with the notice version, a guardian's consent for minors, the
person's own copy of their data, and erasure that keeps only anonymous counts."""

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.utils import timezone

from portal.accounts.models import ConsentRecord, GuardianConsent, PrivacyNotice, Profile
from portal.accounts.services import registration_blockers
from portal.notifications.models import Delivery
from tests.fixtures.volunteers import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_earlier_password_failures():
    """Deleting an account asks for the password, which allauth's limit on failed attempts counts (in the cache)."""
    cache.clear()


def _minor_birthday():
    today = timezone.localdate()
    return today.replace(year=today.year - 15)


def test_a_volunteer_without_consent_is_asked_before_using_the_portal(client, make_volunteer):
    user = make_volunteer("newcomer", consent=False)
    client.force_login(user)
    response = client.get("/profile/edit/")
    assert response.status_code == 302
    assert response["Location"] == "/profile/consent/?next=%2Fprofile%2Fedit%2F"
    # Refusing the required purpose is not possible: the form says so.
    refused = client.post("/profile/consent/", {"next": "/profile/edit/"})
    assert refused.status_code == 200 and refused.context["form"].errors["participation"]
    agreed = client.post("/profile/consent/", {"participation": "on", "photos": "on", "next": "/profile/edit/"})
    assert agreed["Location"] == "/profile/edit/"
    assert client.get("/profile/edit/").status_code == 200
    records = ConsentRecord.objects.filter(user=user).order_by("purpose")
    assert [(r.purpose, r.granted, r.notice.version) for r in records] == [
        ("line_reminders", False, "1"),
        ("participation", True, "1"),
        ("photos", True, "1"),
    ]


def test_a_new_notice_version_asks_everyone_again_at_their_next_visit(client, volunteer):
    assert client.get("/profile/").status_code == 200
    PrivacyNotice.objects.create(version="2", summary="เพิ่มการแจ้งเตือนทาง LINE")
    response = client.get("/profile/")
    assert response["Location"].startswith("/profile/consent/")
    page = client.get(response["Location"]).content.decode()
    assert "ฉบับที่ 2" in page and "เพิ่มการแจ้งเตือนทาง LINE" in page
    client.post("/profile/consent/", {"participation": "on"})
    assert client.get("/profile/").status_code == 200
    latest = ConsentRecord.objects.filter(user=volunteer, purpose="participation").last()
    assert latest.notice.version == "2" and latest.granted


def test_optional_purposes_can_be_withdrawn_and_the_log_keeps_both(client, volunteer):
    client.post("/profile/consent/", {"participation": "on", "line_reminders": "on"})
    client.post("/profile/consent/", {"participation": "on"})
    history = list(
        ConsentRecord.objects.filter(user=volunteer, purpose="line_reminders").values_list("granted", flat=True)
    )
    assert history == [True, False]


def test_the_next_parameter_cannot_send_people_off_site(client, make_volunteer):
    client.force_login(make_volunteer("careful", consent=False))
    response = client.post("/profile/consent/", {"participation": "on", "next": "https://evil.example/"})
    assert response["Location"] == "/profile/"


def _link_sent_to_guardian(request):
    link = Delivery.objects.get(kind="guardian_request", subject_id=request.pk).content["button"]["url"]
    return "/" + link.split("/", 3)[3]


def test_minor_needs_a_guardian_and_the_guardian_consents_through_the_link(client, make_volunteer):
    minor = make_volunteer("nong", born=_minor_birthday())
    client.force_login(minor)
    assert registration_blockers(minor) == ["คุณอายุต่ำกว่า 20 ปี ผู้ปกครองต้องให้ความยินยอมก่อน"]
    assert "ขอความยินยอมจากผู้ปกครอง" in client.get("/profile/").content.decode()

    bad = client.post("/profile/guardian/", {"guardian_name": "", "relation": "แม่", "guardian_phone": "123"})
    assert bad.status_code == 200
    assert set(bad.context["form"].errors) == {"guardian_name", "guardian_phone", "guardian_email"}
    with_email = {
        "guardian_name": "สมศรี ใจดี",
        "relation": "แม่",
        "guardian_phone": "089-876-5432",
        "guardian_email": "mother@example.org",
    }
    client.post("/profile/guardian/", with_email)
    request = GuardianConsent.objects.get(profile__user=minor)
    assert request.guardian_phone == "+66898765432"
    link = _link_sent_to_guardian(request)
    assert link not in client.get("/profile/guardian/").content.decode()

    guardian = client.__class__()
    form_page = guardian.get(link).content.decode()
    assert "สมชาย nong" in form_page and "แม่" in form_page
    assert guardian.post(link, {"signed_name": "สมศรี ใจดี"}).context["form"].errors["agree"]
    done = guardian.post(link, {"signed_name": "สมศรี ใจดี", "agree": "on", "activity_kinds": ["lecture"]})
    assert "ให้ความยินยอมโดย สมศรี ใจดี" in done.content.decode()
    assert registration_blockers(minor) == []
    by_guardian = ConsentRecord.objects.filter(user=minor, given_by_guardian__isnull=False, purpose="participation")
    assert by_guardian.get().granted
    # Opening the link again shows it is done; it does not consent twice.
    assert "ให้ความยินยอมโดย" in guardian.get(link).content.decode()
    assert by_guardian.count() == 1


def test_a_new_request_replaces_the_old_link_and_unknown_links_are_refused(client, make_volunteer):
    minor = make_volunteer("nong2", born=_minor_birthday())
    client.force_login(minor)
    details = {
        "guardian_name": "สมศรี ใจดี",
        "relation": "แม่",
        "guardian_phone": "0898765432",
        "guardian_email": "mother@example.org",
    }
    client.post("/profile/guardian/", details)
    first = GuardianConsent.objects.get(profile__user=minor)
    client.post(
        "/profile/guardian/",
        {**details, "guardian_name": "สมหมาย ใจดี", "relation": "พ่อ", "guardian_email": "father@example.org"},
    )
    stranger = client.__class__()
    old = stranger.get(_link_sent_to_guardian(first))
    assert old.status_code == 404 and "ลิงก์นี้ใช้ไม่ได้แล้ว" in old.content.decode()
    assert stranger.post(_link_sent_to_guardian(first), {"signed_name": "x", "agree": "on"}).status_code == 404
    assert stranger.get("/guardian/00000000-0000-4000-8000-000000000000/").status_code == 404
    assert stranger.get("/guardian/not-a-token/").status_code == 404
    assert GuardianConsent.objects.get(pk=first.pk).consented_at is None


def test_adults_are_not_asked_for_a_guardian(client, volunteer):
    response = client.get("/profile/guardian/")
    assert response.status_code == 302 and response["Location"] == "/profile/"


def test_my_data_download_holds_everything_about_me(client, volunteer):
    SocialAccount.objects.create(user=volunteer, provider="line", uid="U1234")
    response = client.get("/profile/my-data.json")
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data = json.loads(response.content)
    assert data["account"]["email"] == "somchai@example.org"
    assert data["profile"]["phone"] == "+66812345678"
    assert data["profile"]["address"] == "ต.ด่านแม่ละเมา อ.แม่สอด จ.ตาก"
    assert data["linked_accounts"][0]["provider"] == "line"
    assert data["consents"][0]["purpose"] == "participation" and data["consents"][0]["notice_version"] == "1"
    assert "สมชาย" in client.get("/profile/my-data/").content.decode()


def test_delete_needs_the_password_and_a_wrong_one_changes_nothing(client, volunteer):
    response = client.post("/profile/delete/", {"password": "wrong", "confirm": "on"})
    assert response.context["form"].errors["password"] == ["รหัสผ่านไม่ถูกต้อง"]
    volunteer.refresh_from_db()
    assert volunteer.is_active and volunteer.email == "somchai@example.org"


def test_erasure_removes_every_personal_field_and_keeps_the_count(client, volunteer, make_volunteer):
    SocialAccount.objects.create(user=volunteer, provider="line", uid="U1234")
    profile = Profile.objects.get(user=volunteer)
    profile.nickname, profile.skills, profile.emergency_contact_name = "ชาย", "ทำอาหาร", "แม่"
    profile.save()
    sent = Delivery.objects.create(
        recipient=volunteer,
        subject_type=ContentType.objects.get_for_model(Profile),
        subject_id=profile.pk,
        kind="reminder",
        channel="email",
        address=volunteer.email,
        content={"subject": "พรุ่งนี้พบกัน สมชาย"},
    )
    other = make_volunteer("other")
    response = client.post("/profile/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert "ลบบัญชีและข้อมูลส่วนบุคคลของคุณแล้ว" in client.get(response["Location"]).content.decode()

    volunteer.refresh_from_db()
    assert (volunteer.email, volunteer.first_name, volunteer.last_name) == ("", "", "")
    assert volunteer.username.startswith("erased-") and not volunteer.is_active
    assert not volunteer.has_usable_password()
    profile.refresh_from_db()
    personal = [
        "title",
        "nickname",
        "date_of_birth",
        "phone",
        "province_code",
        "district_code",
        "subdistrict_code",
        "village_number",
        "village_name",
        "opm_registration_number",
        "skills",
        "interests",
        "emergency_contact_name",
        "emergency_contact_relation",
        "emergency_contact_phone",
    ]
    assert {name: getattr(profile, name) for name in personal if getattr(profile, name) not in ("", None)} == {}
    assert profile.volunteer_group == "youth" and profile.erased_at is not None
    assert not EmailAddress.objects.filter(user=volunteer).exists()
    assert not SocialAccount.objects.filter(user=volunteer).exists()
    assert not ConsentRecord.objects.filter(user=volunteer).exists()
    sent.refresh_from_db()
    assert (sent.address, sent.content) == ("", {})  # the log keeps that a message went, not where or what
    # The person still counts, anonymously; other people are untouched.
    assert Profile.objects.filter(volunteer_group="youth").count() >= 2
    assert get_user_model().objects.get(pk=other.pk).email == "other@example.org"
    # Logged out here, and no way back in.
    assert client.get("/profile/").status_code == 302
    assert not client.login(username="somchai@example.org", password=PASSWORD)


def test_erased_account_cannot_sign_in_with_its_old_session_elsewhere(volunteer, client):
    other_device = client.__class__()
    other_device.force_login(volunteer)
    assert other_device.get("/profile/").status_code == 200
    client.post("/profile/delete/", {"password": PASSWORD, "confirm": "on"})
    assert other_device.get("/profile/").status_code == 302


def test_no_health_religion_ethnicity_or_case_fields_exist():
    forbidden = ("health", "religion", "ethnic", "disease", "disab", "case", "race", "national_id")
    names = [field.name for model in (Profile, GuardianConsent, ConsentRecord) for field in model._meta.get_fields()]
    assert [name for name in names if any(word in name for word in forbidden)] == []


def test_the_first_notice_says_what_changed_in_thai():
    assert PrivacyNotice.objects.get(version="1").summary == "ประกาศความเป็นส่วนตัวฉบับแรก"
