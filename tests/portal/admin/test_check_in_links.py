"""Check-in where the coordinator already is (issue 16): a check-in button on each of their events in
the admin's events listing, on the dashboard panel, on the sign-ups listing once filtered to one event,
and on the public event page, for that event's coordinators only."""

import pytest

from portal.events import services
from tests.factories import WITHIN_THE_HOUR, EventFactory

pytestmark = pytest.mark.django_db


def _check_in_link(event):
    return f'href="/events/{event.pk}/check-in/"'


def test_the_events_listing_and_the_dashboard_lead_to_check_in(client, staff, ours, theirs):
    event = EventFactory(programme=ours, title="อบรมนวัตกร", days_ahead=WITHIN_THE_HOUR)
    cancelled = EventFactory(programme=ours, title="งานที่ยกเลิก")
    services.cancel_event(cancelled, by=staff["admin"])
    other = EventFactory(programme=theirs, title="งานของโครงการอื่น")
    client.force_login(staff["coordinator"])
    listing = client.get("/admin/snippets/portal_events/event/").content.decode()
    assert _check_in_link(event) in listing and 'aria-label="ลงชื่อเข้าร่วม: อบรมนวัตกร"' in listing
    assert _check_in_link(cancelled) not in listing and _check_in_link(other) not in listing
    dashboard = client.get("/admin/").content.decode()
    assert _check_in_link(event) in dashboard[dashboard.index('id="upcoming-events-section"') :]


def test_the_sign_ups_listing_leads_to_the_check_in_of_the_event_it_is_filtered_to(client, staff, ours, theirs):
    event = EventFactory(programme=ours, title="อบรมนวัตกร")
    other = EventFactory(programme=theirs, title="งานของโครงการอื่น")
    client.force_login(staff["coordinator"])
    listing = client.get("/admin/signups/", {"event": event.pk}).content.decode()
    assert f'href="/admin/signups/check-in/?event={event.pk}"' in listing
    assert client.get("/admin/signups/check-in/", {"event": event.pk})["Location"] == f"/events/{event.pk}/check-in/"
    for chosen in ("", str(other.pk), "x", "9" * 20):
        response = client.get("/admin/signups/check-in/", {"event": chosen}, follow=True)
        assert "เลือกกิจกรรมในตัวกรองก่อน" in response.content.decode()


def test_the_event_page_offers_check_in_to_its_coordinators_only(client, staff, ours):
    event = EventFactory(programme=ours, title="อบรมนวัตกร")
    for role, shown in [
        ("coordinator", True),
        ("admin", True),
        ("other_coordinator", False),
        ("editor", False),
        ("volunteer", False),
    ]:
        client.force_login(staff[role])
        assert (_check_in_link(event) in client.get(f"/events/{event.pk}/").content.decode()) is shown, role
    client.logout()
    assert _check_in_link(event) not in client.get(f"/events/{event.pk}/").content.decode()


def test_at_the_door_check_in_and_the_walk_in_desk_lead_to_each_other(client, staff, ours):
    event = EventFactory(programme=ours, title="อบรมนวัตกร", days_ahead=WITHIN_THE_HOUR)
    cancelled = EventFactory(programme=ours, title="งานที่ยกเลิก", days_ahead=WITHIN_THE_HOUR)
    services.cancel_event(cancelled, by=staff["admin"])
    client.force_login(staff["coordinator"])
    walk_in = f'href="/admin/events/{event.pk}/walk-in/"'
    assert walk_in in client.get(f"/events/{event.pk}/check-in/").content.decode()
    assert _check_in_link(event) in client.get(f"/admin/events/{event.pk}/walk-in/").content.decode()
    assert "walk-in/" not in client.get(f"/events/{cancelled.pk}/check-in/").content.decode(), "nobody joins it"
