"""The people details a coordinator needs on the day (title, nickname, age, phone, a minor's guardian,
an adult's emergency contact, the chosen activities) on the admin's volunteer page and sign-up
listing, only for the people of the programmes they coordinate; and the sign-in sheet buttons."""

import datetime
import re

import pytest
from django.utils import timezone

from portal.accounts.models import GuardianConsent, Title, VolunteerGroup
from portal.events import services, walk_ins
from portal.events.models import Activity, ActivityKind
from tests.factories import EventFactory
from tests.portal.thai.pdf_text import shown_text

pytestmark = pytest.mark.django_db

LISTING = "/admin/signups/"
MINOR_BORN = datetime.date(timezone.localdate().year - 15, 1, 1)


def _shown(response):
    assert response.status_code == 200
    return " ".join(shown_text(response.content.decode()))


@pytest.fixture
def training(ours):
    event = EventFactory(programme=ours, title="อบรมนวัตกรสังคม", capacity=20)
    for order, (title, kind) in enumerate(
        [("จิตอาสาพัฒนาวัด", ActivityKind.TEMPLE_CLEANUP), ("เยี่ยมบ้านผู้สูงอายุ", ActivityKind.HOME_VISIT)]
    ):
        Activity.objects.create(
            event=event, title=title, kind=kind, order=order, starts_at=event.starts_at, ends_at=event.ends_at
        )
    return event


@pytest.fixture
def minor(training, make_volunteer):
    """A girl of 15 whose mother consented; her own emergency contact is someone else."""
    user = make_volunteer("darunee", born=MINOR_BORN)
    profile = user.profile
    profile.title, profile.nickname = Title.GIRL, "น้องดาว"
    profile.emergency_contact_name, profile.emergency_contact_phone = "ป้าแดง", "0899999999"
    profile.save()
    GuardianConsent.objects.create(
        profile=profile,
        guardian_name="นางมาลี แสงทอง",
        relation="มารดา",
        guardian_phone="+66861112222",
        consented_at=timezone.now(),
        activity_kinds=[ActivityKind.TEMPLE_CLEANUP, ActivityKind.HOME_VISIT],
    )
    return services.sign_up(user, training, activities=[training.activities.get(order=1)])


@pytest.fixture
def adult(training, make_signup):
    return make_signup(
        training,
        "boonmee",
        VolunteerGroup.OPM,
        title=Title.MRS,
        nickname="ป้ามี",
        emergency_contact_name="นายบุญส่ง ใจดี",
        emergency_contact_relation="สามี",
        emergency_contact_phone="+66823334444",
    )


def test_the_sign_up_listing_shows_each_persons_details(client, staff, training, minor, adult):
    client.force_login(staff["coordinator"])
    shown = _shown(client.get(LISTING, {"event": training.pk}))
    for heading in ("ชื่อเล่น", "อายุ", "ผู้ปกครองหรือผู้ติดต่อกรณีฉุกเฉิน", "กิจกรรมย่อย"):
        assert heading in shown
    assert "เด็กหญิง สมชาย darunee" in shown and "น้องดาว" in shown and "15" in shown
    assert "นางมาลี แสงทอง (มารดา) 086-111-2222" in shown, "a minor: the guardian who consented"
    assert "ป้าแดง" not in shown
    assert "เยี่ยมบ้านผู้สูงอายุ" in shown
    assert "นาง สมชาย boonmee" in shown and "ป้ามี" in shown
    assert "นายบุญส่ง ใจดี (สามี) 082-333-4444" in shown, "an adult: their emergency contact"


def test_the_volunteer_page_shows_a_minors_guardian_and_the_chosen_activities(client, staff, minor):
    client.force_login(staff["coordinator"])
    shown = _shown(client.get(f"/admin/volunteers/inspect/{minor.user.profile.pk}/"))
    assert "เด็กหญิง" in shown and "น้องดาว" in shown and "(อายุ 15 ปี)" in shown
    assert "ผู้ปกครอง" in shown and "นางมาลี แสงทอง (มารดา) 086-111-2222" in shown
    assert "ป้าแดง" in shown and "089-999-9999" in shown, "the emergency contact too"
    assert "อบรมนวัตกรสังคม (ยืนยันแล้ว): เยี่ยมบ้านผู้สูงอายุ" in shown


def test_a_minor_without_a_guardians_consent_in_force_says_so(client, staff, minor):
    minor.user.profile.guardian_consents.update(withdrawn_at=timezone.now())
    client.force_login(staff["coordinator"])
    shown = _shown(client.get(f"/admin/volunteers/inspect/{minor.user.profile.pk}/"))
    assert "ยังไม่มีความยินยอมของผู้ปกครองที่มีผลอยู่" in shown


def test_an_adult_walk_in_shows_the_age_they_told(client, staff, training):
    details = {
        "title": "mrs",
        "first_name": "บุญมี",
        "last_name": "ใจดี",
        "volunteer_group": VolunteerGroup.OPM,
        "stated_age": 67,
        "consent_on_paper": True,
    }
    form = walk_ins.WalkInForm(details, event=training)
    assert form.is_valid(), form.errors
    signup, _code = walk_ins.register_walk_in(training, form.cleaned_data, staff["coordinator"])
    client.force_login(staff["coordinator"])
    shown = _shown(client.get(f"/admin/volunteers/inspect/{signup.user.profile.pk}/"))
    assert "อายุ 67 ปี (ตามที่แจ้ง)" in shown
    assert "ผู้ปกครอง" not in shown.replace("ผู้ปกครองหรือ", ""), "an adult has no guardian row"


def test_each_coordinator_sees_only_their_own_programmes_events_and_people(client, staff, training, theirs, minor):
    their_event = EventFactory(programme=theirs, title="ค่ายของโครงการอื่น")
    page = f"/admin/volunteers/inspect/{minor.user.profile.pk}/"
    client.force_login(staff["other_coordinator"])
    assert client.get(page).status_code == 404
    assert "darunee" not in _shown(client.get(LISTING))
    assert "นางมาลี" not in _shown(client.get(LISTING, {"event": training.pk}))

    services.sign_up(minor.user, their_event)
    shown = _shown(client.get(page))
    assert "ค่ายของโครงการอื่น" in shown and "อบรมนวัตกรสังคม" not in shown and "เยี่ยมบ้านผู้สูงอายุ" not in shown
    client.force_login(staff["coordinator"])
    shown = _shown(client.get(page))
    assert "อบรมนวัตกรสังคม" in shown and "ค่ายของโครงการอื่น" not in shown


@pytest.mark.parametrize("role", ["editor", "approver"])
def test_editors_and_approvers_never_see_the_details(client, staff, training, minor, role):
    client.force_login(staff[role])
    for url in (f"{LISTING}?event={training.pk}", f"/admin/volunteers/inspect/{minor.user.profile.pk}/"):
        response = client.get(url, follow=True)
        assert "นางมาลี" not in response.content.decode() and "น้องดาว" not in response.content.decode()


def test_sign_in_sheet_buttons_per_day_and_per_activity(client, staff, ours, training, minor):
    plain = EventFactory(programme=ours, title="ประชุมอาสาสมัคร")
    client.force_login(staff["coordinator"])
    listing = client.get("/admin/snippets/portal_events/event/").content.decode()
    sheets = set(re.findall(r'href="/admin/exports/events/(\d+)/sign-in-sheet\.pdf(\?per=activity)?"', listing))
    assert sheets == {(str(training.pk), ""), (str(training.pk), "?per=activity"), (str(plain.pk), "")}

    page = client.get(LISTING, {"event": training.pk}).content.decode()
    assert f'href="/admin/signups/sign-in-sheet/?event={training.pk}&amp;per=activity"' in page
    assert 'data-export-with-filters="per=activity"' in page
    response = client.get("/admin/signups/sign-in-sheet/", {"event": training.pk, "per": "activity"})
    assert response["Location"] == f"/admin/exports/events/{training.pk}/sign-in-sheet.pdf?per=activity"
    sheet = client.get(response["Location"])
    assert sheet.status_code == 200 and sheet["Content-Type"] == "application/pdf"
