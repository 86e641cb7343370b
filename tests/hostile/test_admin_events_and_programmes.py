"""What coordinators type into an event's and a programme's admin forms: stored exactly and shown
escaped, or refused in Thai; another programme's events stay out of reach."""

from urllib.parse import quote

import pytest
from django.utils.html import escape
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from portal.events.models import Activity, Event, Programme
from tests.factories import EventFactory
from tests.hostile.admin_forms import assert_refused_in_thai, shown_safely
from tests.hostile.typed import ATTRIBUTE, LONE_MARKS, NULL_BYTE, PAPER_LIARS, SCRIPT, TEN_THOUSAND, assert_safe

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uploads_in_a_temporary_folder")]


# --- events and programmes ----------------------------------------------------------------------

EVENTS = "/admin/snippets/portal_events/event"
# Staff may put a web address in a title; everything else that lies on paper is refused there too.
STAFF_LIARS = [typed for typed in PAPER_LIARS if "://" not in typed]


def event_form(programme, **changes):
    fields = {
        "programme": programme.pk,
        "title": "อบรมจิตอาสา",
        "title_en": "",
        "description": "",
        "description_en": "",
        "place_name": "อบต.ด่านแม่ละเมา",
        "province_code": "63",
        "district_code": "6306",
        "subdistrict_code": "630609",
        "map_url": "",
        "starts_at": "2030-01-10 09:00",
        "ends_at": "2030-01-10 16:00",
        "registration_opens_at": "2029-12-01 09:00",
        "registration_closes_at": "2030-01-09 09:00",
        "cancellation_deadline": "2030-01-08 09:00",
        "reminder_schedule": "3d, 1d",
        "capacity": "70",
        "min_age": "",
        "max_age": "",
        "hours": "",
        "status": "published",
        "activities": inline_formset(
            [
                {
                    "id": "",
                    "title": "บรรยายศาสตร์พระราชา",
                    "title_en": "",
                    "kind": "lecture",
                    "order": "1",
                    "starts_at": "2030-01-10 09:00",
                    "ends_at": "2030-01-10 10:00",
                    "capacity": "",
                }
            ]
        ),
    }
    fields.update(changes)
    return nested_form_data(fields)


EVENT_TEXT = [
    ("title", SCRIPT),
    ("title", ATTRIBUTE),
    ("title_en", ATTRIBUTE),
    ("place_name", ATTRIBUTE),
    ("description", SCRIPT),
    ("activities-0-title", SCRIPT),
]


@pytest.mark.parametrize("field, typed", EVENT_TEXT)
def test_an_events_text_is_stored_as_typed_and_shown_escaped(client, coordinator, ours, field, typed):
    response = client.post(f"{EVENTS}/add/", event_form(ours, **{field: typed}))
    assert response.status_code == 302
    event = Event.objects.get(programme=ours)
    stored = event.activities.get().title if field.startswith("activities") else getattr(event, field)
    assert stored == typed
    for url in (f"{EVENTS}/edit/{event.pk}/", f"{EVENTS}/?q=" + quote(typed), "/admin/", "/admin/signups/"):
        shown_safely(client.get(url))
    listing = shown_safely(client.get(f"{EVENTS}/"))
    if field == "title":
        assert escape(typed) in listing
    client.logout()
    shown = shown_safely(client.get(f"/{'en/' if field == 'title_en' else ''}events/{event.pk}/"))
    if not field.startswith("activities"):
        assert escape(typed) in shown
    shown_safely(client.get("/events/"))


EVENT_REFUSALS = [
    ("title", TEN_THOUSAND),
    ("title", NULL_BYTE),
    ("place_name", NULL_BYTE),
    ("description", NULL_BYTE),
    ("activities-0-title", TEN_THOUSAND),
    ("activities-0-title", NULL_BYTE),
    ("reminder_schedule", SCRIPT),
    ("capacity", "1e5"),
    ("capacity", "-1"),
    ("starts_at", "31/02/2563"),
    ("map_url", ATTRIBUTE),
    ("eligible_groups", SCRIPT),
    ("eligible_groups", "9" * 30),
    ("eligible_groups", '["' + SCRIPT + '"]'),
    ("eligible_groups", '{"youth": 1}'),
    # Text that would not read on paper as typed (portal/thai/text.py).
    *[(field, typed) for field in ("title", "title_en", "place_name", "activities-0-title") for typed in STAFF_LIARS],
    ("description", "\u202eกำหนดการ"),
    ("title", LONE_MARKS[0]),
    ("title", LONE_MARKS[1]),
]


@pytest.mark.parametrize("field, typed", EVENT_REFUSALS)
def test_what_an_event_cannot_hold_is_refused_in_thai(client, coordinator, ours, field, typed):
    response = client.post(f"{EVENTS}/add/", event_form(ours, **{field: typed}))
    assert_refused_in_thai(response)
    assert not Event.objects.filter(programme=ours).exists()


@pytest.mark.parametrize("typed", [SCRIPT, TEN_THOUSAND, NULL_BYTE], ids=["script", "10000 chars", "null byte"])
def test_renaming_an_event_and_its_activity(client, coordinator, ours, typed):
    event = EventFactory(programme=ours, title="อบรมนวัตกรสังคม")
    activity = Activity.objects.create(
        event=event, title="บรรยาย", kind="lecture", starts_at=event.starts_at, ends_at=event.ends_at, order=1
    )
    data = event_form(
        ours,
        title=typed,
        activities=inline_formset(
            [
                {
                    "id": activity.pk,
                    "title": typed,
                    "title_en": "",
                    "kind": "lecture",
                    "order": "1",
                    "starts_at": "2030-01-10 09:00",
                    "ends_at": "2030-01-10 10:00",
                    "capacity": "",
                }
            ],
            initial=1,
        ),
    )
    response = client.post(f"{EVENTS}/edit/{event.pk}/", data)
    event.refresh_from_db()
    activity.refresh_from_db()
    if response.status_code == 302:
        assert (event.title, activity.title) == (typed, typed)
        assert escape(typed) in shown_safely(client.get(f"{EVENTS}/"))
    else:
        assert_refused_in_thai(response)
        assert (event.title, activity.title) == ("อบรมนวัตกรสังคม", "บรรยาย")


def test_another_programmes_event_cannot_be_renamed(client, coordinator, theirs):
    event = EventFactory(programme=theirs, title="งานของโครงการอื่น")
    response = client.post(f"{EVENTS}/edit/{event.pk}/", event_form(theirs, title=SCRIPT))
    assert response.status_code == 404
    assert_safe(response)
    event.refresh_from_db()
    assert event.title == "งานของโครงการอื่น"


def test_an_editor_cannot_create_an_event_whatever_is_typed(client, staff, ours):
    client.force_login(staff["editor"])
    response = client.post(f"{EVENTS}/add/", event_form(ours, title=SCRIPT), follow=True)
    assert_safe(response)
    assert response.redirect_chain[0][0] == "/admin/"
    assert not Event.objects.filter(programme=ours).exists()


PROGRAMME_TEXT = [
    ("name", SCRIPT),
    ("name", ATTRIBUTE),
    ("organisers", SCRIPT),
    ("organisers", "อบต.\r\nพม."),
    ("signatory_name", ATTRIBUTE),
    ("signatory_title", SCRIPT),
]


def programme_form(**changes):
    return {
        "name": "ตำบลสร้างเสริมสวัสดิการสังคม",
        "name_en": "",
        "organisers": "อบต.ด่านแม่ละเมา",
        "fiscal_year": "2563",
        "signatory_name": "",
        "signatory_title": "",
        **changes,
    }


@pytest.mark.parametrize("field, typed", PROGRAMME_TEXT)
def test_a_programmes_text_is_stored_as_typed_and_shown_escaped(client, coordinator, ours, field, typed):
    event = EventFactory(programme=ours, title="อบรมนวัตกรสังคม")
    response = client.post(f"/admin/programmes/edit/{ours.pk}/", programme_form(**{field: typed}))
    assert response.status_code == 302
    ours.refresh_from_db()
    assert getattr(ours, field) == typed
    for url in ("/admin/programmes/", f"/admin/programmes/edit/{ours.pk}/", f"{EVENTS}/", "/admin/signups/"):
        shown_safely(client.get(url))
    if field == "name":
        assert escape(typed) in shown_safely(client.get("/admin/programmes/"))
        assert escape(typed) in shown_safely(client.get(f"/events/{event.pk}/"))


PROGRAMME_REFUSALS = [
    ("name", TEN_THOUSAND),
    ("name", NULL_BYTE),
    ("name_en", NULL_BYTE),
    ("organisers", NULL_BYTE),
    ("signatory_name", TEN_THOUSAND),
    ("fiscal_year", "9" * 30),
    ("fiscal_year", SCRIPT),
    ("name", LONE_MARKS[1]),
    ("organisers", "\u202eอบต."),
    *[(field, typed) for field in ("name", "signatory_name", "signatory_title") for typed in STAFF_LIARS],
]


@pytest.mark.parametrize("field, typed", PROGRAMME_REFUSALS)
def test_what_a_programme_cannot_hold_is_refused_in_thai(client, coordinator, ours, field, typed):
    response = client.post(f"/admin/programmes/edit/{ours.pk}/", programme_form(**{field: typed}))
    assert_refused_in_thai(response)
    assert Programme.objects.get(pk=ours.pk).name == "ตำบลสร้างเสริมสวัสดิการสังคม"
