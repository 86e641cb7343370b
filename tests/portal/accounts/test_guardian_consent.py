"""A guardian's consent comes through a channel the minor does not control: the link goes to the
guardian only (through the notifications ledger), is never shown to the minor, works once, expires,
cannot be sent to the minor's own address, shows what is consented to and records each choice; the
minor hears the answer. The form cannot be used to mail anyone anything."""

import datetime
import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from portal.accounts import guardians
from portal.accounts.models import ConsentPurpose, ConsentRecord, GuardianConsent
from portal.accounts.services import registration_blockers
from portal.events import services as event_services
from portal.events.models import Activity, ActivityKind
from portal.notifications import ledger
from portal.notifications.models import Delivery, DeliveryStatus
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

MOTHER = {
    "guardian_name": "สมศรี ใจดี",
    "relation": "แม่",
    "guardian_phone": "089-876-5432",
    "guardian_email": "mother@example.org",
}
THAI = re.compile("[\u0e01-\u0e5b]")


def _fifteen():
    today = timezone.localdate()
    return today.replace(year=today.year - 15)


@pytest.fixture
def minor(make_volunteer, client):
    user = make_volunteer("nong", born=_fifteen())
    client.force_login(user)
    return user


def _deliver_all():
    ledger.deliver(list(Delivery.objects.filter(status=DeliveryStatus.PENDING).values_list("pk", flat=True)))


def link_sent_to_guardian(request):
    row = Delivery.objects.get(kind="guardian_request", subject_id=request.pk)
    return row.content["button"]["url"]


def path_of(link):
    return "/" + link.split("/", 3)[3]


def ask(client, **changes):
    return client.post("/profile/guardian/", {**MOTHER, **changes})


def test_the_link_goes_to_the_guardian_only_and_never_to_the_minors_screen(client, minor):
    response = ask(client)
    assert response.status_code == 302
    request = GuardianConsent.objects.get(profile__user=minor)
    row = Delivery.objects.get(kind="guardian_request", subject_id=request.pk)
    assert (row.channel, row.address, row.recipient) == ("email", "mother@example.org", minor)
    assert mail.outbox == []  # not sent inside the request: the worker sends it
    link = link_sent_to_guardian(request)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert len(token) >= 40
    for page in ("/profile/guardian/", "/profile/", "/profile/my-data/", "/profile/my-data.json"):
        assert token not in client.get(page).content.decode(), page
    assert "line.me/R/msg" not in client.get("/profile/guardian/").content.decode()
    assert not GuardianConsent.objects.filter(token_hash=token).exists()  # only its hash is kept

    _deliver_all()
    [email] = mail.outbox
    assert email.to == ["mother@example.org"]
    assert link in email.body and "สมศรี ใจดี" in email.body
    # No text a person typed in the subject.
    assert email.subject == "อาสาสมัครเยาวชนขอความยินยอมจากคุณ"


def test_the_guardian_sees_what_they_consent_to_and_each_choice_is_recorded(client, minor, ours):
    EventFactory(programme=ours, title="อบรมนวัตกรสังคม")
    ask(client)
    request = GuardianConsent.objects.get(profile__user=minor)
    guardian = client.__class__()
    response = guardian.get(path_of(link_sent_to_guardian(request)))
    assert "no-store" in response["Cache-Control"]  # a page behind a secret link is kept by no cache
    page = response.content.decode()
    assert "ตำบลสร้างเสริมสวัสดิการสังคม" in page  # the programme running now
    for kind in ActivityKind:
        assert str(kind.label) in page
    assert "การเยี่ยมบ้าน" in page and "ภาพ" in page
    done = guardian.post(
        path_of(link_sent_to_guardian(request)),
        {
            "decision": "consent",
            "signed_name": "สมศรี ใจดี",
            "agree": "on",
            "photos": "on",
            "activity_kinds": [ActivityKind.LECTURE, ActivityKind.WORKSHOP],
        },
    )
    assert done.status_code == 200 and "ให้ความยินยอมโดย สมศรี ใจดี" in done.content.decode()
    request.refresh_from_db()
    assert request.activity_kinds == [ActivityKind.LECTURE, ActivityKind.WORKSHOP]
    assert "ตำบลสร้างเสริมสวัสดิการสังคม" in request.programmes_shown
    records = {
        record.purpose: record.granted for record in ConsentRecord.objects.filter(user=minor, given_by_guardian=request)
    }
    assert records == {
        ConsentPurpose.PARTICIPATION: True,
        ConsentPurpose.PHOTOS: True,
        ConsentPurpose.LINE_REMINDERS: False,
    }
    assert registration_blockers(minor) == []
    told = Delivery.objects.get(recipient=minor, kind="guardian_consent_given")
    assert told.address == "" and told.channel == "email"


def test_activities_the_guardian_did_not_agree_to_are_refused_at_sign_up(client, minor, ours):
    visits = EventFactory(programme=ours, title="เยี่ยมบ้านผู้ประสบปัญหาทางสังคม")
    Activity.objects.create(
        event=visits, title="เยี่ยมบ้าน", kind=ActivityKind.HOME_VISIT, starts_at=visits.starts_at, ends_at=visits.ends_at
    )
    lecture = EventFactory(programme=ours, title="บรรยายศาสตร์พระราชา")
    Activity.objects.create(
        event=lecture, title="บรรยาย", kind=ActivityKind.LECTURE, starts_at=lecture.starts_at, ends_at=lecture.ends_at
    )
    ask(client)
    request = GuardianConsent.objects.get(profile__user=minor)
    guardians.give_guardian_consent(request, "สมศรี ใจดี", [ActivityKind.LECTURE])
    with pytest.raises(event_services.SignupRefused) as refused:
        event_services.sign_up(minor, visits)
    assert refused.value.reason == "ผู้ปกครองของคุณไม่ได้ยินยอมให้ร่วมกิจกรรมเหล่านี้: การเยี่ยมบ้าน"
    assert event_services.sign_up(minor, lecture).status == "confirmed"


def test_the_link_works_once(client, minor):
    ask(client)
    request = GuardianConsent.objects.get(profile__user=minor)
    link = path_of(link_sent_to_guardian(request))
    guardian = client.__class__()
    guardian.post(
        link,
        {
            "decision": "consent",
            "signed_name": "สมศรี ใจดี",
            "agree": "on",
            "activity_kinds": [kind.value for kind in ActivityKind],
        },
    )
    again = guardian.post(link, {"decision": "refuse", "signed_name": "คนอื่น"})
    assert "ใช้ลิงก์นี้ไปแล้ว" in again.content.decode()
    request.refresh_from_db()
    assert request.consented_at and request.refused_at is None and request.signed_name == "สมศรี ใจดี"
    assert (
        ConsentRecord.objects.filter(
            user=minor, given_by_guardian=request, purpose=ConsentPurpose.PARTICIPATION
        ).count()
        == 1
    )


def test_the_guardian_can_refuse_and_the_minor_is_told(client, minor):
    ask(client)
    request = GuardianConsent.objects.get(profile__user=minor)
    guardian = client.__class__()
    done = guardian.post(path_of(link_sent_to_guardian(request)), {"decision": "refuse"})
    assert "คุณปฏิเสธการให้ความยินยอม" in done.content.decode()
    request.refresh_from_db()
    assert request.refused_at and request.consented_at is None
    assert registration_blockers(minor) == ["คุณอายุต่ำกว่า 20 ปี ผู้ปกครองต้องให้ความยินยอมก่อน"]
    assert Delivery.objects.filter(recipient=minor, kind="guardian_consent_refused", address="").exists()
    assert "ไม่ได้ให้ความยินยอม" in client.get("/profile/guardian/").content.decode()


@pytest.mark.parametrize("days, works", [(13, True), (14, False), (400, False)])
def test_the_link_expires(client, minor, days, works):
    ask(client)
    request = GuardianConsent.objects.get(profile__user=minor)
    GuardianConsent.objects.filter(pk=request.pk).update(
        requested_at=request.requested_at - datetime.timedelta(days=days),
        expires_at=request.expires_at - datetime.timedelta(days=days),
    )
    response = client.__class__().post(
        path_of(link_sent_to_guardian(request)),
        {"decision": "consent", "signed_name": "สมศรี ใจดี", "agree": "on", "activity_kinds": [ActivityKind.LECTURE]},
    )
    request.refresh_from_db()
    if works:
        assert response.status_code == 200 and request.consented_at
    else:
        assert response.status_code == 410 and "ลิงก์หมดอายุแล้ว" in response.content.decode()
        assert request.consented_at is None
        assert "หมดอายุ" in client.get("/profile/guardian/").content.decode()


def test_the_link_lasts_as_long_as_the_setting_says(client, minor, settings):
    settings.GUARDIAN_CONSENT_LINK_DAYS = 3
    ask(client)
    request = GuardianConsent.objects.get(profile__user=minor)
    assert request.expires_at - request.requested_at == datetime.timedelta(days=3)


@pytest.mark.parametrize(
    "address", ["nong@example.org", "NONG@Example.org", " nong+mum@example.org", "second@example.org"]
)
def test_the_guardians_address_cannot_be_the_minors_own(client, minor, address):
    EmailAddress.objects.create(user=minor, email="second@example.org", verified=False, primary=False)
    response = ask(client, guardian_email=address)
    assert response.status_code == 200
    [message] = response.context["form"].errors["guardian_email"]
    assert "อีเมลของคุณเอง" in message
    assert not GuardianConsent.objects.filter(profile__user=minor).exists()
    assert not Delivery.objects.filter(kind="guardian_request").exists()


def test_gmail_dots_and_tags_reach_the_same_mailbox(client, make_volunteer):
    user = make_volunteer("gmailkid", born=_fifteen())
    user.email = "nong.dek@gmail.com"
    user.save()
    client.force_login(user)
    for address in ("nongdek@gmail.com", "n.o.n.g.dek+mum@googlemail.com"):
        assert "guardian_email" in ask(client, guardian_email=address).context["form"].errors


def test_another_minor_cannot_be_the_guardian_nor_the_minors_own_phone(client, minor, make_volunteer):
    sibling = make_volunteer("sibling", born=_fifteen())
    errors = ask(client, guardian_email=sibling.email).context["form"].errors
    assert "อายุต่ำกว่า 20" in errors["guardian_email"][0]
    errors = ask(client, guardian_phone="081-234-5678").context["form"].errors  # the minor's own (conftest)
    assert "หมายเลขโทรศัพท์ของคุณเอง" in errors["guardian_phone"][0]


def test_requests_are_limited_per_person_per_day_with_a_thai_message(client, minor, settings):
    settings.GUARDIAN_REQUESTS_PER_DAY = 3
    for number in range(3):
        assert ask(client, guardian_email=f"guardian{number}@example.org").status_code == 302
    refused = ask(client, guardian_email="guardian9@example.org")
    assert refused.status_code == 200
    [message] = refused.context["form"].non_field_errors()
    assert "3 ครั้ง" in message and "พรุ่งนี้" in message
    assert Delivery.objects.filter(kind="guardian_request").count() == 3
    GuardianConsent.objects.update(requested_at=timezone.now() - datetime.timedelta(days=1, minutes=1))
    assert ask(client, guardian_email="guardian9@example.org").status_code == 302


def test_one_address_is_not_sent_more_than_the_daily_limit_whoever_asks(client, make_volunteer, settings):
    settings.GUARDIAN_REQUESTS_PER_DAY = 2
    for number in range(3):
        client.force_login(make_volunteer(f"kid{number}", born=_fifteen()))
        response = ask(client, guardian_email="victim@example.org")
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert Delivery.objects.filter(kind="guardian_request", address="victim@example.org").count() == 2


@pytest.mark.parametrize("field", ["guardian_name", "relation"])
@pytest.mark.parametrize(
    "typed", ["ยืนยันบัญชีธนาคารที่ https://evil.example", "สมศรี bit.ly/x", "สมศรี\r\nBcc: x@y", "สมศรี\u202eใจดี", "สมศรี่่่"]
)
def test_what_the_minor_types_cannot_turn_the_mail_into_something_else(client, minor, field, typed):
    response = ask(client, **{field: typed})
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert errors and all(THAI.search(message) for message in errors)
    assert not Delivery.objects.filter(kind="guardian_request").exists()


def test_an_optional_purpose_the_guardian_refused_cannot_be_switched_on_by_the_minor(client, minor):
    ask(client)
    guardians.give_guardian_consent(GuardianConsent.objects.get(profile__user=minor), "สมศรี ใจดี", None, [])
    client.post("/profile/consent/", {"participation": "on", "photos": "on", "line_reminders": "on"})
    newest = {record.purpose: record.granted for record in ConsentRecord.objects.filter(user=minor)}
    assert newest[ConsentPurpose.PHOTOS] is False and newest[ConsentPurpose.LINE_REMINDERS] is False
    assert "ผู้ปกครองของคุณไม่ได้ยินยอม" in client.get("/profile/consent/").content.decode()


def test_my_data_lists_the_guardian_records_without_the_link(client, minor):
    ask(client)
    data = json.loads(client.get("/profile/my-data.json").content)
    [record] = data["guardian_consents"]
    assert record["guardian_email"] == "mother@example.org" and record["guardian_phone"] == "+66898765432"
    assert "token" not in json.dumps(data)
