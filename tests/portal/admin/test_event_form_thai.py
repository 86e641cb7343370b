"""The event form as a Thai coordinator fills it in: groups as checkboxes, the area as the profile's
lists (narrowed without JavaScript by the "update the lists" button), dates in the Buddhist Era for
the event and its activities, every error in Thai beside its field, and nothing typed lost."""

import datetime

import pytest
from django.utils import timezone

from portal.events.event_form import parse_datetime_be
from portal.events.models import Event

pytestmark = pytest.mark.django_db
ADD = "/admin/snippets/portal_events/event/add/"
BANGKOK = datetime.timezone(datetime.timedelta(hours=7))
ACTIVITIES = [
    ("บรรยายศาสตร์พระราชา", "lecture", "31/12/2569 09:00", "31/12/2569 12:00"),
    ("ฝึกคิดนวัตกรรมสังคม", "workshop", "31/12/2569 13:00", "31/12/2569 16:30"),
    ("เยี่ยมบ้านผู้ประสบปัญหาทางสังคม", "home_visit", "1/1/2570 08:30", "1/1/2570 12:00"),
    ("จิตอาสาพัฒนาวัด", "temple_cleanup", "๑/๑/๒๕๗๐ ๑๓.๐๐ น.", "1/1/70 16:00"),
]


@pytest.fixture
def coordinator(client, staff):
    client.force_login(staff["coordinator"])
    return staff["coordinator"]


def reference_training(programme, **changes):
    data = {
        "programme": programme.pk,
        "title": "อบรมเสริมพลังเครือข่ายนวัตกรสังคม",
        "place_name": "อบต.ด่านแม่ละเมา",
        "province_code": "63",
        "district_code": "6306",
        "subdistrict_code": "630609",
        "starts_at": "31/12/2569 08:30",
        "ends_at": "1/1/2570 16:30",
        "registration_opens_at": "1/12/2569 08:00",
        "registration_closes_at": "30/12/2569 17:00",
        "cancellation_deadline": "29/12/2569 17:00",
        "reminder_schedule": "3d, 1d, 07:00",
        "capacity": "70",
        "eligible_groups": ["child", "youth", "opm", "partner"],
        "status": "published",
        "activities-TOTAL_FORMS": str(len(ACTIVITIES)),
        "activities-INITIAL_FORMS": "0",
        "activities-MIN_NUM_FORMS": "0",
        "activities-MAX_NUM_FORMS": "1000",
    }
    for number, (title, kind, starts, ends) in enumerate(ACTIVITIES):
        data.update(
            {
                f"activities-{number}-title": title,
                f"activities-{number}-kind": kind,
                f"activities-{number}-starts_at": starts,
                f"activities-{number}-ends_at": ends,
                f"activities-{number}-order": str(number + 1),
                f"activities-{number}-ORDER": str(number + 1),
            }
        )
    data.update(changes)
    return data


def test_thai_dates_and_times_are_read_as_people_type_them():
    assert parse_datetime_be("31/12/2569 08:30") == datetime.datetime(2026, 12, 31, 8, 30, tzinfo=BANGKOK)
    assert parse_datetime_be("๑/๑/๒๕๗๐ ๑๓.๐๐ น.") == datetime.datetime(2027, 1, 1, 13, 0, tzinfo=BANGKOK)
    assert parse_datetime_be("1/1/70 8.05") == datetime.datetime(2027, 1, 1, 8, 5, tzinfo=BANGKOK)
    for wrong in ("31/12/2569", "31/12/2569 25:00", "32/12/2569 08:00", "พรุ่งนี้ 9 โมง", ""):
        with pytest.raises(ValueError):
            parse_datetime_be(wrong)


def test_the_form_shows_checkboxes_area_lists_and_buddhist_era_dates(client, coordinator, ours):
    page = client.get(ADD).content.decode()
    assert 'type="checkbox" name="eligible_groups" value="opm"' in page
    assert '<select name="province_code"' in page and "ตาก" in page
    assert 'name="refresh_address"' in page and "31/12/2569 08:30" in page  # the placeholder


def test_creating_the_reference_training_in_thai(client, coordinator, ours):
    response = client.post(ADD, reference_training(ours))
    assert response.status_code == 302, response.context["form"].errors
    event = Event.objects.get(title="อบรมเสริมพลังเครือข่ายนวัตกรสังคม")
    assert event.capacity == 70 and event.eligible_groups == ["child", "youth", "opm", "partner"]
    assert timezone.localtime(event.starts_at) == datetime.datetime(2026, 12, 31, 8, 30, tzinfo=BANGKOK)
    assert event.area_display.startswith("ตำบลด่านแม่ละเมา") or "แม่สอด" in event.area_display
    activities = list(event.activities.order_by("order"))
    assert [activity.kind for activity in activities] == ["lecture", "workshop", "home_visit", "temple_cleanup"]
    assert timezone.localtime(activities[3].starts_at) == datetime.datetime(2027, 1, 1, 13, 0, tzinfo=BANGKOK)
    edit = client.get(f"/admin/snippets/portal_events/event/edit/{event.pk}/").content.decode()
    assert 'value="31/12/2569 08:30"' in edit and 'value="01/01/2570 13:00"' in edit, "shown back in B.E."
    assert (
        'value="opm" checked' in edit.replace('checked value="opm"', 'value="opm" checked')
        or 'name="eligible_groups" value="opm"' in edit
    )


def test_errors_in_thai_beside_their_fields_and_nothing_lost(client, coordinator, ours):
    data = reference_training(
        ours, starts_at="31/13/2569 08:30", capacity="เจ็ดสิบ", district_code="5001", **{"activities-1-ends_at": "บ่ายสาม"}
    )
    response = client.post(ADD, data)
    assert response.status_code == 200 and not Event.objects.filter(title="อบรมเสริมพลังเครือข่ายนวัตกรสังคม").exists()
    form = response.context["form"]
    assert "วัน/เดือน/ปี พ.ศ." in form.errors["starts_at"][0]
    assert "capacity" in form.errors
    activity_errors = form.formsets["activities"].forms[1].errors
    assert "วัน/เดือน/ปี พ.ศ." in activity_errors["ends_at"][0]
    html = response.content.decode()
    for typed in ("31/13/2569 08:30", "เจ็ดสิบ", "บ่ายสาม", "จิตอาสาพัฒนาวัด"):
        assert typed in html, f"{typed} is shown back"


def test_the_area_lists_narrow_without_javascript(client, coordinator, ours):
    data = reference_training(ours, province_code="50", district_code="", subdistrict_code="", refresh_address="1")
    response = client.post(ADD, data)
    assert response.status_code == 200 and not Event.objects.filter(title="อบรมเสริมพลังเครือข่ายนวัตกรสังคม").exists(), (
        "refreshing the lists saves nothing"
    )
    form = response.context["form"]
    assert not form.errors
    districts = dict(form.fields["district_code"].choices)
    assert "5001" in districts and "6306" not in districts, "the districts of Chiang Mai only"
    assert "อบรมเสริมพลังเครือข่ายนวัตกรสังคม" in response.content.decode()
    mixed = client.post(ADD, reference_training(ours, province_code="50"))
    assert mixed.status_code == 200 and "ไม่ได้อยู่ในจังหวัด" in mixed.context["form"].errors["district_code"][0]
