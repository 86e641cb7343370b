"""The sign-up listing a coordinator works from: filters, search, bulk actions that go through the
services (refusals reported by name, the others done), the hand-over to the message form, and the
export buttons that carry the filters."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import ngettext

from portal.accounts.models import VolunteerGroup
from portal.events import services
from portal.events.models import Activity, ActivityKind, SignupChange, SignupStatus
from tests.factories import WITHIN_THE_HOUR, EventFactory
from tests.portal.thai.pdf_text import shown_text

pytestmark = pytest.mark.django_db

LISTING = "/admin/signups/"


def listed_names(response):
    """The last names in the listing's rows (every test volunteer's first name is สมชาย)."""
    assert response.status_code == 200
    return sorted(re.findall(r"สมชาย (\w+)", response.content.decode()))


@pytest.fixture
def coordinator(client, staff):
    client.force_login(staff["coordinator"])
    return staff["coordinator"]


@pytest.fixture
def training(ours):
    event = EventFactory(
        programme=ours, title="อบรมนวัตกรสังคม", capacity=2, requires_approval=True, days_ahead=WITHIN_THE_HOUR
    )
    Activity.objects.create(
        event=event,
        title="จิตอาสาพัฒนาวัด",
        kind=ActivityKind.TEMPLE_CLEANUP,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
    )
    return event


def test_filters_and_search_find_the_right_people(client, coordinator, training, ours, theirs, make_signup):
    temple = training.activities.get()
    youth = make_signup(training, "youth", VolunteerGroup.YOUTH, phone="+66891112222")
    opm = make_signup(training, "opm", VolunteerGroup.OPM, nickname="ต้อม", province_code="50")
    services.approve(opm, by=coordinator)
    services.check_in(opm, by=coordinator)
    youth.activities.add(temple)
    other_event = EventFactory(programme=ours, title="ประชุมภาคี")
    make_signup(other_event, "partner", VolunteerGroup.PARTNER)
    make_signup(EventFactory(programme=theirs, title="ของโครงการอื่น"), "stranger")

    assert listed_names(client.get(LISTING)) == ["opm", "partner", "youth"]  # never another programme's
    assert listed_names(client.get(LISTING, {"event": training.pk})) == ["opm", "youth"]
    assert listed_names(client.get(LISTING, {"status": "pending"})) == ["youth"]
    assert listed_names(client.get(LISTING, {"event": training.pk, "status": "pending"})) == ["youth"]
    assert listed_names(client.get(LISTING, {"group": "opm"})) == ["opm"]
    assert listed_names(client.get(LISTING, {"province": "50"})) == ["opm"]
    assert listed_names(client.get(LISTING, {"checked_in": "yes"})) == ["opm"]
    assert listed_names(client.get(LISTING, {"checked_in": "no", "event": training.pk})) == ["youth"]
    assert listed_names(client.get(LISTING, {"activity": temple.pk})) == ["youth"]
    # A phone number typed the way people write it, a nickname, a name.
    assert listed_names(client.get(LISTING, {"q": "089-111-2222"})) == ["youth"]
    assert listed_names(client.get(LISTING, {"q": "ต้อม"})) == ["opm"]
    assert listed_names(client.get(LISTING, {"q": "partner"})) == ["partner"]


def test_bad_filter_values_never_break_the_listing(client, coordinator, training, theirs, make_signup):
    make_signup(training, "youth")
    stranger_event = EventFactory(programme=theirs, title="ของโครงการอื่น")
    for params in (
        {"event": "abc"},
        {"event": stranger_event.pk},
        {"status": "<script>"},
        {"checked_in": "maybe"},
        {"province": "99"},
        {"activity": "-1"},
        {"q": "x" * 500},
        {"p": "999"},
        {"ordering": "password"},
    ):
        response = client.get(LISTING, params)
        assert response.status_code == 200, params
        assert "สมชาย stranger" not in response.content.decode()


def _bulk(client, action, signups, data=None):
    query = "&".join(f"id={signup.pk}" for signup in signups)
    url = f"/admin/bulk/portal_events/signup/{action}/?{query}&next={LISTING}"
    confirmation = client.get(url)
    assert confirmation.status_code == 200
    return client.post(url, data or {}, follow=True)


def test_approve_in_bulk_reports_refusals_by_name_and_does_the_rest(client, coordinator, training, make_signup):
    first, second, third = (make_signup(training, name) for name in ("first", "second", "third"))
    services.approve(third, by=coordinator)  # already confirmed: approving it again is refused
    page = _bulk(client, "approve", [first, second, third]).content.decode()

    first.refresh_from_db(), second.refresh_from_db()
    # Two seats: the third person had one already, the first takes the other, the second waits.
    assert (first.status, second.status) == (SignupStatus.CONFIRMED, SignupStatus.WAITLISTED)
    assert SignupChange.objects.filter(signup=first, to_status=SignupStatus.CONFIRMED, changed_by=coordinator).exists()
    with translation.override("th"):
        assert ngettext("%(count)d sign-up approved.", "%(count)d sign-ups approved.", 2) % {"count": 2} in page
    assert "สมชาย third: อนุมัติได้เฉพาะผู้ที่รอการอนุมัติ" in page


def test_reject_waitlist_and_check_in_go_through_the_services(client, coordinator, ours, make_signup):
    event = EventFactory(programme=ours, title="เยี่ยมบ้าน", capacity=1, days_ahead=WITHIN_THE_HOUR)
    seated, waiting = make_signup(event, "seated"), make_signup(event, "waiting")
    assert (seated.status, waiting.status) == (SignupStatus.CONFIRMED, SignupStatus.WAITLISTED)

    _bulk(client, "waitlist", [seated])
    seated.refresh_from_db(), waiting.refresh_from_db()
    # The seat given back goes to whoever waited longest, as in the portal.
    assert (seated.status, waiting.status) == (SignupStatus.WAITLISTED, SignupStatus.CONFIRMED)

    page = _bulk(client, "check_in", [seated, waiting]).content.decode()
    waiting.refresh_from_db(), seated.refresh_from_db()
    assert waiting.checked_in_at and waiting.checked_in_by == coordinator and waiting.certificate_code
    assert seated.checked_in_at is None and "สมชาย seated:" in page

    _bulk(client, "reject", [seated], {"note": "ไม่ตรงกลุ่มเป้าหมาย"})
    seated.refresh_from_db()
    assert seated.status == SignupStatus.REJECTED
    assert seated.changes.last().note == "ไม่ตรงกลุ่มเป้าหมาย"


def test_send_a_message_hands_the_selection_to_the_message_form(client, coordinator, training, theirs, make_signup):
    mine = [make_signup(training, name) for name in ("one", "two")]
    stranger = make_signup(EventFactory(programme=theirs, title="ของโครงการอื่น"), "stranger")
    ids = "&".join(f"id={signup.pk}" for signup in [*mine, stranger])
    response = client.get(f"/admin/bulk/portal_events/signup/message/?{ids}")
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/admin/notifications/compose/"
    assert sorted(parse_qs(location.query)["signup"]) == sorted(str(signup.pk) for signup in mine)


def test_export_buttons_carry_the_filters(client, coordinator, training, make_signup):
    make_signup(training, "youth")
    page = client.get(LISTING, {"status": "pending", "q": "สมชาย", "p": "1"}).content.decode()
    assert 'href="/admin/exports/signups.csv?status=pending&amp;q=%E0%B8%AA' in page
    assert 'href="/admin/exports/signups.xlsx?status=pending&amp;q=%E0%B8%AA' in page
    assert 'href="/admin/signups/sign-in-sheet/?status=pending&amp;q=%E0%B8%AA' in page


def test_the_sign_in_sheet_is_for_the_event_filtered_to(client, coordinator, training, theirs):
    response = client.get("/admin/signups/sign-in-sheet/", {"event": training.pk, "status": "confirmed"})
    assert response.status_code == 302
    assert response["Location"] == f"/admin/exports/events/{training.pk}/sign-in-sheet.pdf"

    for params in (
        {"status": "confirmed"},
        {"event": EventFactory(programme=theirs, title="ของโครงการอื่น").pk},
        {"event": "x"},
    ):
        response = client.get("/admin/signups/sign-in-sheet/", params, follow=True)
        assert response.redirect_chain[-1][0].startswith(LISTING)
        assert [str(message).strip() for message in response.context["messages"]] == [
            translation.gettext("Choose an event in the filters first: a sign-in sheet is for one event.")
        ]


def test_the_listing_takes_the_same_queries_for_5_and_50_sign_ups(client, coordinator, ours, make_signup):
    def queries_for(count):
        event = EventFactory(programme=ours, title=f"อบรม {count}", capacity=count)
        for number in range(count):
            make_signup(event, f"p{count}x{number}", VolunteerGroup.CHILD if number % 2 else VolunteerGroup.PUBLIC)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LISTING, {"event": event.pk})
        assert len(listed_names(response)) == count
        return len(queries)

    assert queries_for(5) == queries_for(50)


def test_a_sign_up_in_detail_is_labelled_in_thai(client, coordinator, training, make_signup):
    signup = make_signup(training, "detail", VolunteerGroup.YOUTH)
    signup.activities.add(training.activities.get())
    page = client.get(f"{LISTING}inspect/{signup.pk}/").content.decode()
    main = " ".join(shown_text(page[page.index(">", page.index('id="main"')) + 1 :]))
    english = set(re.findall(r"[A-Za-z]{2,}", main)) - {"detail"}  # the person's family name
    assert not english, main
    assert "จิตอาสาพัฒนาวัด" in main and "ชื่อ" in main and "ลงทะเบียน" in main
