"""The coordinator's dashboard panel, the volunteers' listing, and events with their activities
edited in one form."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.accounts.models import VolunteerGroup
from portal.events import services
from portal.events.models import Event
from tests.factories import WITHIN_THE_HOUR, EventFactory

pytestmark = pytest.mark.django_db


def panel(html):
    return html[html.index('id="upcoming-events-section"') :]


def row_of(html, title):
    row = re.search(rf"<tr>\s*<td class=\"title\"[^>]*>\s*<a[^>]*>{title}</a>.*?</tr>", html, re.DOTALL)
    assert row, f"no row for {title}"
    return [re.sub(r"\s+", " ", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.DOTALL)]


def test_dashboard_shows_seats_waitlist_check_in_and_target_groups(client, staff, ours, theirs, make_signup):
    coordinator = staff["coordinator"]
    event = EventFactory(programme=ours, title="อบรมนวัตกร", capacity=3, days_ahead=WITHIN_THE_HOUR)
    for name, group in [
        ("a", VolunteerGroup.CHILD),
        ("b", VolunteerGroup.OPM),
        ("c", VolunteerGroup.OPM),
        ("d", VolunteerGroup.YOUTH),
    ]:
        make_signup(event, name, group)
    services.check_in(event.signups.get(user__username="a"), by=coordinator)
    EventFactory(programme=ours, title="งานที่ผ่านไปแล้ว", days_ahead=-10)
    EventFactory(programme=theirs, title="งานของโครงการอื่น")

    client.force_login(coordinator)
    html = panel(client.get("/admin/").content.decode())
    assert "งานที่ผ่านไปแล้ว" not in html and "งานของโครงการอื่น" not in html
    # Confirmed / seats, waitlist, pending, checked in, said on LINE they will come, then child, youth, OPM,
    # partner, public.
    cells = row_of(html, "อบรมนวัตกร")
    assert cells[1:4] == ["3 / 3", "1", "0"]
    assert cells[4].startswith("1 / 3")
    assert cells[5] == "0"
    assert cells[6:] == ["1", "0", "2", "0", "0"]


@pytest.mark.parametrize("role", ["editor", "approver"])
def test_editors_and_approvers_have_no_dashboard_panel_and_no_personal_data_menus(client, staff, role):
    client.force_login(staff[role])
    html = client.get("/admin/").content.decode()
    assert 'id="upcoming-events-section"' not in html
    for url in ("/admin/signups/", "/admin/volunteers/"):
        assert url not in html


def test_dashboard_queries_do_not_grow_with_events(client, staff, ours, make_signup):
    client.force_login(staff["coordinator"])

    def queries_with(count):
        for number in range(count):
            make_signup(EventFactory(programme=ours, title=f"งาน {count}-{number}"), f"v{count}x{number}")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/admin/").status_code == 200
        return len(queries)

    assert queries_with(1) == queries_with(5)


def test_volunteers_search_and_filters(client, staff, ours, theirs, make_signup):
    event = EventFactory(programme=ours, title="อบรมนวัตกร")
    today = timezone.localdate()
    make_signup(
        event, "young", VolunteerGroup.CHILD, date_of_birth=today.replace(year=today.year - 30), phone="+66891112222"
    )
    make_signup(event, "elder", VolunteerGroup.OPM, date_of_birth=datetime.date(1950, 1, 1), province_code="50")
    make_signup(EventFactory(programme=theirs, title="ของโครงการอื่น"), "stranger")
    client.force_login(staff["coordinator"])

    def names(**params):
        response = client.get("/admin/volunteers/", params)
        assert response.status_code == 200
        return sorted(re.findall(r"สมชาย (\w+)", response.content.decode()))

    assert names() == ["elder", "young"]  # only people who signed up for this coordinator's programme
    assert names(q="089 111 2222") == ["young"]
    assert names(q="elder") == ["elder"]
    assert names(volunteer_group="opm") == ["elder"]
    assert names(province_code="50") == ["elder"]
    assert names(age_band="25_59") == ["young"]
    assert names(age_band="60_plus") == ["elder"]
    assert names(age_band="nonsense", province_code="<b>") == ["elder", "young"]


def test_volunteer_page_shows_personal_fields_to_the_coordinator(client, staff, ours, make_signup):
    signup = make_signup(EventFactory(programme=ours, title="อบรมนวัตกร"), "somsri", emergency_contact_name="นางมาลี ใจดี")
    client.force_login(staff["coordinator"])
    html = client.get(f"/admin/volunteers/inspect/{signup.user.profile.pk}/").content.decode()
    assert "นางมาลี ใจดี" in html and "081-234-5678" in html
    assert "1 พฤษภาคม พ.ศ. 2533" in html  # born 1 May 1990, shown in Buddhist Era


def test_sign_up_page_shows_the_person_and_the_times_in_buddhist_era(client, staff, ours, make_signup):
    signup = make_signup(EventFactory(programme=ours, title="อบรมนวัตกร"), "somsri")
    client.force_login(staff["coordinator"])
    html = client.get(f"/admin/signups/inspect/{signup.pk}/").content.decode()
    assert "สมชาย somsri" in html and "อบรมนวัตกร" in html
    assert f"{signup.created_at.year + 543} เวลา" in html


def test_coordinator_edits_an_event_with_its_activities_in_one_form(client, staff, ours, theirs):
    event = EventFactory(programme=ours, title="อบรมนวัตกร")
    client.force_login(staff["coordinator"])
    url = f"/admin/snippets/portal_events/event/edit/{event.pk}/"
    form = client.get(url).context["form"]
    assert list(form.fields["programme"].queryset) == [ours]  # not another programme's

    data = {name: field.value() for name, field in ((n, form[n]) for n in form.fields) if field.value() is not None}
    local = lambda value: timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at", "cancellation_deadline"):
        data[name] = local(getattr(event, name))
    data.pop("eligible_groups", None)  # no box ticked: the browser sends nothing
    data.update(
        {
            "activities-TOTAL_FORMS": "1",
            "activities-INITIAL_FORMS": "0",
            "activities-MIN_NUM_FORMS": "0",
            "activities-MAX_NUM_FORMS": "1000",
            "activities-0-title": "จิตอาสาพัฒนาวัด",
            "activities-0-kind": "temple_cleanup",
            "activities-0-order": "1",
            "activities-0-starts_at": local(event.starts_at),
            "activities-0-ends_at": local(event.ends_at),
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert [activity.title for activity in Event.objects.get(pk=event.pk).activities.all()] == ["จิตอาสาพัฒนาวัด"]

    data["programme"] = theirs.pk
    response = client.post(url, data)
    assert response.status_code == 200 and "programme" in response.context["form"].errors


def test_age_bands_turn_over_on_the_birthday(client, staff, make_volunteer):
    today = timezone.localdate()
    fifteen_today = make_volunteer("fifteentoday", born=today.replace(year=today.year - 15), consent=False)
    fifteen_tomorrow = make_volunteer(
        "fifteentomorrow", consent=False, born=today.replace(year=today.year - 15) + datetime.timedelta(days=1)
    )
    client.force_login(staff["admin"])  # admins see every volunteer, signed up or not

    def names(band):
        html = client.get("/admin/volunteers/", {"age_band": band}).content.decode()
        return {name for name in ("fifteentoday", "fifteentomorrow") if f"สมชาย {name}" in html}

    assert fifteen_today.profile.age() == 15 and fifteen_tomorrow.profile.age() == 14
    assert names("15_24") == {"fifteentoday"}
    assert names("under_15") == {"fifteentomorrow"}


def test_only_admins_choose_a_programmes_coordinators(client, staff, ours):
    url = f"/admin/programmes/edit/{ours.pk}/"
    client.force_login(staff["coordinator"])
    assert "coordinators" not in client.get(url).context["form"].fields
    client.force_login(staff["admin"])
    choices = client.get(url).context["form"].fields["coordinators"].queryset
    assert {staff["coordinator"], staff["other_coordinator"]} <= set(choices)
    assert not {staff["editor"], staff["volunteer"], staff["admin"]} & set(choices)  # Coordinators members only


def test_the_volunteers_listing_takes_the_same_queries_for_5_and_50_people(client, staff, make_volunteer):
    client.force_login(staff["admin"])

    def queries_with(count):
        for number in range(count):
            make_volunteer(f"q{count}x{number}", consent=False)
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/admin/volunteers/", {"q": f"q{count}x"}).content.decode()
        assert html.count(f"สมชาย q{count}x") == count
        return len(queries)

    assert queries_with(5) == queries_with(50)


def test_a_coordinator_lists_and_filters_only_their_own_events(client, staff, ours, theirs):
    EventFactory(programme=ours, title="งานของเรา")
    EventFactory(programme=theirs, title="งานของโครงการอื่น")
    client.force_login(staff["coordinator"])
    response = client.get("/admin/snippets/portal_events/event/")
    html = response.content.decode()
    assert "งานของเรา" in html and "งานของโครงการอื่น" not in html
    assert list(response.context["filters"].form.fields["programme"].queryset) == [ours]
    filtered = client.get("/admin/snippets/portal_events/event/", {"programme": theirs.pk}).content.decode()
    assert "งานของโครงการอื่น" not in filtered


def test_the_event_listing_gives_each_start_in_the_buddhist_era_on_bangkok_time(client, staff, ours):
    event = EventFactory(programme=ours, title="อบรมอาสาสมัคร")
    starts = datetime.datetime(2026, 12, 29, 1, 0, tzinfo=datetime.UTC)
    Event.objects.filter(pk=event.pk).update(starts_at=starts, ends_at=starts + datetime.timedelta(hours=8))
    client.force_login(staff["coordinator"])

    html = client.get("/admin/snippets/portal_events/event/").content.decode()

    assert "29 ธ.ค. 2569 เวลา 08:00 น." in html and "2026" not in html.split("<tbody")[1]
